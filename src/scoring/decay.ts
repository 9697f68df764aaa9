import type { Decay } from './scoring-model.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The share of its points an occurrence keeps after `ageMs`: 1 when fresh, falling with a
 * half-life or linearly to 0. Events from the future (clock skew) count as fresh.
 */
export function decayFactor(decay: Decay, ageMs: number): number {
  const ageDays = Math.max(0, ageMs) / DAY_MS;

  switch (decay.kind) {
    case 'none':
      return 1;
    case 'half_life':
      return Math.pow(0.5, ageDays / decay.days);
    case 'linear':
      return Math.max(0, 1 - ageDays / decay.days);
    default: {
      const never: never = decay;
      throw new Error(`Unknown decay ${JSON.stringify(never)}`);
    }
  }
}
