import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { holds } from './conditions.js';
import {
  narrowProfileOfRow,
  profileFieldsOf,
  profileOfRow,
  type ProfileRow,
} from './person-chunks.repository.js';
import type { Condition } from './scoring-model.js';

const text = fc.option(fc.constantFrom('VP Sales', 'Software', 'a@gmail.com', '', ' x '), {
  nil: null,
});
const traits = fc
  .dictionary(fc.constantFrom('plan', 'tier', 'seats'), fc.oneof(text, fc.integer()), {
    maxKeys: 2,
  })
  .map((t) => JSON.stringify(t));

const rowArb: fc.Arbitrary<ProfileRow> = fc.record({
  id: fc.constant('per_1'),
  email: text,
  user_id: text,
  first_name: text,
  last_name: text,
  title: text,
  phone: text,
  source: text,
  traits,
  lifecycle_stage: fc.constantFrom('lead', 'mql'),
  created_at: fc.constant('2026-01-01T00:00:00.000Z'),
  updated_at: fc.constant('2026-01-02T00:00:00.000Z'),
  company_id: fc.option(fc.constant('com_1'), { nil: null }),
  company_name: text,
  domain: text,
  industry: text,
  employees: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: null }),
  annual_revenue: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: null }),
  region: text,
  country: text,
  company_traits: fc.option(traits, { nil: null }),
});

const attributeArb = fc.constantFrom(
  'person',
  'person.email',
  'person.title',
  'person.userId',
  'person.createdAt',
  'person.traits',
  'person.traits.plan',
  'person.constructor',
  'person.nothing',
  'company',
  'company.industry',
  'company.employees',
  'company.annualRevenue',
  'company.traits.tier',
  'stage',
  'other',
);
const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    attribute: attributeArb,
    operator: fc.constant('equals' as const),
    value: fc.constantFrom('VP Sales', 'Software', 'lead', 3),
  }),
  fc.record({
    attribute: attributeArb,
    operator: fc.constantFrom('exists' as const, 'missing' as const, 'free_mail' as const),
  }),
  fc.record({
    attribute: attributeArb,
    operator: fc.constant('range' as const),
    min: fc.constant(10),
  }),
);

describe('narrow profiles', () => {
  it('judge every condition they were read for as the whole profile does', () => {
    fc.assert(
      fc.property(
        rowArb,
        fc.array(conditionArb, { minLength: 1, maxLength: 5 }),
        (row, conditions) => {
          const narrow = narrowProfileOfRow(row, profileFieldsOf(conditions));
          const whole = profileOfRow(row);
          for (const condition of conditions)
            expect(holds(condition, narrow), JSON.stringify(condition)).toBe(
              holds(condition, whole),
            );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
