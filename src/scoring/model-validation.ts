import { Value, ValueErrorType } from '@sinclair/typebox/value';

import type { Condition, Criterion, Grade, ScoringDefinition } from './scoring-model.js';
import { GRADES } from './scoring-model.js';
import { ScoringDefinitionSchema } from './scoring-model.schema.js';
import { ScoringError } from './scoring-error.js';

/** `/fitRules/0/points` → `fitRules[0].points`, the way the API names fields. */
export function fieldOfPointer(pointer: string): string {
  return (
    pointer
      .split('/')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
      .join('')
      .replace(/^\./, '') || 'definition'
  );
}

function checkShape(input: unknown): asserts input is ScoringDefinition {
  const first = Value.Errors(ScoringDefinitionSchema, input).First();
  if (!first) return;

  const field = fieldOfPointer(first.path);
  if (first.type === ValueErrorType.ObjectAdditionalProperties) {
    throw new ScoringError('unknown_field', `${field} is not a known field.`, field);
  }

  throw new ScoringError('invalid_definition', `${field}: ${first.message}.`, field);
}

function checkUniqueIds(rules: readonly { id: string }[], list: string): void {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.id))
      throw new ScoringError(
        'duplicate_rule_id',
        `Rule id "${rule.id}" is used twice.`,
        `${list}[${i}].id`,
      );
    seen.add(rule.id);
  });
}

function checkRange(condition: Condition, field: string): void {
  if (condition.operator !== 'range') return;
  if (condition.min === undefined && condition.max === undefined) {
    throw new ScoringError('empty_range', 'A range needs min, max or both.', field);
  }
  if (condition.min !== undefined && condition.max !== undefined && condition.min > condition.max) {
    throw new ScoringError(
      'empty_range',
      `min ${condition.min} is above max ${condition.max}: nothing can match.`,
      field,
    );
  }
}

function checkConditions(model: ScoringDefinition): void {
  model.fitRules.forEach((rule, i) => checkRange(rule.condition, `fitRules[${i}].condition`));
  model.engagementRules.forEach((rule, i) =>
    (rule.match.properties ?? []).forEach((c, j) =>
      checkRange(c, `engagementRules[${i}].match.properties[${j}]`),
    ),
  );
}

function checkBands(bands: ScoringDefinition['gradeBands']): void {
  if (!(bands.A > bands.B && bands.B > bands.C)) {
    throw new ScoringError(
      'bands_out_of_order',
      'Grade bands must fall from A to B to C (A > B > C).',
      'gradeBands',
    );
  }
}

function checkCaps(model: ScoringDefinition): void {
  model.engagementRules.forEach((rule, i) => {
    if (rule.cap && rule.points <= 0) {
      throw new ScoringError(
        'impossible_cap',
        'A cap only makes sense on a rule that gives points.',
        `engagementRules[${i}].cap`,
      );
    }
  });
}

interface Bounds {
  low: number;
  lowStrict: boolean;
  high: number;
  highStrict: boolean;
}

function tighten(bounds: Bounds, op: string, value: number): void {
  const raiseLow = (v: number, strict: boolean) => {
    if (v > bounds.low || (v === bounds.low && strict))
      Object.assign(bounds, { low: v, lowStrict: strict });
  };
  const lowerHigh = (v: number, strict: boolean) => {
    if (v < bounds.high || (v === bounds.high && strict))
      Object.assign(bounds, { high: v, highStrict: strict });
  };

  if (op === 'gte') raiseLow(value, false);
  if (op === 'gt') raiseLow(value, true);
  if (op === 'lte') lowerHigh(value, false);
  if (op === 'lt') lowerHigh(value, true);
  if (op === 'eq') {
    raiseLow(value, false);
    lowerHigh(value, false);
  }
}

function emptyBounds(b: Bounds): boolean {
  return b.low > b.high || (b.low === b.high && (b.lowStrict || b.highStrict));
}

/**
 * Why `criterion` can never hold, or undefined when it may. Conservative: it proves
 * impossibility from score bounds (the engagement score lives in [0, cap]), grade sets and
 * `all` lists whose parts contradict each other; it never rejects a satisfiable criterion.
 */
export function whyImpossible(criterion: Criterion, engagementCap: number): string | undefined {
  if ('all' in criterion) return allImpossible(criterion.all, engagementCap);
  if ('any' in criterion) {
    const reasons = criterion.any.map((c) => whyImpossible(c, engagementCap));

    return reasons.every(Boolean) ? `no alternative can hold (${reasons[0]})` : undefined;
  }
  if (
    'grade' in criterion ||
    'stage' in criterion ||
    'not' in criterion ||
    'condition' in criterion
  )
    return undefined;

  return allImpossible([criterion], engagementCap);
}

function allImpossible(parts: readonly Criterion[], engagementCap: number): string | undefined {
  const bounds: Record<'engagement' | 'fit', Bounds> = {
    engagement: { low: 0, lowStrict: false, high: engagementCap, highStrict: false },
    fit: { low: -Infinity, lowStrict: false, high: Infinity, highStrict: false },
  };
  let grades = new Set<Grade>(GRADES);

  for (const part of parts) {
    const inner = 'all' in part || 'any' in part ? whyImpossible(part, engagementCap) : undefined;
    if (inner) return inner;
    if ('score' in part) tighten(bounds[part.score], part.op, part.value);
    if ('grade' in part) grades = new Set(part.grade.filter((g) => grades.has(g)));
  }

  if (emptyBounds(bounds.engagement)) {
    return `engagement cannot meet these bounds (it stays between 0 and the cap ${engagementCap})`;
  }
  if (emptyBounds(bounds.fit)) return 'the fit bounds contradict each other';
  if (grades.size === 0) return 'no grade is in every grade list';

  return undefined;
}

/**
 * Checks a scoring definition from outside (API body, file) and returns it typed, or throws
 * one `ScoringError` naming the first problem's field.
 */
export function validateDefinition(input: unknown): ScoringDefinition {
  checkShape(input);
  checkUniqueIds(input.fitRules, 'fitRules');
  checkUniqueIds(input.engagementRules, 'engagementRules');
  checkConditions(input);
  checkBands(input.gradeBands);
  checkCaps(input);

  for (const key of ['mql', 'sql'] as const) {
    const why = whyImpossible(input[key], input.engagementCap);
    if (why)
      throw new ScoringError(
        'impossible_criteria',
        `The ${key.toUpperCase()} criteria can never hold: ${why}.`,
        key,
      );
  }

  return input;
}
