import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { judge, type Facts } from './criteria.js';
import { whyImpossible } from './model-validation.js';
import { GRADES, type Criterion, type Grade } from './scoring-model.js';
import { STARTER_MODEL } from './starter-model.js';

function facts(grade: Grade, engagement: number, stage = 'lead', fit = 20): Facts {
  return { grade, fit, engagement, profile: { person: {}, company: null, stage } };
}

describe('judge', () => {
  it('explains why a person is or is not an MQL', () => {
    expect(judge(STARTER_MODEL.mql, facts('B', 45))).toEqual({
      met: false,
      reasons: [
        { text: 'grade B is one of A, B', met: true },
        { text: 'engagement 45 ≥ 60', met: false },
      ],
    });
    expect(judge(STARTER_MODEL.mql, facts('A', 75)).met).toBe(true);
  });

  it('handles any, not and stage', () => {
    const criterion: Criterion = { any: [{ stage: ['sal'] }, { not: { grade: ['D'] } }] };

    expect(judge(criterion, facts('D', 0, 'lead')).met).toBe(false);
    expect(judge(criterion, facts('C', 0, 'lead')).met).toBe(true);
    expect(judge(criterion, facts('D', 0, 'sal')).met).toBe(true);
  });
});

const leafArb: fc.Arbitrary<Criterion> = fc.oneof(
  fc.subarray([...GRADES], { minLength: 1 }).map((grade): Criterion => ({ grade })),
  fc
    .record({
      score: fc.constantFrom('engagement' as const, 'fit' as const),
      op: fc.constantFrom(
        'gte' as const,
        'gt' as const,
        'lte' as const,
        'lt' as const,
        'eq' as const,
      ),
      value: fc.integer({ min: -20, max: 120 }),
    })
    .map((c): Criterion => c),
  fc.subarray(['lead', 'mql', 'sal'], { minLength: 1 }).map((stage): Criterion => ({ stage })),
);

const criterionArb: fc.Arbitrary<Criterion> = fc.letrec<{ node: Criterion }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((all): Criterion => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any): Criterion => ({ any })),
    tie('node').map((not): Criterion => ({ not })),
  ),
})).node;

const factsArb = fc
  .record({
    grade: fc.constantFrom(...GRADES),
    engagement: fc.integer({ min: 0, max: 100 }),
    fit: fc.integer({ min: -50, max: 100 }),
    stage: fc.constantFrom('lead', 'mql', 'sal'),
  })
  .map((f) => facts(f.grade, f.engagement, f.stage, f.fit));

describe('whyImpossible', () => {
  it('catches contradictions a person could never meet', () => {
    expect(
      whyImpossible(
        {
          all: [
            { score: 'engagement', op: 'gte', value: 80 },
            { score: 'engagement', op: 'lt', value: 50 },
          ],
        },
        100,
      ),
    ).toBeDefined();
    expect(whyImpossible({ score: 'engagement', op: 'gt', value: 100 }, 100)).toBeDefined();
    expect(whyImpossible({ all: [{ grade: ['A'] }, { grade: ['C', 'D'] }] }, 100)).toBeDefined();
    expect(
      whyImpossible(
        {
          any: [
            { score: 'engagement', op: 'lt', value: 0 },
            { score: 'fit', op: 'gte', value: 0 },
          ],
        },
        100,
      ),
    ).toBeUndefined();
    expect(whyImpossible(STARTER_MODEL.mql, 100)).toBeUndefined();
  });

  it('is sound: what it calls impossible is never met', () => {
    fc.assert(
      fc.property(
        criterionArb,
        fc.array(factsArb, { minLength: 20, maxLength: 20 }),
        (criterion, samples) => {
          if (!whyImpossible(criterion, 100)) return true;

          return samples.every((f) => !judge(criterion, f).met);
        },
      ),
      { numRuns: 500 },
    );
  });
});
