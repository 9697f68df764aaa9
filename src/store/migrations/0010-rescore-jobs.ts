import { columnTypes, type Migration } from '../migration.js';

/**
 * Re-scoring runs as a job (`src/scoring/rescore-runner.ts`): publishing a model, or changing
 * whom it applies to, records one in the same transaction, and the job's progress (the last
 * person re-scored, the counts) is written in each chunk's own transaction. A job that a
 * stopped process leaves behind is found by its lapsed lease and resumed where it stopped.
 */
export const rescoreJobs: Migration = {
  version: 10,
  name: 'rescore-jobs',
  async up(db, dialect) {
    const t = columnTypes(dialect);

    await db.schema
      .createTable('rescore_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('model_id', 'text', (c) => c.notNull().references('scoring_models.id'))
      .addColumn('cause', 'text', (c) => c.notNull())
      .addColumn('version_id', 'text', (c) => c.references('scoring_model_versions.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('cursor', 'text')
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('reached', 'integer', (c) => c.notNull())
      .addColumn('scored', 'integer', (c) => c.notNull())
      .addColumn('changed', 'integer', (c) => c.notNull())
      .addColumn('moved', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('runner', 'text')
      .addColumn('lease_until', t.time)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('finished_at', t.time)
      .execute();
    await db.schema
      .createIndex('rescore_jobs_model')
      .on('rescore_jobs')
      .columns(['workspace_id', 'model_id', 'created_at'])
      .execute();
    // Unfinished jobs, for the sweep that resumes abandoned ones.
    await db.schema
      .createIndex('rescore_jobs_status')
      .on('rescore_jobs')
      .columns(['status', 'lease_until'])
      .execute();
  },
};
