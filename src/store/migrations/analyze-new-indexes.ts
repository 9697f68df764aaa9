import { sql, type Kysely } from 'kysely';

import type { Dialect } from '../database.js';

async function tableExists(db: Kysely<unknown>, name: string): Promise<boolean> {
  const { rows } =
    await sql`select 1 from sqlite_schema where type = 'table' and name = ${name}`.execute(db);

  return rows.length > 0;
}

/**
 * Gives indexes a migration adds the planner's figures when the store has figures already (the
 * demo analyses after its bulk load). SQLite takes an index without figures for a highly
 * selective one and would pick it over analysed ones for queries it does not suit. Kept as
 * `store/statistics.ts` keeps them: `sqlite_stat1`'s figures, no STAT4 samples. PostgreSQL
 * plans from its tables' column statistics; the tables are analysed again for the new
 * expressions.
 */
export async function analyzeNewIndexes(
  db: Kysely<unknown>,
  dialect: Dialect,
  tables: readonly string[],
  indexes: readonly string[],
): Promise<void> {
  if (dialect === 'postgres') {
    for (const table of tables) await sql`analyze ${sql.id(table)}`.execute(db);

    return;
  }
  if (!(await tableExists(db, 'sqlite_stat1'))) return;

  for (const index of indexes) await sql`analyze ${sql.id(index)}`.execute(db);
  if (await tableExists(db, 'sqlite_stat4')) await sql`delete from sqlite_stat4`.execute(db);
  await sql`analyze sqlite_schema`.execute(db);
}
