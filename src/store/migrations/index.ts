import type { Migration } from '../migration.js';
import { foundation } from './0001-foundation.js';
import { scoring } from './0002-scoring.js';
import { guards } from './0003-guards.js';
import { scoringScan } from './0004-scoring-scan.js';
import { ingestIndexes } from './0005-ingest-indexes.js';
import { personRevisions } from './0006-person-revisions.js';
import { peopleSortIndexes } from './0007-people-sort-indexes.js';
import { activitiesTimeIndex } from './0008-activities-time-index.js';
import { unusedScoreIndex } from './0009-unused-score-index.js';
import { rescoreJobs } from './0010-rescore-jobs.js';
import { backtestRuns } from './0011-backtest-runs.js';
import { backtestRunsModel } from './0012-backtest-runs-model.js';

/** Every migration, in order. Append new ones; never edit or reorder a released one. */
export const migrations: readonly Migration[] = [
  foundation,
  scoring,
  guards,
  scoringScan,
  ingestIndexes,
  personRevisions,
  peopleSortIndexes,
  activitiesTimeIndex,
  unusedScoreIndex,
  rescoreJobs,
  backtestRuns,
  backtestRunsModel,
];
