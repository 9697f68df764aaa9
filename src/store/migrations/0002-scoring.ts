import type { Kysely } from 'kysely';

import type { Dialect } from '../database.js';
import { columnTypes, type Migration } from '../migration.js';

type Db = Kysely<unknown>;
type Types = ReturnType<typeof columnTypes>;

/** Scoring models and their versions: a draft is edited, a published one scores. */
async function createModels(db: Db, t: Types): Promise<void> {
  await db.schema
    .createTable('scoring_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('segment', t.json)
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addColumn('archived_at', t.time)
    .addUniqueConstraint('scoring_models_workspace_name', ['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('scoring_model_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('scoring_models.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('published_at', t.time)
    .addColumn('retired_at', t.time)
    .addUniqueConstraint('scoring_model_versions_model_version', ['model_id', 'version'])
    .execute();
  await db.schema
    .createIndex('scoring_model_versions_status')
    .on('scoring_model_versions')
    .columns(['workspace_id', 'model_id', 'status'])
    .execute();
}

/** The current score of each person under each model, and every change of it. */
async function createScores(db: Db, t: Types): Promise<void> {
  await db.schema
    .createTable('person_scores')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('scoring_models.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('scoring_model_versions.id'))
    .addColumn('fit_points', t.real, (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('engagement', t.real, (c) => c.notNull())
    .addColumn('mql', 'integer', (c) => c.notNull())
    .addColumn('sql', 'integer', (c) => c.notNull())
    .addColumn('scored_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('person_scores_pk', ['person_id', 'model_id'])
    .execute();
  await db.schema
    .createIndex('person_scores_model')
    .on('person_scores')
    .columns(['workspace_id', 'model_id', 'grade', 'engagement'])
    .execute();

  await db.schema
    .createTable('score_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('scoring_models.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('scoring_model_versions.id'))
    .addColumn('fit_points', t.real, (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('engagement', t.real, (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('cause_id', 'text')
    .addColumn('at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('score_history_person')
    .on('score_history')
    .columns(['workspace_id', 'person_id', 'at'])
    .execute();
}

/** Identity merges, backtest runs, and the outbox of domain events (lead qualified, ...). */
async function createSupport(db: Db, t: Types, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('person_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('survivor_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('merged_snapshot', t.json, (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('person_merges_survivor')
    .on('person_merges')
    .columns(['workspace_id', 'survivor_id'])
    .execute();

  await db.schema
    .createTable('backtests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('scoring_models.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('scoring_model_versions.id'))
    .addColumn('period_from', t.time, (c) => c.notNull())
    .addColumn('period_to', t.time, (c) => c.notNull())
    .addColumn('report', t.json, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backtests_model')
    .on('backtests')
    .columns(['workspace_id', 'model_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('domain_events')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('processed_at', t.time)
    .execute();
  await db.schema
    .createIndex('domain_events_pending')
    .on('domain_events')
    .columns(['type', 'processed_at', 'seq'])
    .execute();
}

async function extendExisting(db: Db, t: Types): Promise<void> {
  // null means the default transitions of src/lifecycle/transitions.ts.
  await db.schema.alterTable('workspaces').addColumn('lifecycle_transitions', t.json).execute();

  await db.schema
    .createIndex('events_occurred')
    .on('events')
    .columns(['workspace_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('events_anonymous')
    .on('events')
    .columns(['workspace_id', 'anonymous_id'])
    .execute();
}

export const scoring: Migration = {
  version: 2,
  name: 'scoring',
  async up(db, dialect) {
    const t = columnTypes(dialect);

    await createModels(db, t);
    await createScores(db, t);
    await createSupport(db, t, dialect);
    await extendExisting(db, t);
  },
};
