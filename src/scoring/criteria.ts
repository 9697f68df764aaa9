import { describeCondition, holds } from './conditions.js';
import type { Comparator, Criterion, Grade, Profile } from './scoring-model.js';

/** The facts criteria are judged on. */
export interface Facts {
  readonly grade: Grade;
  readonly fit: number;
  readonly engagement: number;
  readonly profile: Profile;
}

/** A verdict with the reasons a person can read: which parts held and which did not. */
export interface Verdict {
  readonly met: boolean;
  readonly reasons: readonly { readonly text: string; readonly met: boolean }[];
}

const SYMBOL: Record<Comparator, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' };

function compare(left: number, op: Comparator, right: number): boolean {
  switch (op) {
    case 'gte':
      return left >= right;
    case 'gt':
      return left > right;
    case 'lte':
      return left <= right;
    case 'lt':
      return left < right;
    case 'eq':
      return left === right;
    default: {
      const never: never = op;
      throw new Error(`Unknown comparator ${String(never)}`);
    }
  }
}

function leaf(text: string, met: boolean): Verdict {
  return { met, reasons: [{ text, met }] };
}

/**
 * Judges `criterion` on `facts`.
 *
 * @example
 * judge({ all: [{ grade: ['A', 'B'] }, { score: 'engagement', op: 'gte', value: 60 }] }, facts)
 * // → { met: false, reasons: [{ text: 'grade B is one of A, B', met: true },
 * //                           { text: 'engagement 45 ≥ 60', met: false }] }
 */
export function judge(criterion: Criterion, facts: Facts): Verdict {
  if ('all' in criterion) {
    const parts = criterion.all.map((c) => judge(c, facts));

    return { met: parts.every((p) => p.met), reasons: parts.flatMap((p) => p.reasons) };
  }
  if ('any' in criterion) {
    const parts = criterion.any.map((c) => judge(c, facts));

    return { met: parts.some((p) => p.met), reasons: parts.flatMap((p) => p.reasons) };
  }
  if ('not' in criterion) {
    const inner = judge(criterion.not, facts);

    return {
      met: !inner.met,
      reasons: inner.reasons.map((r) => ({ text: `not (${r.text})`, met: !r.met })),
    };
  }
  if ('grade' in criterion) {
    return leaf(
      `grade ${facts.grade} is one of ${criterion.grade.join(', ')}`,
      criterion.grade.includes(facts.grade),
    );
  }
  if ('score' in criterion) {
    const value = facts[criterion.score];

    return leaf(
      `${criterion.score} ${value} ${SYMBOL[criterion.op]} ${criterion.value}`,
      compare(value, criterion.op, criterion.value),
    );
  }
  if ('stage' in criterion) {
    return leaf(
      `stage ${facts.profile.stage} is one of ${criterion.stage.join(', ')}`,
      criterion.stage.includes(facts.profile.stage),
    );
  }

  return leaf(describeCondition(criterion.condition), holds(criterion.condition, facts.profile));
}

/** `judge` without the reasons: the fast path for re-scoring and backtests. */
export function meets(criterion: Criterion, facts: Facts): boolean {
  if ('all' in criterion) return criterion.all.every((c) => meets(c, facts));
  if ('any' in criterion) return criterion.any.some((c) => meets(c, facts));
  if ('not' in criterion) return !meets(criterion.not, facts);
  if ('grade' in criterion) return criterion.grade.includes(facts.grade);
  if ('score' in criterion) return compare(facts[criterion.score], criterion.op, criterion.value);
  if ('stage' in criterion) return criterion.stage.includes(facts.profile.stage);

  return holds(criterion.condition, facts.profile);
}
