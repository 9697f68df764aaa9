import { sql } from 'kysely';
import { expect, it } from 'vitest';

import { runCompiled } from '../src/store/compiled-query.js';
import { readDirectly } from '../src/store/sqlite-direct-read.js';
import { describeEachStore } from './support/stores.js';

// On SQLite, hot SELECTs skip Kysely's connection queue (`store/sqlite-direct-read.ts`). The
// one connection is shared, so a read must never see another caller's open transaction.

const readNotes = (db: Parameters<typeof runCompiled>[0]) =>
  runCompiled(
    db,
    'test.directRead.notes',
    (slot) =>
      db
        .selectFrom(sql<{ id: number; body: string }>`direct_read_note`.as('note'))
        .select(['note.id', 'note.body'])
        .where('note.id', '>', sql<number>`${slot(0)}`)
        .orderBy('note.id'),
    [0],
  );

describeEachStore('reads next to transactions', (scratch, dialect) => {
  it('creates the table the reads look at', async () => {
    const { store } = scratch();
    await sql`create table direct_read_note (id integer primary key, body text not null)`.execute(
      store.db,
    );
    await sql`insert into direct_read_note (id, body) values (1, 'committed')`.execute(store.db);
  });

  it('reads committed rows at once outside a transaction (directly on SQLite)', async () => {
    const { store } = scratch();
    const compiled = sql`select id, body from direct_read_note order by id`.compile(store.db);

    const direct = readDirectly(store.db, compiled);

    if (dialect === 'sqlite') expect(direct).toEqual([{ id: 1, body: 'committed' }]);
    else expect(direct).toBeUndefined();
    expect(await readNotes(store.db)).toEqual([{ id: 1, body: 'committed' }]);
  });

  it('never lets a read outside a transaction see what the transaction has not committed', async () => {
    const { store } = scratch();
    let committedAt = Infinity;
    let outside: Promise<{ rows: unknown[]; at: number }> | undefined;

    await store.db.transaction().execute(async (trx) => {
      await sql`insert into direct_read_note (id, body) values (2, 'pending')`.execute(trx);
      expect(readDirectly(trx, sql`select 1`.compile(trx))).toBeUndefined();

      outside = readNotes(store.db).then((rows) => ({ rows, at: performance.now() }));
      await new Promise((resolve) => setTimeout(resolve, 30));

      expect(await readNotes(trx)).toHaveLength(2);
      committedAt = performance.now();
    });

    const read = await outside!;
    const sawPending = read.rows.some((row) => (row as { body: string }).body === 'pending');
    if (sawPending) expect(read.at).toBeGreaterThanOrEqual(committedAt);
    // SQLite has one connection: the read waits for the commit; PostgreSQL reads the old rows.
    expect(read.rows).toHaveLength(dialect === 'sqlite' ? 2 : 1);
  });

  it('answers a rolled-back write with the rows before it', async () => {
    const { store } = scratch();

    await expect(
      store.db.transaction().execute(async (trx) => {
        await sql`insert into direct_read_note (id, body) values (3, 'rolled back')`.execute(trx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect((await readNotes(store.db)).map((row) => row.id)).toEqual([1, 2]);
  });
});

// Each SELECT's text is prepared once per SQLite connection and run again as is.
describeEachStore('reads prepared once', (scratch, dialect) => {
  const readKept = (db: Parameters<typeof runCompiled>[0]) =>
    runCompiled(
      db,
      'test.directRead.kept',
      (slot) =>
        db
          .selectFrom(sql<{ id: number }>`kept_read_note`.as('note'))
          .selectAll()
          .where('note.id', '>', sql<number>`${slot(0)}`)
          .orderBy('note.id'),
      [0],
    );

  it('sees what was written since it last ran', async () => {
    const { store } = scratch();
    await sql`create table kept_read_note (id integer primary key, body text not null)`.execute(
      store.db,
    );
    await sql`insert into kept_read_note (id, body) values (1, 'first')`.execute(store.db);
    expect(await readKept(store.db)).toEqual([{ id: 1, body: 'first' }]);

    await sql`insert into kept_read_note (id, body) values (2, 'second')`.execute(store.db);
    await sql`update kept_read_note set body = 'changed' where id = 1`.execute(store.db);
    expect(await readKept(store.db)).toEqual([
      { id: 1, body: 'changed' },
      { id: 2, body: 'second' },
    ]);
  });

  it('follows the table when its shape changes (SQLite prepares the statement again)', async () => {
    // PostgreSQL's named statements refuse a changed result type; migrations run before serving.
    if (dialect !== 'sqlite') return;
    const { store } = scratch();

    await sql`alter table kept_read_note add column extra text not null default 'x'`.execute(
      store.db,
    );

    expect(await readKept(store.db)).toEqual([
      { id: 1, body: 'changed', extra: 'x' },
      { id: 2, body: 'second', extra: 'x' },
    ]);
  });
});
