import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AppError } from '../shared/app-error.js';
import { fieldOfPointer, validateDefinition } from './model-validation.js';
import { STARTER_MODEL } from './starter-model.js';

function expectError(input: unknown, code: string, field: string): void {
  try {
    validateDefinition(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, field });

    return;
  }

  throw new Error(`expected ${code} on ${field}`);
}

const clone = (): Record<string, any> => structuredClone(STARTER_MODEL) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests break the model on purpose

describe('validateDefinition', () => {
  it('accepts the starter model', () => {
    expect(validateDefinition(structuredClone(STARTER_MODEL))).toEqual(STARTER_MODEL);
  });

  it('names unknown fields', () => {
    const model = clone();
    model.fitRules[1].weight = 3;

    expectError(model, 'unknown_field', 'fitRules[1].weight');
  });

  it('names wrong types and missing parts', () => {
    const wrong = clone();
    wrong.engagementRules[0].points = 'forty';
    expectError(wrong, 'invalid_definition', 'engagementRules[0].points');

    const missing = clone();
    delete missing.decay;
    expectError(missing, 'invalid_definition', 'decay');
  });

  it('refuses duplicate ids, disordered bands and empty ranges', () => {
    const dup = clone();
    dup.fitRules[2].id = dup.fitRules[0].id;
    expectError(dup, 'duplicate_rule_id', 'fitRules[2].id');

    const bands = clone();
    bands.gradeBands = { A: 10, B: 20, C: 5 };
    expectError(bands, 'bands_out_of_order', 'gradeBands');

    const range = clone();
    range.fitRules[5].condition = {
      attribute: 'company.employees',
      operator: 'range',
      min: 500,
      max: 50,
    };
    expectError(range, 'empty_range', 'fitRules[5].condition');
  });

  it('refuses impossible caps and criteria', () => {
    const zeroCap = clone();
    zeroCap.engagementRules[3].cap = { max: 0, windowDays: 30 };
    expectError(zeroCap, 'invalid_definition', 'engagementRules[3].cap.max');

    const noWindow = clone();
    noWindow.engagementRules[3].cap = { max: 3, windowDays: 0 };
    expectError(noWindow, 'invalid_definition', 'engagementRules[3].cap.windowDays');

    const negativeCapped = clone();
    negativeCapped.engagementRules[6].cap = { max: 1, windowDays: 30 };
    expectError(negativeCapped, 'impossible_cap', 'engagementRules[6].cap');

    const unreachable = clone();
    unreachable.mql = { all: [{ grade: ['A'] }, { score: 'engagement', op: 'gte', value: 150 }] };
    expectError(unreachable, 'impossible_criteria', 'mql');

    const contradictory = clone();
    contradictory.sql = {
      all: [
        { score: 'fit', op: 'gt', value: 30 },
        { score: 'fit', op: 'lte', value: 30 },
      ],
    };
    expectError(contradictory, 'impossible_criteria', 'sql');
  });

  it('turns JSON pointers into field names', () => {
    expect(fieldOfPointer('/engagementRules/3/cap/max')).toBe('engagementRules[3].cap.max');
    expect(fieldOfPointer('')).toBe('definition');
  });

  it('answers any input with a valid model or a ScoringError naming a field, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        try {
          validateDefinition(input);

          return true;
        } catch (error) {
          return (
            error instanceof AppError && typeof error.field === 'string' && error.field.length > 0
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives random damage to the starter model', () => {
    const paths = [
      'fitRules',
      'engagementRules',
      'gradeBands',
      'decay',
      'mql',
      'sql',
      'engagementCap',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (key, value) => {
        const model = clone();
        model[key] = value;
        try {
          validateDefinition(model);

          return true;
        } catch (error) {
          return error instanceof AppError && Boolean(error.field);
        }
      }),
      { numRuns: 300 },
    );
  });
});
