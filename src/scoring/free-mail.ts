import { createRequire } from 'node:module';

// The `email-providers` package keeps the list of free-mail providers (about 8,700
// domains); a hand-kept list here would go stale.
const require = createRequire(import.meta.url);
const domains = new Set<string>(require('email-providers/all.json') as string[]);

/** True for gmail.com, outlook.com, web.de and the like; false for a company's own domain. */
export function isFreeMailDomain(domain: string): boolean {
  return domains.has(domain.trim().toLowerCase());
}
