import { describeCondition, holds } from './conditions.js';
import type { FitRule, Grade, Profile, ScoringDefinition } from './scoring-model.js';

export interface FitContribution {
  readonly ruleId: string;
  readonly label: string;
  readonly points: number;
  readonly because: string;
}

export interface FitResult {
  readonly points: number;
  readonly grade: Grade;
  readonly contributions: readonly FitContribution[];
}

/** Fit points to a grade: A, B or C at or above their band's minimum, else D. */
export function gradeOf(points: number, bands: ScoringDefinition['gradeBands']): Grade {
  if (points >= bands.A) return 'A';
  if (points >= bands.B) return 'B';
  if (points >= bands.C) return 'C';

  return 'D';
}

function contributionOf(rule: FitRule, profile: Profile): FitContribution | undefined {
  if (!holds(rule.condition, profile)) return undefined;

  return {
    ruleId: rule.id,
    label: rule.label,
    points: rule.points,
    because: describeCondition(rule.condition),
  };
}

/**
 * The explicit ("fit") score: the sum of the points of every fit rule whose condition holds.
 *
 * @example
 * fitScore(model, { person: { title: 'VP Sales' }, company: { industry: 'Software' }, stage: 'lead' })
 * // → { points: 25, grade: 'B', contributions: [{ ruleId: 'software', points: 15, ... }, ...] }
 */
export function fitScore(model: ScoringDefinition, profile: Profile): FitResult {
  const contributions = model.fitRules
    .map((rule) => contributionOf(rule, profile))
    .filter((c): c is FitContribution => c !== undefined);
  const points = contributions.reduce((sum, c) => sum + c.points, 0);

  return { points, grade: gradeOf(points, model.gradeBands), contributions };
}
