import { hashToken } from '../auth/secrets.js';
import type { ApiKeyId } from '../shared/ids.js';
import type { VerifiedKey } from './api-key.service.js';

/**
 * Recently verified API keys, so that a busy client does not cost a store lookup per request.
 * Only successful verifications are kept, keyed by the hash of the whole token (a right prefix
 * with a wrong secret never matches). A revocation in this process forgets the key at once;
 * one made elsewhere (the CLI, another node) takes effect within `VERIFIED_KEY_TTL_MS`.
 */
export const VERIFIED_KEY_TTL_MS = 1_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  /** The store the key was verified against: one process may serve several (the tests do). */
  readonly store: object;
  readonly key: VerifiedKey;
  readonly expiresAt: number;
}

const entries = new Map<string, Entry>();

/** The key `token` was verified as within the last TTL, against this `store`. */
export function recallVerifiedKey(
  store: object,
  token: string,
  now = Date.now(),
): VerifiedKey | undefined {
  const hash = hashToken(token);
  const entry = entries.get(hash);
  if (!entry) return undefined;

  if (entry.store !== store || entry.expiresAt <= now) {
    entries.delete(hash);

    return undefined;
  }

  return entry.key;
}

export function rememberVerifiedKey(
  store: object,
  token: string,
  key: VerifiedKey,
  now = Date.now(),
): void {
  // The oldest entry goes first: a Map iterates in insertion order.
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next();
    if (!oldest.done) entries.delete(oldest.value);
  }

  entries.set(hashToken(token), { store, key, expiresAt: now + VERIFIED_KEY_TTL_MS });
}

/** Called when a key is revoked: the next request with it is verified against the store. */
export function forgetVerifiedKey(id: ApiKeyId | string): void {
  for (const [hash, entry] of entries) {
    if (entry.key.id === id) entries.delete(hash);
  }
}
