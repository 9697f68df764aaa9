import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createRandom } from './random.js';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);

      return Array.from({ length: 20 }, () => random.next());
    };

    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays within its ranges for any seed', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(1000),
        (seed, min, span) => {
          const random = createRandom(seed);
          for (let i = 0; i < 50; i++) {
            const x = random.next();
            expect(x >= 0 && x < 1).toBe(true);
            const n = random.int(min, min + span);
            expect(Number.isInteger(n) && n >= min && n <= min + span).toBe(true);
          }
        },
      ),
    );
  });

  it('picks by weight, roughly in proportion, and never a zero-weight choice', () => {
    const random = createRandom(7);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        random.weighted([
          ['a', 3],
          ['b', 1],
          ['never', 0],
        ] as const)
      ]++;

    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });

  it('forks into independent but reproducible streams', () => {
    const a = createRandom(1).fork('people');
    const b = createRandom(1).fork('people');
    const c = createRandom(1).fork('events');

    expect(a.next()).toBe(b.next());
    expect(createRandom(1).fork('people').next()).not.toBe(c.next());
  });
});
