import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

import { openStore, serverStoreOptions, type Store } from '../src/store/database.js';

// SQLite only: PostgreSQL checkpoints in its own server processes. A server's SQLite store
// checkpoints on a worker thread (`store/sqlite-checkpointer.ts`); the connection that commits
// checkpoints by itself only past 10,000 pages of log. The database file grows only when a
// checkpoint copies pages into it, so its size tells who checkpointed.

const dir = mkdtempSync(join(tmpdir(), 'baton-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGES_WRITTEN = 300;

async function writePages(store: Store): Promise<void> {
  await sql`create table filler (id integer primary key, body text not null)`.execute(store.db);
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < PAGES_WRITTEN; i++) {
      await sql`insert into filler (id, body) values (${i}, ${'x'.repeat(3000)})`.execute(trx);
    }
  });
}

const fileSize = (file: string) => statSync(file).size;

async function sizeAfter(file: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && fileSize(file) < PAGES_WRITTEN * 3000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  return fileSize(file);
}

describe('SQLite checkpoints', () => {
  it('a server store copies committed pages into the file on its own thread', async () => {
    const file = join(dir, 'server.sqlite');
    const store = openStore(serverStoreOptions({ kind: 'sqlite', file }));
    try {
      await writePages(store);

      expect(await sizeAfter(file, 5000)).toBeGreaterThan(PAGES_WRITTEN * 3000);
    } finally {
      await store.close();
    }
  });

  it("a command's store leaves them to the committing connection, past its limit", async () => {
    const file = join(dir, 'command.sqlite');
    const store = openStore({ kind: 'sqlite', file });
    try {
      await writePages(store);

      expect(await sizeAfter(file, 500)).toBeLessThan(PAGES_WRITTEN * 3000);
    } finally {
      await store.close();
    }
  });

  it('closing a server store stops the thread and leaves the data in the file', async () => {
    const file = join(dir, 'closed.sqlite');
    const store = openStore(serverStoreOptions({ kind: 'sqlite', file }));
    await writePages(store);
    await store.close();

    const again = openStore({ kind: 'sqlite', file });
    try {
      const count = await sql<{ n: number }>`select count(*) as n from filler`.execute(again.db);

      expect(count.rows[0]!.n).toBe(PAGES_WRITTEN);
    } finally {
      await again.close();
    }
  });

  it('only SQLite stores change for a server', () => {
    const postgres = { kind: 'postgres', url: 'postgres://127.0.0.1/x' } as const;

    expect(serverStoreOptions(postgres)).toBe(postgres);
    expect(serverStoreOptions({ kind: 'sqlite', file: 'a.sqlite' })).toEqual({
      kind: 'sqlite',
      file: 'a.sqlite',
      checkpoints: 'background',
    });
  });
});
