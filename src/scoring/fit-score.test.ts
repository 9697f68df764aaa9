import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { holds, readPath } from './conditions.js';
import { fitScore, gradeOf } from './fit-score.js';
import type { Condition, Profile } from './scoring-model.js';
import { STARTER_MODEL } from './starter-model.js';

function profile(
  person: Record<string, unknown>,
  company: Record<string, unknown> | null = null,
): Profile {
  return { person, company, stage: 'lead' };
}

describe('conditions', () => {
  it('reads nested paths and never throws on missing ones', () => {
    const root = { person: { traits: { plan: 'pro' } }, company: null };

    expect(readPath(root, 'person.traits.plan')).toBe('pro');
    expect(readPath(root, 'company.industry')).toBeUndefined();
    expect(readPath(root, 'person.traits.plan.deeper')).toBeUndefined();
  });

  it('applies every operator', () => {
    const root = profile(
      { email: 'ann@gmail.com', title: 'VP of Sales', phone: '' },
      { industry: 'software', employees: '120' },
    );
    const cases: [Condition, boolean][] = [
      [{ attribute: 'company.industry', operator: 'equals', value: 'Software' }, true],
      [{ attribute: 'company.industry', operator: 'one_of', value: ['Finance', 'SOFTWARE'] }, true],
      [{ attribute: 'person.title', operator: 'contains', value: 'vp' }, true],
      [{ attribute: 'company.employees', operator: 'range', min: 50, max: 200 }, true],
      [{ attribute: 'company.employees', operator: 'range', max: 100 }, false],
      [{ attribute: 'person.phone', operator: 'exists' }, false],
      [{ attribute: 'person.phone', operator: 'missing' }, true],
      [{ attribute: 'person.email', operator: 'free_mail' }, true],
      [{ attribute: 'person.title', operator: 'free_mail' }, false],
    ];

    for (const [condition, expected] of cases)
      expect(holds(condition, root), JSON.stringify(condition)).toBe(expected);
  });

  it('treats exists and missing as exact opposites', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const root = { person: { x: value } };

        return (
          holds({ attribute: 'person.x', operator: 'exists' }, root) !==
          holds({ attribute: 'person.x', operator: 'missing' }, root)
        );
      }),
    );
  });
});

describe('fitScore', () => {
  it('grades an ideal buyer A and explains each rule', () => {
    const result = fitScore(
      STARTER_MODEL,
      profile(
        { email: 'cto@acme.io', title: 'Chief Technology Officer', phone: '+49 30 1234' },
        { industry: 'Software', employees: 400 },
      ),
    );

    expect(result).toMatchObject({ points: 42, grade: 'A' });
    expect(result.contributions.map((c) => c.ruleId)).toEqual([
      'target-industry',
      'title-chief',
      'company-size',
      'has-phone',
    ]);
  });

  it('takes points away for a free-mail address', () => {
    const result = fitScore(STARTER_MODEL, profile({ email: 'someone@web.de' }));

    expect(result).toMatchObject({ points: -20, grade: 'D' });
    expect(result.contributions[0]?.because).toBe('person.email is a free-mail address');
  });

  it('grades monotonically: more points never mean a worse grade', () => {
    const order = { A: 0, B: 1, C: 2, D: 3 };
    fc.assert(
      fc.property(
        fc.integer({ min: -500, max: 500 }),
        fc.integer({ min: 0, max: 100 }),
        (points, more) => {
          return (
            order[gradeOf(points + more, STARTER_MODEL.gradeBands)] <=
            order[gradeOf(points, STARTER_MODEL.gradeBands)]
          );
        },
      ),
    );
  });
});
