import { DAY_MS } from './decay.js';
import type { Decay } from './scoring-model.js';

/**
 * The running sum of decayed points, updated one occurrence at a time in time order, so that
 * a replay over n events costs O(n) instead of re-adding every earlier occurrence each time.
 * Gives the same sums as adding `points × decayFactor(age)` one by one.
 */
export interface DecayAccumulator {
  add(at: number, points: number): void;
  valueAt(at: number): number;
}

function plain(): DecayAccumulator {
  let sum = 0;

  return { add: (_at, points) => void (sum += points), valueAt: () => sum };
}

// A sum of exponentials decays as one exponential: scale it to the new time, then add.
function halfLife(days: number): DecayAccumulator {
  const perMs = Math.log(2) / (days * DAY_MS);
  let sum = 0;
  let last = -Infinity;

  const scaleTo = (at: number) => {
    if (last !== -Infinity && at > last) sum *= Math.exp(-perMs * (at - last));
    last = Math.max(last, at);
  };

  return {
    add(at, points) {
      scaleTo(at);
      sum += points;
    },
    valueAt(at) {
      scaleTo(at);

      return sum;
    },
  };
}

// Linear decay: each live occurrence is worth p × (1 − (t − tᵢ)/D), so the live total is
// Σp × (1 − t/D) + Σ(p·tᵢ)/D; occurrences older than D drop out of both sums.
function linear(days: number): DecayAccumulator {
  const span = days * DAY_MS;
  const live: { at: number; points: number }[] = [];
  let head = 0;
  let sumP = 0;
  let sumPt = 0;

  const expire = (at: number) => {
    while (head < live.length && at - live[head]!.at >= span) {
      sumP -= live[head]!.points;
      sumPt -= live[head]!.points * live[head]!.at;
      head++;
    }
  };

  return {
    add(at, points) {
      live.push({ at, points });
      sumP += points;
      sumPt += points * at;
    },
    valueAt(at) {
      expire(at);

      return sumP * (1 - at / span) + sumPt / span;
    },
  };
}

export function decayAccumulator(decay: Decay): DecayAccumulator {
  switch (decay.kind) {
    case 'none':
      return plain();
    case 'half_life':
      return halfLife(decay.days);
    case 'linear':
      return linear(decay.days);
    default: {
      const never: never = decay;
      throw new Error(`Unknown decay ${JSON.stringify(never)}`);
    }
  }
}
