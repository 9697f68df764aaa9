import { sql } from 'kysely';
import { expect, it } from 'vitest';

import { workspaceLock } from '../src/store/workspace-lock.js';
import { describeEachStore } from './support/stores.js';

// On PostgreSQL `begin` travels with a transaction's first statement when that statement has
// no values (`store/postgres-deferred-begin.ts`). Transactions must behave exactly as before.
describeEachStore('transactions whose begin is held back', (scratch, dialect) => {
  const pgOnly = it.skipIf(dialect === 'sqlite');

  const notes = async () =>
    (
      await sql<{ body: string }>`select body from deferred_note order by body`.execute(
        scratch().store.db,
      )
    ).rows.map((row) => row.body);

  pgOnly('commits what a transaction wrote after a first statement without values', async () => {
    const db = scratch().store.db;
    await sql`create table deferred_note (body text primary key)`.execute(db);

    await db.transaction().execute(async (trx) => {
      await sql`select ${workspaceLock('ws_a')}`.execute(trx);
      await sql`insert into deferred_note (body) values (${'kept'})`.execute(trx);
    });

    expect(await notes()).toEqual(['kept']);
  });

  pgOnly('rolls the whole transaction back, the held-back begin included', async () => {
    const db = scratch().store.db;

    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into deferred_note (body) values ('dropped')`.execute(trx);
        await sql`insert into deferred_note (body) values (${'also dropped'})`.execute(trx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect(await notes()).toEqual(['kept']);
  });

  pgOnly('leaves the connection usable after the first statement fails', async () => {
    const db = scratch().store.db;

    await expect(
      db.transaction().execute(async (trx) => {
        await sql`select * from no_such_table`.execute(trx);
      }),
    ).rejects.toThrow(/no_such_table/);

    // Every pooled connection in turn: none is left inside an aborted transaction.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await sql`insert into deferred_note (body) values (${`after ${i}`})`.execute(trx);
        }),
      ),
    );
    expect(await notes()).toHaveLength(13);
  });

  pgOnly('keeps a transaction empty of statements harmless', async () => {
    const db = scratch().store.db;

    await db.transaction().execute(async () => undefined);

    expect(await notes()).toHaveLength(13);
  });

  pgOnly('makes a second holder of the workspace lock wait for the first to commit', async () => {
    const db = scratch().store.db;
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));

    const first = db.transaction().execute(async (trx) => {
      await sql`select ${workspaceLock('ws_lock')}`.execute(trx);
      locked();
      await released;
      order.push('first commits');
    });
    await holding;
    const second = db.transaction().execute(async (trx) => {
      await sql`select ${workspaceLock('ws_lock')}`.execute(trx);
      order.push('second holds the lock');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('first releases');
    release();
    await Promise.all([first, second]);

    expect(order).toEqual(['first releases', 'first commits', 'second holds the lock']);
  });
});
