import { judge, type Verdict } from './criteria.js';
import { engagementOfHits, type RuleHit } from './engagement-score.js';
import { fitScore, type FitResult } from './fit-score.js';
import type { Profile, ScoringDefinition } from './scoring-model.js';

/** A person's score without the explanation of each point: what the pipeline stores. */
export interface ScoreFigures {
  readonly fit: FitResult;
  readonly engagement: number;
  readonly mql: Verdict;
  readonly sql: Verdict;
}

/**
 * `scorePerson` from rule hits (`ruleHits`, oldest first) instead of whole events: the same fit,
 * the same engagement to the last bit (`engagementOfHits`), the same verdicts.
 */
export function scoreFromHits(
  model: ScoringDefinition,
  profile: Profile,
  hits: readonly RuleHit[],
  now: number,
): ScoreFigures {
  const fit = fitScore(model, profile);
  const engagement = engagementOfHits(model, hits, now);
  const facts = { grade: fit.grade, fit: fit.points, engagement, profile };

  return { fit, engagement, mql: judge(model.mql, facts), sql: judge(model.sql, facts) };
}

/**
 * `hits` (oldest first) with `added` (oldest first) merged in by time. Hits of one instant may
 * end up in any order: `engagementOfHits` gives the same number whatever their order.
 */
export function mergeHits(hits: readonly RuleHit[], added: readonly RuleHit[]): RuleHit[] {
  if (added.length === 0) return [...hits];
  if (hits.length === 0 || hits[hits.length - 1]!.at <= added[0]!.at) return [...hits, ...added];

  const merged: RuleHit[] = [];
  let i = 0;
  for (const hit of added) {
    while (i < hits.length && hits[i]!.at <= hit.at) merged.push(hits[i++]!);
    merged.push(hit);
  }
  while (i < hits.length) merged.push(hits[i++]!);

  return merged;
}
