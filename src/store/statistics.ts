import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';

import type { Store } from './database.js';

// better-sqlite3 builds SQLite with STAT4. When `sqlite_stat4` holds samples, SQLite assumes
// that a bound value may change the best plan and prepares the statement again on every
// execution after a new binding, which is every execution: a lookup that runs in 5 µs took
// 35 µs, and every prepared statement cache was for nothing. The per-index figures of
// `sqlite_stat1` choose the same indexes for Baton's queries, so Baton keeps those alone.

const HAS_SAMPLES_TABLE =
  "select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'";
// Emptying the table, then having the connection read the statistics again.
const DROP_SAMPLES = ['delete from sqlite_stat4', 'analyze sqlite_schema'];

/** Drops STAT4's samples, if any, and has the connection plan with `sqlite_stat1` alone. */
export function dropSampledStatistics(sqlite: SQLite.Database): void {
  if (!sqlite.prepare(HAS_SAMPLES_TABLE).get()) return;

  for (const statement of DROP_SAMPLES) sqlite.exec(statement);
}

/** Gathers the planner's statistics, as after a bulk load. */
export async function analyzeStore(store: Store): Promise<void> {
  await sql`analyze`.execute(store.db);
  if (store.dialect !== 'sqlite') return;

  const { rows } = await sql.raw(HAS_SAMPLES_TABLE).execute(store.db);
  if (rows.length === 0) return;

  for (const statement of DROP_SAMPLES) await sql.raw(statement).execute(store.db);
}
