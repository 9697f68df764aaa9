/**
 * Edits of a scoring definition as the editor makes them: pure, so that every change is a new
 * value and can be tested without a browser. Numbers the user has cleared are `NaN`; they reach
 * the API as `null`, and the API names the field.
 */
import type {
  Condition,
  ConditionOperator,
  Decay,
  EngagementRule,
  EventMatcher,
  FitRule,
  ScoringDefinition,
} from '../../scoring/scoring-model.js';

export type Definition = ScoringDefinition;

/** What the operator needs besides the attribute. */
export type OperatorShape = 'scalar' | 'list' | 'text' | 'range' | 'none';

export function operatorShape(operator: ConditionOperator): OperatorShape {
  switch (operator) {
    case 'equals':
      return 'scalar';
    case 'one_of':
      return 'list';
    case 'contains':
      return 'text';
    case 'range':
      return 'range';
    case 'exists':
    case 'missing':
    case 'free_mail':
      return 'none';
    default: {
      const never: never = operator;
      throw new Error(`Unknown operator ${String(never)}`);
    }
  }
}

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: 'equals',
  one_of: 'is one of',
  contains: 'contains',
  range: 'is in range',
  exists: 'is known',
  missing: 'is unknown',
  free_mail: 'is a free-mail address',
};

/** The condition's value(s) as one line of text: `Software, Finance` for a list. */
export function valueText(condition: Condition): string {
  switch (condition.operator) {
    case 'equals':
      return String(condition.value);
    case 'one_of':
      return condition.value.join(', ');
    case 'contains':
      return condition.value;
    case 'range':
    case 'exists':
    case 'missing':
    case 'free_mail':
      return '';
    default: {
      const never: never = condition;
      throw new Error(`Unknown condition ${JSON.stringify(never)}`);
    }
  }
}

/** A typed scalar from text: numbers stay numbers, `true`/`false` booleans, the rest strings. */
export function parseScalar(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);

  return text;
}

/** `Software, Finance, 42` → `['Software', 'Finance', 42]`; empty items are dropped. */
export function parseList(text: string): (string | number)[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => (Number.isFinite(Number(item)) ? Number(item) : item));
}

/** The condition with a new operator, keeping the attribute and whatever value still fits. */
export function withOperator(condition: Condition, operator: ConditionOperator): Condition {
  const { attribute } = condition;
  const text = valueText(condition);

  switch (operator) {
    case 'equals':
      return { attribute, operator, value: parseScalar(text) };
    case 'one_of':
      return { attribute, operator, value: parseList(text) };
    case 'contains':
      return { attribute, operator, value: text };
    case 'range':
      return condition.operator === 'range' ? condition : { attribute, operator };
    case 'exists':
    case 'missing':
    case 'free_mail':
      return { attribute, operator };
    default: {
      const never: never = operator;
      throw new Error(`Unknown operator ${String(never)}`);
    }
  }
}

/** The condition with its value(s) read from the text the user typed. */
export function withValueText(condition: Condition, text: string): Condition {
  switch (condition.operator) {
    case 'equals':
      return { ...condition, value: parseScalar(text) };
    case 'one_of':
      return { ...condition, value: parseList(text) };
    case 'contains':
      return { ...condition, value: text };
    case 'range':
    case 'exists':
    case 'missing':
    case 'free_mail':
      return condition;
    default: {
      const never: never = condition;
      throw new Error(`Unknown condition ${JSON.stringify(never)}`);
    }
  }
}

/** A range bound; an empty (NaN) bound is left out, which the range allows. */
export function withBound(condition: Condition, bound: 'min' | 'max', value: number): Condition {
  if (condition.operator !== 'range') return condition;

  const { [bound]: _dropped, ...rest } = condition;

  return Number.isNaN(value) ? rest : { ...rest, [bound]: value };
}

/** A rule id from a label, unique among `taken`: `Pricing page` → `pricing-page`, `pricing-page-2`. */
export function ruleIdFor(label: string, taken: readonly string[]): string {
  const slug =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'rule';
  const used = new Set(taken);
  if (!used.has(slug)) return slug;

  let n = 2;
  while (used.has(`${slug}-${n}`)) n++;

  return `${slug}-${n}`;
}

function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((old, i) => (i === index ? item : old));
}

function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function addFitRule(definition: Definition): Definition {
  const id = ruleIdFor(
    'new fit rule',
    definition.fitRules.map((r) => r.id),
  );
  const rule: FitRule = {
    id,
    label: 'New fit rule',
    condition: { attribute: 'company.industry', operator: 'equals', value: '' },
    points: 5,
  };

  return { ...definition, fitRules: [...definition.fitRules, rule] };
}

export function setFitRule(definition: Definition, index: number, rule: FitRule): Definition {
  return { ...definition, fitRules: replaceAt(definition.fitRules, index, rule) };
}

export function removeFitRule(definition: Definition, index: number): Definition {
  return { ...definition, fitRules: removeAt(definition.fitRules, index) };
}

export function addEngagementRule(definition: Definition): Definition {
  const id = ruleIdFor(
    'new engagement rule',
    definition.engagementRules.map((r) => r.id),
  );
  const rule: EngagementRule = {
    id,
    label: 'New engagement rule',
    match: { type: 'track', name: 'Event Name' },
    points: 5,
  };

  return { ...definition, engagementRules: [...definition.engagementRules, rule] };
}

export function setEngagementRule(
  definition: Definition,
  index: number,
  rule: EngagementRule,
): Definition {
  return { ...definition, engagementRules: replaceAt(definition.engagementRules, index, rule) };
}

export function removeEngagementRule(definition: Definition, index: number): Definition {
  return { ...definition, engagementRules: removeAt(definition.engagementRules, index) };
}

type MatcherKey = 'type' | 'name' | 'path';

/** The matcher with one of type, name or path set; an empty value removes the key. */
export function withMatch(
  matcher: EventMatcher,
  key: MatcherKey,
  value: string | null,
): EventMatcher {
  const { [key]: _dropped, ...rest } = matcher;
  if (value === null || value.trim() === '') return rest;

  return { ...rest, [key]: key === 'type' ? value : value.trim() };
}

/** The rule with a cap (`max` occurrences in `windowDays`), or without one. */
export function withCap(
  rule: EngagementRule,
  cap: { max: number; windowDays: number } | undefined,
): EngagementRule {
  const { cap: _dropped, ...rest } = rule;

  return cap ? { ...rest, cap } : rest;
}

export function withDecay(kind: Decay['kind'], days: number): Decay {
  return kind === 'none' ? { kind } : { kind, days };
}

/** JSON as the API gets it: a cleared number (NaN) goes as `null`, so the API names it. */
export function toRequestBody(definition: Definition): unknown {
  return JSON.parse(
    JSON.stringify(definition, (_key, value: unknown) =>
      typeof value === 'number' && !Number.isFinite(value) ? null : value,
    ),
  ) as unknown;
}

export function sameDefinition(a: Definition, b: Definition): boolean {
  return JSON.stringify(toRequestBody(a)) === JSON.stringify(toRequestBody(b));
}
