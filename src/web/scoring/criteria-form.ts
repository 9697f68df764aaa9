/**
 * The common shape of MQL and SQL criteria, as a form: a grade set, an engagement threshold,
 * optionally a fit threshold and a set of stages, all of which must hold. Anything else (any,
 * not, attribute conditions, other comparators) is edited as JSON.
 */
import { GRADES, type Criterion, type Grade } from '../../scoring/scoring-model.js';

export interface SimpleCriteria {
  /** Empty: any grade. */
  readonly grades: readonly Grade[];
  /** Minimum engagement (≥); null: no engagement threshold. */
  readonly minEngagement: number | null;
  /** Minimum fit points (≥); null: no fit threshold. */
  readonly minFit: number | null;
  /** Empty: any stage. */
  readonly stages: readonly string[];
}

type Part = 'grades' | 'minEngagement' | 'minFit' | 'stages';

function partOf(criterion: Criterion): [Part, Partial<SimpleCriteria>] | undefined {
  if ('grade' in criterion) return ['grades', { grades: criterion.grade }];
  if ('stage' in criterion) return ['stages', { stages: criterion.stage }];
  if ('score' in criterion && criterion.op === 'gte') {
    return criterion.score === 'engagement'
      ? ['minEngagement', { minEngagement: criterion.value }]
      : ['minFit', { minFit: criterion.value }];
  }

  return undefined;
}

/** The form for `criterion`, or undefined when it is not of the common shape. */
export function toSimple(criterion: Criterion): SimpleCriteria | undefined {
  const parts = 'all' in criterion ? criterion.all : [criterion];
  let simple: SimpleCriteria = { grades: [], minEngagement: null, minFit: null, stages: [] };
  const seen = new Set<Part>();

  for (const part of parts) {
    const read = partOf(part);
    if (!read || seen.has(read[0])) return undefined;

    seen.add(read[0]);
    simple = { ...simple, ...read[1] };
  }

  return simple;
}

/** The criterion the form says, in the order stage, grade, engagement, fit. */
export function fromSimple(simple: SimpleCriteria): Criterion {
  const parts: Criterion[] = [];
  if (simple.stages.length > 0) parts.push({ stage: [...simple.stages] });
  if (simple.grades.length > 0) {
    parts.push({ grade: GRADES.filter((g) => simple.grades.includes(g)) });
  }
  if (simple.minEngagement !== null) {
    parts.push({ score: 'engagement', op: 'gte', value: simple.minEngagement });
  }
  if (simple.minFit !== null) parts.push({ score: 'fit', op: 'gte', value: simple.minFit });

  // An empty `all` is refused by the API, which names the field: the form cannot say "always".
  return { all: parts };
}

/** The criteria as a sentence, e.g. "grade A or B and engagement ≥ 60". */
export function describeSimple(simple: SimpleCriteria): string {
  const parts: string[] = [];
  if (simple.stages.length > 0) parts.push(`stage ${simple.stages.join(' or ')}`);
  if (simple.grades.length > 0) parts.push(`grade ${simple.grades.join(' or ')}`);
  if (simple.minEngagement !== null) parts.push(`engagement ≥ ${simple.minEngagement}`);
  if (simple.minFit !== null) parts.push(`fit ≥ ${simple.minFit}`);

  return parts.length > 0 ? parts.join(' and ') : 'nothing set';
}

export type ParsedJson =
  | { readonly ok: true; readonly criterion: Criterion }
  | { readonly ok: false; readonly message: string };

/**
 * JSON text to a criterion, checked only as far as JSON and an object go; the API checks the
 * rest and names the field.
 */
export function parseCriterionJson(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'A criterion is a JSON object, e.g. {"all": [...]}.' };
  }

  return { ok: true, criterion: value as Criterion };
}
