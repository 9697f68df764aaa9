/**
 * The shape of a scoring model: fit rules over attributes, engagement rules over events,
 * grade bands, decay, caps and the MQL/SQL criteria. Pure data, validated by
 * `model-validation.ts` and evaluated by `fit-score.ts`, `engagement-score.ts` and
 * `criteria.ts`.
 */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const CONDITION_OPERATORS = [
  'equals',
  'one_of',
  'contains',
  'range',
  'exists',
  'missing',
  'free_mail',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A test of one attribute, e.g. `company.industry equals "Software"`. */
export type Condition =
  | {
      readonly attribute: string;
      readonly operator: 'equals';
      readonly value: string | number | boolean;
    }
  | {
      readonly attribute: string;
      readonly operator: 'one_of';
      readonly value: readonly (string | number)[];
    }
  | { readonly attribute: string; readonly operator: 'contains'; readonly value: string }
  | {
      readonly attribute: string;
      readonly operator: 'range';
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly attribute: string; readonly operator: 'exists' | 'missing' | 'free_mail' };

export interface FitRule {
  readonly id: string;
  readonly label: string;
  readonly condition: Condition;
  /** Positive or negative; e.g. +15 for industry Software, −20 for a free-mail address. */
  readonly points: number;
}

/** Which events an engagement rule counts: by type, name or page path, plus properties. */
export interface EventMatcher {
  readonly type?: 'track' | 'page' | 'screen' | 'identify' | 'group';
  /** Event name for track calls (case-insensitive), e.g. "Demo Requested". */
  readonly name?: string;
  /** Page path; a trailing `*` matches a prefix, e.g. "/pricing*". */
  readonly path?: string;
  readonly properties?: readonly Condition[];
}

export interface EngagementRule {
  readonly id: string;
  readonly label: string;
  readonly match: EventMatcher;
  readonly points: number;
  /** At most `max` counted occurrences in any `windowDays`-day window. */
  readonly cap?: { readonly max: number; readonly windowDays: number };
}

export type Decay =
  | { readonly kind: 'none' }
  | { readonly kind: 'half_life'; readonly days: number }
  | { readonly kind: 'linear'; readonly days: number };

export const NUMERIC_FIELDS = ['engagement', 'fit'] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];
export const COMPARATORS = ['gte', 'gt', 'lte', 'lt', 'eq'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** MQL and SQL criteria: a small boolean expression over grade, scores, stage and attributes. */
export type Criterion =
  | { readonly all: readonly Criterion[] }
  | { readonly any: readonly Criterion[] }
  | { readonly not: Criterion }
  | { readonly grade: readonly Grade[] }
  | { readonly score: NumericField; readonly op: Comparator; readonly value: number }
  | { readonly stage: readonly string[] }
  | { readonly condition: Condition };

export interface ScoringDefinition {
  readonly fitRules: readonly FitRule[];
  /** Minimum fit points for grades A, B and C; below C is D. */
  readonly gradeBands: { readonly A: number; readonly B: number; readonly C: number };
  readonly engagementRules: readonly EngagementRule[];
  /** The engagement score never exceeds this. */
  readonly engagementCap: number;
  readonly decay: Decay;
  readonly mql: Criterion;
  readonly sql: Criterion;
}

/** What scoring reads about a person: their fields and traits, and their company's. */
export interface Profile {
  readonly person: Readonly<Record<string, unknown>>;
  readonly company: Readonly<Record<string, unknown>> | null;
  readonly stage: string;
}

/** One event as scoring sees it. Times are epoch milliseconds. */
export interface ScoredEvent {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly path: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly at: number;
}
