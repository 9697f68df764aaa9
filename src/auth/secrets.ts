import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import argon2 from 'argon2';

/** Argon2id with the library's defaults (64 MiB, t=3, p=4), as OWASP suggests. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A random token with 256 bits of entropy, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Tokens (API keys, session ids) are random with 256 bits of entropy, so a fast hash is
 * enough to make a stolen table useless; Argon2 is kept for low-entropy passwords.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);

  return left.length === right.length && timingSafeEqual(left, right);
}
