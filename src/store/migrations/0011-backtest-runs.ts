import { columnTypes, type Migration } from '../migration.js';

/**
 * A backtest runs as a job (`src/scoring/backtest-runner.ts`): the request records a run with
 * the versions and period it replays, and answers when the run ends or after a few seconds with
 * the run, whose progress is written once a chunk. The report goes to `backtests` as before when
 * the run ends. A run whose process stopped is not resumed (what it had replayed lived in that
 * process): the sweep that finds its lapsed lease marks it failed, to be run again.
 */
export const backtestRuns: Migration = {
  version: 11,
  name: 'backtest-runs',
  async up(db, dialect) {
    const t = columnTypes(dialect);

    await db.schema
      .createTable('backtest_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('model_id', 'text', (c) => c.notNull().references('scoring_models.id'))
      .addColumn('draft_version_id', 'text', (c) =>
        c.notNull().references('scoring_model_versions.id'),
      )
      .addColumn('published_version_id', 'text', (c) => c.references('scoring_model_versions.id'))
      .addColumn('period_from', t.time, (c) => c.notNull())
      .addColumn('period_to', t.time, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('reached', 'integer', (c) => c.notNull())
      .addColumn('backtest_id', 'text', (c) => c.references('backtests.id'))
      .addColumn('error', 'text')
      .addColumn('runner', 'text')
      .addColumn('lease_until', t.time)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('finished_at', t.time)
      .execute();
    await db.schema
      .createIndex('backtest_runs_status')
      .on('backtest_runs')
      .columns(['status', 'lease_until'])
      .execute();
  },
};
