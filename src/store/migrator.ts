import { sql, type Kysely } from 'kysely';

import type { Store } from './database.js';
import type { Migration } from './migration.js';
import { migrations as allMigrations } from './migrations/index.js';

export interface MigrationResult {
  readonly applied: readonly { version: number; name: string }[];
  readonly version: number;
}

// Any number of Baton nodes may start at once against one PostgreSQL; this lock makes
// exactly one of them apply the pending steps while the others wait and then find none.
const PG_MIGRATION_LOCK = 4_210_725;

async function ensureLedger(db: Kysely<unknown>, store: Store): Promise<void> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', store.dialect === 'postgres' ? 'timestamptz' : 'text', (c) =>
      c.notNull(),
    )
    .execute();
}

async function appliedVersions(store: Store): Promise<Set<number>> {
  const rows = await store.db.selectFrom('schema_migrations').select('version').execute();

  return new Set(rows.map((row) => row.version));
}

/**
 * Applies pending migrations, each in its own transaction, up to `target` (default: all).
 * Forward-only: a store newer than this code is refused rather than guessed at.
 */
export async function migrate(
  store: Store,
  options: { target?: number; migrations?: readonly Migration[] } = {},
): Promise<MigrationResult> {
  const list = options.migrations ?? allMigrations;
  const target = options.target ?? list.length;
  const applied: { version: number; name: string }[] = [];

  await store.db.transaction().execute(async (trx) => {
    if (store.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(trx);
    }

    await ensureLedger(trx as unknown as Kysely<unknown>, store);
  });

  const done = await appliedVersions(store);
  const newest = Math.max(0, ...done);
  if (newest > list.length) {
    throw new Error(
      `The store is at schema version ${newest}, newer than this Baton (${list.length}). Upgrade Baton.`,
    );
  }

  for (const migration of list) {
    if (migration.version > target || done.has(migration.version)) continue;

    await store.db.transaction().execute(async (trx) => {
      if (store.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(trx);
        const again = await trx
          .selectFrom('schema_migrations')
          .select('version')
          .where('version', '=', migration.version)
          .executeTakeFirst();
        if (again) return;
      }

      await migration.up(trx as unknown as Kysely<unknown>, store.dialect);
      await trx
        .insertInto('schema_migrations')
        .values({
          version: migration.version,
          name: migration.name,
          applied_at: new Date().toISOString(),
        })
        .execute();
      applied.push({ version: migration.version, name: migration.name });
    });
  }

  return { applied, version: Math.max(newest, ...applied.map((a) => a.version)) };
}

export function latestVersion(): number {
  return allMigrations.length;
}
