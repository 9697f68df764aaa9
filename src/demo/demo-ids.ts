import { randomBytes } from 'node:crypto';

import type { DemoIdKind } from './demo-data.js';

/**
 * Ids for the demo's bulk rows, in exactly the shape of `newId` (src/shared/ids.ts): prefix,
 * ten characters of time, a three-character counter and nine random ones. The randomness
 * comes from a pooled buffer, because a million separate `randomBytes` calls were a third of
 * the demo's run time.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const PREFIX: Readonly<Record<DemoIdKind, string>> = {
  team: 'tea',
  company: 'cmp',
  person: 'per',
  event: 'evt',
  activity: 'act',
  deal: 'del',
};
const POOL_BYTES = 64 * 1024;

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }

  return out;
}

export function demoIdSource(): (kind: DemoIdKind, at: number) => string {
  let pool = randomBytes(POOL_BYTES);
  let offset = 0;
  let counter = 0;

  const randomPart = (): string => {
    if (offset + 9 > POOL_BYTES) {
      pool = randomBytes(POOL_BYTES);
      offset = 0;
    }
    let out = '';
    for (let i = 0; i < 9; i++) out += ALPHABET[pool[offset++]! % 32];

    return out;
  };

  return (kind, at) => {
    // A rolling counter keeps ids of the same millisecond apart, as `newId` does.
    counter = (counter + 1) % 32768;

    return `${PREFIX[kind]}_${encodeTime(at)}${counter.toString(32).padStart(3, '0')}${randomPart()}`;
  };
}
