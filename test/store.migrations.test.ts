import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';

import { recordAudit } from '../src/audit/audit.repository.js';
import { nowIso } from '../src/shared/clock.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import { openStore, type Dialect, type Store } from '../src/store/database.js';
import { introspectSchema } from '../src/store/introspect.js';
import type { Migration } from '../src/store/migration.js';
import { migrations } from '../src/store/migrations/index.js';
import { latestVersion, migrate } from '../src/store/migrator.js';
import { readSchemaSnapshot, SNAPSHOT_ADVICE } from '../src/store/schema-snapshot.js';
import { DIALECTS, postgresReachable, scratchStore, type ScratchStore } from './support/stores.js';

// Two more steps after the real ones, so that "step by step" really takes several steps even
// while Baton has a single migration: a column with a default and an index, then a table.
const extraSteps: Migration[] = [
  {
    version: migrations.length + 1,
    name: 'test-person-score',
    async up(db) {
      await db.schema
        .alterTable('people')
        .addColumn('test_score', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('people_test_score')
        .on('people')
        .columns(['workspace_id', 'test_score'])
        .execute();
    },
  },
  {
    version: migrations.length + 2,
    name: 'test-notes',
    async up(db) {
      await db.schema
        .createTable('test_notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addUniqueConstraint('test_notes_person', ['person_id'])
        .execute();
    },
  },
];
const extended: readonly Migration[] = [...migrations, ...extraSteps];

/** A workspace with a person and an audit entry, written with the first schema's columns. */
async function insertRows(store: Store): Promise<WorkspaceId> {
  const now = nowIso();
  const workspaceId = newId('workspace');
  const db = store.db;

  await db
    .insertInto('workspaces')
    .values({
      id: workspaceId,
      name: 'Rows',
      lifecycle_stages: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('people')
    .values({
      id: newId('person'),
      workspace_id: workspaceId,
      email: `${workspaceId}@example.com`,
      lifecycle_stage: 'lead',
      traits: '{}',
      search_text: workspaceId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordAudit(
    db,
    workspaceId,
    { type: 'system', id: 'test' },
    { action: 'test.row', subjectType: 'workspace', subjectId: workspaceId },
  );

  return workspaceId;
}

async function count(
  store: Store,
  table: 'people' | 'audit_log' | 'schema_migrations',
): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

for (const dialect of DIALECTS) {
  const run = dialect === 'postgres' && !postgresReachable ? describe.skip : describe;

  run(`store migrations [${dialect}]`, () => {
    const scratches: ScratchStore[] = [];
    const extraStores: Store[] = [];

    async function fresh(): Promise<Store> {
      const scratch = await scratchStore(dialect as Dialect);
      scratches.push(scratch);

      return scratch.store;
    }

    afterEach(async () => {
      for (const store of extraStores.splice(0)) await store.close();
      for (const scratch of scratches.splice(0)) await scratch.dispose();
    });

    it('builds the same schema in one go as step by step, keeping the rows written between steps', async () => {
      const oneGo = await fresh();
      await migrate(oneGo, { migrations: extended });

      const stepwise = await fresh();
      for (let target = 1; target <= extended.length; target++) {
        const result = await migrate(stepwise, { migrations: extended, target });
        expect(result.applied.map((step) => step.version)).toEqual([target]);
        await insertRows(stepwise);
      }

      expect(await introspectSchema(stepwise)).toEqual(await introspectSchema(oneGo));
      expect(await count(stepwise, 'people')).toBe(extended.length);
      expect(await count(stepwise, 'audit_log')).toBe(extended.length);
      const defaults = await stepwise.db
        .selectFrom('people')
        .select(sql<number>`test_score`.as('score'))
        .execute();
      expect(defaults.map((row) => Number(row.score))).toEqual(extended.map(() => 0));
    });

    it('matches the committed schema snapshot', async () => {
      const store = await fresh();
      await migrate(store);

      const snapshot = readSchemaSnapshot()[dialect];
      expect(snapshot, SNAPSHOT_ADVICE).toBeDefined();
      expect(await introspectSchema(store), SNAPSHOT_ADVICE).toEqual(snapshot);
    });

    it('notices a schema that drifted (an extra index, a new column)', async () => {
      const store = await fresh();
      await migrate(store);
      const before = await introspectSchema(store);

      const db = store.db as unknown as Kysely<unknown>;
      await db.schema.createIndex('people_drift').on('people').column('title').execute();
      const withIndex = await introspectSchema(store);
      await db.schema.alterTable('companies').addColumn('drift', 'text').execute();
      const withColumn = await introspectSchema(store);

      expect(withIndex).not.toEqual(before);
      expect(withColumn).not.toEqual(withIndex);
    });

    it('applies nothing when migrated a second time', async () => {
      const store = await fresh();
      const first = await migrate(store);
      expect(first.applied).toHaveLength(latestVersion());
      await insertRows(store);
      const schema = await introspectSchema(store);

      const second = await migrate(store);

      expect(second).toEqual({ applied: [], version: latestVersion() });
      expect(await count(store, 'schema_migrations')).toBe(latestVersion());
      expect(await introspectSchema(store)).toEqual(schema);
      expect(await count(store, 'people')).toBe(1);
    });

    it('refuses a store migrated by a newer Baton and changes nothing', async () => {
      const store = await fresh();
      await migrate(store);
      const future = latestVersion() + 1;
      await store.db
        .insertInto('schema_migrations')
        .values({ version: future, name: 'from-the-future', applied_at: nowIso() })
        .execute();
      const schema = await introspectSchema(store);

      await expect(migrate(store)).rejects.toThrow(
        `schema version ${future}, newer than this Baton`,
      );
      expect(await introspectSchema(store)).toEqual(schema);
    });

    it('keeps the audit log append-only: UPDATE and DELETE are refused by the store', async () => {
      const store = await fresh();
      await migrate(store);
      const workspaceId = await insertRows(store);
      const entry = await store.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();

      await expect(
        store.db
          .updateTable('audit_log')
          .set({ action: 'rewritten' })
          .where('workspace_id', '=', workspaceId)
          .execute(),
      ).rejects.toThrow('audit_log is append-only');
      await expect(store.db.deleteFrom('audit_log').execute()).rejects.toThrow(
        'audit_log is append-only',
      );
      if (dialect === 'postgres') {
        await expect(sql`truncate audit_log cascade`.execute(store.db)).rejects.toThrow(
          'audit_log is append-only',
        );
      }

      expect(await store.db.selectFrom('audit_log').selectAll().execute()).toEqual([entry]);
    });

    if (dialect === 'postgres') {
      it('applies each migration exactly once when several nodes migrate at the same moment', async () => {
        const scratch = await scratchStore('postgres');
        scratches.push(scratch);
        const url = scratch.env.DATABASE_URL!;
        const nodes = [scratch.store];
        for (let i = 0; i < 2; i++) {
          const node = openStore({ kind: 'postgres', url, poolSize: 2 });
          extraStores.push(node);
          nodes.push(node);
        }

        const results = await Promise.all(
          nodes.map((node) => migrate(node, { migrations: extended })),
        );

        const applied = results.flatMap((result) => result.applied.map((step) => step.version));
        expect(applied.sort((a, b) => a - b)).toEqual(extended.map((step) => step.version));
        expect(await count(scratch.store, 'schema_migrations')).toBe(extended.length);

        const reference = await fresh();
        await migrate(reference, { migrations: extended });
        expect(await introspectSchema(scratch.store)).toEqual(await introspectSchema(reference));
      });
    }
  });
}
