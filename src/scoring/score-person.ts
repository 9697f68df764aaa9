import { judge, type Verdict } from './criteria.js';
import { engagementScore, type EngagementResult } from './engagement-score.js';
import { fitScore, type FitResult } from './fit-score.js';
import type { Profile, ScoredEvent, ScoringDefinition } from './scoring-model.js';

/** Everything scoring knows about one person at one moment, each number explained. */
export interface ScoreCard {
  readonly fit: FitResult;
  readonly engagement: EngagementResult;
  readonly mql: Verdict;
  readonly sql: Verdict;
}

/**
 * Scores a person with `model` as of `now` (epoch ms): fit from the profile, engagement from
 * the events up to `now`, and whether the MQL and SQL criteria hold, with reasons.
 */
export function scorePerson(
  model: ScoringDefinition,
  profile: Profile,
  events: readonly ScoredEvent[],
  now: number,
): ScoreCard {
  const fit = fitScore(model, profile);
  const engagement = engagementScore(model, events, now);
  const facts = { grade: fit.grade, fit: fit.points, engagement: engagement.score, profile };

  return { fit, engagement, mql: judge(model.mql, facts), sql: judge(model.sql, facts) };
}
