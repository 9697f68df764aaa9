import { join } from 'node:path';

import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { expect, it } from 'vitest';

import { openStore } from '../src/store/database.js';
import { analyzeStore } from '../src/store/statistics.js';
import { describeEachStore } from './support/stores.js';

// SQLite prepares a statement again on every execution while `sqlite_stat4` holds samples
// (see `store/statistics.ts`), so Baton keeps the per-index figures and drops the samples.

async function fillSampleTable(run: (text: string) => Promise<unknown>): Promise<void> {
  await run('create table stat_sample (id integer primary key, kind text not null)');
  await run('create index stat_sample_kind on stat_sample (kind)');
  await run(`insert into stat_sample (id, kind)
    select n, case when n % 10 = 0 then 'rare' else 'common' end
    from (with recursive seq(n) as (select 1 union all select n + 1 from seq where n < 500)
      select n from seq) numbers`);
}

function sampleCount(file: string): number {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    const row = sqlite.prepare('select count(*) as n from sqlite_stat4').get() as { n: number };

    return row.n;
  } finally {
    sqlite.close();
  }
}

describeEachStore('planner statistics', (scratch, dialect) => {
  it('gathers statistics for the planner and, on SQLite, keeps no STAT4 samples', async () => {
    const { store, env } = scratch();
    await fillSampleTable((text) => sql.raw(text).execute(store.db));

    await analyzeStore(store);

    if (dialect === 'sqlite') {
      const stat1 = await sql<{ tbl: string }>`select tbl from sqlite_stat1`.execute(store.db);
      expect(stat1.rows.map((row) => row.tbl)).toContain('stat_sample');
      expect(sampleCount(join(env.BATON_DATA_DIR!, 'baton.sqlite'))).toBe(0);
    } else {
      const analyzed = await sql<{ n: number }>`select count(*)::int as n from pg_stats
        where tablename = 'stat_sample'`.execute(store.db);
      expect(analyzed.rows[0]!.n).toBeGreaterThan(0);
    }
  });

  it.runIf(dialect === 'sqlite')(
    'drops the samples that a plain ANALYZE left when it opens a file',
    async () => {
      const file = join(scratch().env.BATON_DATA_DIR!, 'other.sqlite');
      const raw = new SQLite(file);
      await fillSampleTable(async (text) => raw.exec(text));
      raw.exec('analyze');
      raw.close();
      expect(sampleCount(file)).toBeGreaterThan(0);

      const store = openStore({ kind: 'sqlite', file });
      await store.close();

      expect(sampleCount(file)).toBe(0);
    },
  );
});
