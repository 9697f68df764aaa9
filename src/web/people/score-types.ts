/**
 * A person's score as `GET /api/v1/people/{id}/score` and `/score-history` answer it: the
 * server's own view types, defined once.
 */
export type {
  EventRef,
  PersonScoreView as PersonScore,
  ScoreHistoryEntryView as ScoreHistoryEntry,
  VerdictView as Verdict,
} from '../../scoring/person-score.service.js';
