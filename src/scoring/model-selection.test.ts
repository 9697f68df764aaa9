import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { pickModel, sameSegment } from './model-selection.js';
import type { Condition, Profile } from './scoring-model.js';

const emea: Condition = { attribute: 'company.region', operator: 'equals', value: 'EMEA' };
const software: Condition = {
  attribute: 'company.industry',
  operator: 'equals',
  value: 'Software',
};

function profile(company: Record<string, unknown> | null): Profile {
  return { person: { email: 'x@example.com' }, company, stage: 'lead' };
}

const fallback = { name: 'default', segment: null, priority: 100 };
const emeaModel = { name: 'emea', segment: emea, priority: 10 };
const softwareModel = { name: 'software', segment: software, priority: 20 };

describe('pickModel', () => {
  it('takes the segment model whose condition holds, else the default', () => {
    const models = [fallback, emeaModel, softwareModel];

    expect(pickModel(models, profile({ region: 'EMEA' }))?.name).toBe('emea');
    expect(pickModel(models, profile({ region: 'AMER', industry: 'Software' }))?.name).toBe(
      'software',
    );
    expect(pickModel(models, profile({ region: 'AMER' }))?.name).toBe('default');
    expect(pickModel(models, profile(null))?.name).toBe('default');
  });

  it('lets the lower priority number win when several segments hold', () => {
    const both = profile({ region: 'EMEA', industry: 'Software' });

    expect(pickModel([softwareModel, emeaModel], both)?.name).toBe('emea');
    expect(pickModel([{ ...softwareModel, priority: 5 }, emeaModel], both)?.name).toBe('software');
  });

  it('prefers a matching segment over the default even when the default has a higher priority', () => {
    expect(
      pickModel([{ ...fallback, priority: 1 }, emeaModel], profile({ region: 'EMEA' }))?.name,
    ).toBe('emea');
  });

  it('keeps the given order among equal priorities', () => {
    const a = { name: 'a', segment: emea, priority: 10 };
    const b = { name: 'b', segment: emea, priority: 10 };

    expect(pickModel([a, b], profile({ region: 'EMEA' }))?.name).toBe('a');
    expect(pickModel([b, a], profile({ region: 'EMEA' }))?.name).toBe('b');
  });

  it('answers undefined when no segment holds and there is no default', () => {
    expect(pickModel([emeaModel], profile({ region: 'APAC' }))).toBeUndefined();
    expect(pickModel([], profile(null))).toBeUndefined();
  });

  it('always answers a model of the list whose segment holds or is null', () => {
    const region = fc.constantFrom('EMEA', 'AMER', 'APAC', undefined);
    const model = fc.record({
      segment: fc.option(fc.constantFrom(emea, software), { nil: null }),
      priority: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(model, { maxLength: 6 }), region, (models, r) => {
        const p = profile({ region: r, industry: 'Software' });
        const picked = pickModel(models, p);
        if (!picked) {
          expect(models.every((m) => m.segment !== null && m.segment !== software)).toBe(true);

          return;
        }
        expect(models).toContain(picked);
        const matching = models.filter(
          (m) => m.segment !== null && (m.segment === software || r === 'EMEA'),
        );
        if (matching.length > 0)
          expect(picked.priority).toBe(Math.min(...matching.map((m) => m.priority)));
      }),
    );
  });
});

describe('sameSegment', () => {
  it('compares conditions by content, not key order', () => {
    expect(sameSegment(null, null)).toBe(true);
    expect(
      sameSegment(emea, { value: 'EMEA', operator: 'equals', attribute: 'company.region' }),
    ).toBe(true);
    expect(sameSegment(emea, software)).toBe(false);
    expect(sameSegment(emea, null)).toBe(false);
  });
});
