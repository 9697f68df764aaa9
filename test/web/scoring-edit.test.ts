import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../../src/web/api/api-error.js';
import { validateDefinition } from '../../src/scoring/model-validation.js';
import { CONDITION_OPERATORS, GRADES, type Grade } from '../../src/scoring/scoring-model.js';
import { STARTER_MODEL } from '../../src/scoring/starter-model.js';
import {
  chartRows,
  defaultPeriod,
  difference,
  periodIssue,
} from '../../src/web/scoring/backtest-view.js';
import {
  describeSimple,
  fromSimple,
  parseCriterionJson,
  toSimple,
  type SimpleCriteria,
} from '../../src/web/scoring/criteria-form.js';
import {
  addEngagementRule,
  addFitRule,
  operatorShape,
  parseList,
  parseScalar,
  removeEngagementRule,
  removeFitRule,
  ruleIdFor,
  sameDefinition,
  toRequestBody,
  withBound,
  withCap,
  withMatch,
  withOperator,
  type Definition,
} from '../../src/web/scoring/definition-edit.js';
import { tabOfField } from '../../src/web/scoring/editor-tabs.js';
import {
  editorPaths,
  inlineMessage,
  isWithin,
  messageAt,
  placeField,
} from '../../src/web/scoring/field-paths.js';

const grades = fc.subarray([...GRADES]);
const threshold = fc.option(fc.integer({ min: -50, max: 100 }), { nil: null });
const stages = fc.subarray(['lead', 'mql', 'sal', 'sql']);
const simple: fc.Arbitrary<SimpleCriteria> = fc
  .record({ grades, minEngagement: threshold, minFit: threshold, stages })
  .filter(
    (s) => s.grades.length + s.stages.length > 0 || s.minEngagement !== null || s.minFit !== null,
  );

/** Where the validator's error about an edit lands in the editor. */
function placedError(definition: unknown): string | undefined {
  try {
    validateDefinition(definition);
  } catch (error) {
    const field = (error as { field: string }).field;

    return placeField(field, editorPaths(definition as Definition));
  }

  return 'valid';
}

describe('criteria as a form', () => {
  it('reads the starter model’s MQL and SQL criteria as forms', () => {
    expect(toSimple(STARTER_MODEL.mql)).toEqual({
      grades: ['A', 'B'],
      minEngagement: 60,
      minFit: null,
      stages: [],
    });
    expect(describeSimple(toSimple(STARTER_MODEL.sql)!)).toBe(
      'stage sal and grade A or B and engagement ≥ 80',
    );
    expect(fromSimple(toSimple(STARTER_MODEL.sql)!)).toEqual(STARTER_MODEL.sql);
  });

  it('writes what it reads, for any form', () => {
    fc.assert(
      fc.property(simple, (form) => {
        const criterion = fromSimple(form);
        const back = toSimple(criterion)!;

        expect(back.minEngagement).toBe(form.minEngagement);
        expect(back.minFit).toBe(form.minFit);
        expect([...back.stages]).toEqual([...form.stages]);
        expect([...back.grades].sort()).toEqual([...form.grades].sort());
        expect(fromSimple(back)).toEqual(criterion);
      }),
    );
  });

  it('leaves anything else to the JSON view', () => {
    const grade = { grade: ['A'] as Grade[] };
    expect(toSimple({ any: [grade] })).toBeUndefined();
    expect(toSimple({ not: grade })).toBeUndefined();
    expect(toSimple({ all: [grade, grade] })).toBeUndefined();
    expect(toSimple({ all: [{ score: 'engagement', op: 'gt', value: 3 }] })).toBeUndefined();
    expect(
      toSimple({ all: [{ condition: { attribute: 'person.title', operator: 'exists' } }] }),
    ).toBeUndefined();
    expect(toSimple(grade)).toEqual({
      grades: ['A'],
      minEngagement: null,
      minFit: null,
      stages: [],
    });
  });

  it('checks typed JSON only as far as JSON and an object go', () => {
    expect(parseCriterionJson('{"grade": ["A"]}')).toEqual({
      ok: true,
      criterion: { grade: ['A'] },
    });
    expect(parseCriterionJson('{"grade": [')).toMatchObject({ ok: false });
    expect(parseCriterionJson('[1]')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/object/),
    });
  });
});

describe('editing a definition', () => {
  const edits = fc.array(
    fc.constantFrom('addFit', 'addEngagement', 'removeFit', 'removeEngagement'),
    {
      maxLength: 30,
    },
  );

  it('keeps rule ids unique and the model valid through any adds and removes', () => {
    fc.assert(
      fc.property(edits, fc.nat(), (steps, seed) => {
        let model: Definition = STARTER_MODEL;
        steps.forEach((step, i) => {
          if (step === 'addFit') model = addFitRule(model);
          if (step === 'addEngagement') model = addEngagementRule(model);
          if (step === 'removeFit' && model.fitRules.length > 0) {
            model = removeFitRule(model, (seed + i) % model.fitRules.length);
          }
          if (step === 'removeEngagement' && model.engagementRules.length > 0) {
            model = removeEngagementRule(model, (seed + i) % model.engagementRules.length);
          }
        });

        expect(() => validateDefinition(toRequestBody(model))).not.toThrow();
      }),
    );
  });

  it('makes rule ids from labels, unique among the taken ones', () => {
    expect(ruleIdFor('Pricing page', [])).toBe('pricing-page');
    expect(ruleIdFor('Pricing page', ['pricing-page', 'pricing-page-2'])).toBe('pricing-page-3');
    expect(ruleIdFor('!!!', [])).toBe('rule');
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ maxLength: 10 })), (label, taken) => {
        const id = ruleIdFor(label, taken);

        expect(taken).not.toContain(id);
        expect(id).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
      }),
    );
  });

  it('reshapes a condition for any operator and keeps what still fits', () => {
    const industry = STARTER_MODEL.fitRules[0]!.condition;
    for (const from of CONDITION_OPERATORS) {
      for (const to of CONDITION_OPERATORS) {
        const changed = withOperator(withOperator(industry, from), to);

        expect(changed.operator).toBe(to);
        expect(changed.attribute).toBe(industry.attribute);
        if (operatorShape(to) === 'none')
          expect(Object.keys(changed)).toEqual(['attribute', 'operator']);
      }
    }
    expect(withOperator(industry, 'contains')).toMatchObject({
      value: 'Software, Technology, Financial Services, Finance',
    });
    expect(
      withOperator({ attribute: 'x', operator: 'contains', value: 'a, 2' }, 'one_of'),
    ).toMatchObject({
      value: ['a', 2],
    });
  });

  it('reads typed values as the types conditions compare', () => {
    expect(parseScalar('42')).toBe(42);
    expect(parseScalar('true')).toBe(true);
    expect(parseScalar('Software')).toBe('Software');
    expect(parseList(' a, , 3 ,b ')).toEqual(['a', 3, 'b']);
    const range = { attribute: 'company.employees', operator: 'range' as const, min: 1, max: 9 };
    expect(withBound(range, 'min', NaN)).toEqual({
      attribute: 'company.employees',
      operator: 'range',
      max: 9,
    });
    expect(withBound(range, 'max', 50)).toMatchObject({ min: 1, max: 50 });
  });

  it('sets and clears matcher keys and caps', () => {
    const rule = STARTER_MODEL.engagementRules[3]!;
    expect(withMatch(rule.match, 'path', '')).toEqual({ type: 'page' });
    expect(withMatch(rule.match, 'name', ' Pricing ')).toMatchObject({ name: 'Pricing' });
    expect(withCap(rule, undefined)).not.toHaveProperty('cap');
    expect(withCap(rule, { max: 1, windowDays: 7 }).cap).toEqual({ max: 1, windowDays: 7 });
  });

  it('sends a cleared number as null, so that the API names it', () => {
    const cleared = addFitRule(STARTER_MODEL);
    const rules = cleared.fitRules.map((r, i) => (i === 0 ? { ...r, points: NaN } : r));
    const body = toRequestBody({ ...cleared, fitRules: rules }) as {
      fitRules: Array<{ points: unknown }>;
    };

    expect(body.fitRules[0]!.points).toBeNull();
    expect(sameDefinition({ ...cleared, fitRules: rules }, cleared)).toBe(false);
    expect(sameDefinition(structuredClone(STARTER_MODEL), STARTER_MODEL)).toBe(true);
  });
});

describe('API errors in the editor', () => {
  it('knows which paths lie within which', () => {
    expect(isWithin('engagementRules[3].cap.windowDays', 'engagementRules[3].cap')).toBe(true);
    expect(isWithin('engagementRules[3].cap', 'engagementRules[3]')).toBe(true);
    expect(isWithin('engagementRules[31]', 'engagementRules[3]')).toBe(false);
    expect(isWithin('mqlx', 'mql')).toBe(false);
  });

  type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- breaks the model on purpose

  /** One broken part of the starter model, and the input that must show the error. */
  const breakages: Array<[string, (m: Loose) => void, string]> = [
    [
      'cap window 0',
      (m) => (m.engagementRules[3].cap.windowDays = 0),
      'engagementRules[3].cap.windowDays',
    ],
    ['cap max 0', (m) => (m.engagementRules[2].cap.max = 0), 'engagementRules[2].cap.max'],
    ['cleared points', (m) => (m.fitRules[4].points = null), 'fitRules[4].points'],
    ['huge points', (m) => (m.engagementRules[0].points = 5000), 'engagementRules[0].points'],
    ['empty label', (m) => (m.fitRules[1].label = ''), 'fitRules[1].label'],
    ['bad attribute', (m) => (m.fitRules[2].condition.attribute = 'a..b'), 'fitRules[2].condition'],
    [
      'empty range',
      (m) => (m.fitRules[5].condition = { attribute: 'x', operator: 'range' }),
      'fitRules[5].condition',
    ],
    ['bands out of order', (m) => (m.gradeBands.B = 99), 'gradeBands'],
    [
      'cap on a penalty',
      (m) => (m.engagementRules[6].cap = { max: 1, windowDays: 1 }),
      'engagementRules[6].cap',
    ],
    ['decay of 0 days', (m) => (m.decay.days = 0), 'decay'],
    ['zero engagement cap', (m) => (m.engagementCap = 0), 'engagementCap'],
    ['impossible MQL', (m) => (m.mql.all[1].value = 500), 'mql'],
    ['duplicate id', (m) => (m.fitRules[3].id = m.fitRules[2].id), 'fitRules[3]'],
    ['unknown field', (m) => (m.sql.all[0].weight = 1), 'sql'],
  ];

  it.each(breakages)('shows %s at its input', (_name, breakIt, expected) => {
    const model = structuredClone(STARTER_MODEL);
    breakIt(model);

    expect(placedError(model)).toBe(expected);
  });

  it('places every error about a rule number somewhere visible', () => {
    const numbers = fc.oneof(
      fc.constant(null),
      fc.constant(0),
      fc.integer({ min: -5000, max: 5000 }),
      fc.double(),
    );
    fc.assert(
      fc.property(
        fc.nat(6),
        fc.constantFrom('points', 'max', 'windowDays'),
        numbers,
        (i, key, value) => {
          const model = structuredClone(STARTER_MODEL) as Loose;
          const rule = model.engagementRules[i];
          if (key === 'points') rule.points = value;
          else rule.cap = { ...(rule.cap ?? { max: 1, windowDays: 1 }), [key]: value };

          expect(placedError(model)).toBeDefined();
        },
      ),
    );
  });

  it('drops the field name the message starts with, since the input shows where', () => {
    expect(inlineMessage('a[1].b', 'a[1].b: Expected number to be greater than 0.')).toBe(
      'Expected number to be greater than 0.',
    );
    expect(inlineMessage('gradeBands', 'Grade bands must fall.')).toBe('Grade bands must fall.');
    const error = new ApiError(400, 'invalid_definition', 'x', 'mql.all[0]');
    expect(messageAt(error, 'mql')).toBeUndefined();
    expect(messageAt(error, 'mql', true)).toBe('x');
  });

  it('opens the tab that holds the field', () => {
    expect(tabOfField('fitRules[0].points')).toBe('fit');
    expect(tabOfField('gradeBands')).toBe('fit');
    expect(tabOfField('decay.days')).toBe('engagement');
    expect(tabOfField('sql.all[0]')).toBe('criteria');
    expect(tabOfField('id')).toBeUndefined();
  });
});

describe('backtest view', () => {
  it('defaults to the last 90 days and checks the period', () => {
    expect(defaultPeriod(Date.parse('2026-12-03T17:00:00Z'))).toEqual({
      from: '2026-09-04',
      to: '2026-12-03',
    });
    expect(periodIssue('2026-01-02', '2026-01-01')).toEqual({
      field: 'from',
      message: 'Starts after the end.',
    });
    expect(periodIssue('', '2026-01-01')?.field).toBe('from');
    expect(periodIssue('2026-01-01', '2026-13-45')?.field).toBe('to');
    expect(periodIssue('2026-01-01', '2026-01-01')).toBeUndefined();
  });

  it('has a chart row a week and says the difference', () => {
    const figures = (mqls: number) => ({ mqls, converted: 0, won: 0 });
    const rows = chartRows({
      weeks: [{ weekStart: '2026-03-02T00:00:00.000Z', draft: figures(3), published: figures(1) }],
    } as never);
    expect(rows).toEqual([
      {
        week: 'Mar 2',
        weekStart: '2026-03-02T00:00:00.000Z',
        draft: 3,
        published: 1,
        draftConverted: 0,
        publishedConverted: 0,
      },
    ]);
    const total = (mqls: number) => ({ ...figures(mqls), conversionRate: 0 });
    expect(difference(total(12), total(8))).toBe('+4 MQLs (+50%)');
    expect(difference(total(2), total(0))).toBe('+2 MQLs');
    expect(difference(total(3), total(4))).toBe('-1 MQLs (-25%)');
  });
});
