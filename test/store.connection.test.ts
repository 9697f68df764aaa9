import pg from 'pg';
import { expect, it } from 'vitest';

import { PG_ADMIN_URL, describeEachStore } from './support/stores.js';

describeEachStore('store connections', (scratch, dialect) => {
  it.runIf(dialect === 'postgres')('survives the server ending an idle connection', async () => {
    const { store } = scratch();
    const name = new URL(scratch().env.DATABASE_URL!).pathname.slice(1);
    await store.db.selectFrom('workspaces').select('id').execute();

    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await store.db.selectFrom('workspaces').select('id').execute()).toEqual([]);
  });
});
