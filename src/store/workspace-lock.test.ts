import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { workspaceLockKey } from './workspace-lock.js';

describe('workspaceLockKey', () => {
  it('is the same for the same workspace and a signed 64-bit integer', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (id) => {
        const key = workspaceLockKey(id);

        expect(workspaceLockKey(id)).toBe(key);
        expect(BigInt.asIntN(64, key)).toBe(key);
      }),
    );
  });

  it('differs between workspaces', () => {
    const keys = new Set(Array.from({ length: 1000 }, (_, i) => workspaceLockKey(`wsp_${i}`)));

    expect(keys.size).toBe(1000);
  });
});
