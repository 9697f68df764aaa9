import type { Migration } from '../migration.js';

/** A model's backtest runs, newest first (`GET /scoring-models/{id}/backtest-runs`). */
export const backtestRunsModel: Migration = {
  version: 12,
  name: 'backtest-runs-model',
  async up(db) {
    await db.schema
      .createIndex('backtest_runs_model')
      .on('backtest_runs')
      .columns(['workspace_id', 'model_id', 'created_at'])
      .execute();
  },
};
