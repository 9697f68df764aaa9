import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { personJsonCache } from '../src/people/person-json-cache.js';
import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore, type ScratchStore } from './support/stores.js';

// `GET /people` and `GET /people/:id` answer people rendered before from a cache, checked
// against the revision the store raises on every change (migration 0006). Whatever changes a
// person, through any route or behind Baton's back on another connection, the next read must
// show it.

/** An UPDATE run on a connection of its own, as another process would. */
async function updateElsewhere(scratch: ScratchStore, text: string, values: unknown[]) {
  if (scratch.store.dialect === 'sqlite') {
    const sqlite = new SQLite(scratch.store.location);
    try {
      sqlite.prepare(text.replaceAll(/\$\d+/g, '?')).run(...values);
    } finally {
      sqlite.close();
    }

    return;
  }

  const client = new pg.Client({ connectionString: scratch.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function revisionOf(store: Store, id: string): Promise<number> {
  const row = await store.db
    .selectFrom('people')
    .select('revision')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

  return row.revision;
}

describeEachStore('people list answered from rendered people', (scratch) => {
  let server: TestServer;
  let token: string;
  let personId: string;
  let companyId: string;
  let ownerId: string;

  const api = (method: string, path: string, body?: unknown) =>
    call(server.url, method, `/api/v1${path}`, { token, body });

  async function listedOnce(): Promise<Record<string, unknown>> {
    const page = await api('GET', '/people?limit=10');
    expect(page.status).toBe(200);

    return page.body.data.find((person: { id: string }) => person.id === personId);
  }

  async function readOnce(): Promise<Record<string, unknown>> {
    const person = await api('GET', `/people/${personId}`);
    expect(person.status).toBe(200);

    return person.body;
  }

  /**
   * The person as the person's own read and the people list show it, each rendered and then
   * the same again from the cache. The single read comes first, so that it finds the cache as
   * the previous change left it.
   */
  async function listed(): Promise<Record<string, unknown>> {
    const read = await readOnce();
    const rendered = await listedOnce();
    const cached = await listedOnce();
    expect(cached).toEqual(rendered);
    expect(read).toEqual(rendered);
    expect(await readOnce()).toEqual(rendered);

    return cached;
  }

  beforeAll(async () => {
    const { store } = scratch();
    const ws = await newWorkspace(store);
    token = ws.apiKey.token;
    ownerId = ws.adminUserId;
    server = await startServer(store);

    const company = await api('POST', '/companies', { name: 'Acme', domain: 'acme.example' });
    companyId = company.body.id;
    const person = await api('POST', '/people', {
      email: 'ada@acme.example',
      firstName: 'Ada',
      lastName: 'Lovelace',
      companyId,
    });
    expect(person.status).toBe(201);
    personId = person.body.id;

    // Others on the same page, so that a change to one person leaves most of it cached.
    for (const name of ['Grace', 'Edsger', 'Barbara', 'Donald']) {
      const other = await api('POST', '/people', { email: `${name.toLowerCase()}@example.org` });
      expect(other.status).toBe(201);
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('starts from the rendered person and keeps it', async () => {
    expect(await listed()).toMatchObject({ name: 'Ada Lovelace', company: { name: 'Acme' } });
    expect(personJsonCache(scratch().store.db).size).toBeGreaterThan(0);
  });

  it('shows an edit through the API', async () => {
    const before = await revisionOf(scratch().store, personId);
    expect((await api('PATCH', `/people/${personId}`, { title: 'CTO' })).status).toBe(200);

    expect(await listed()).toMatchObject({ title: 'CTO' });
    expect(await revisionOf(scratch().store, personId)).toBe(before + 1);
  });

  it('shows a stage move', async () => {
    const moved = await api('POST', `/people/${personId}/stage`, {
      stage: 'mql',
      reason: 'Met at the trade fair',
      ownerId,
    });
    expect(moved.status).toBe(200);

    expect(await listed()).toMatchObject({ lifecycleStage: 'mql' });
  });

  it("shows the company's new name, and only a rename raises the revision", async () => {
    const before = await revisionOf(scratch().store, personId);
    expect((await api('PATCH', `/companies/${companyId}`, { name: 'Acme Corp' })).status).toBe(200);
    expect(await listed()).toMatchObject({ company: { id: companyId, name: 'Acme Corp' } });
    expect(await revisionOf(scratch().store, personId)).toBe(before + 1);

    expect((await api('PATCH', `/companies/${companyId}`, { industry: 'Software' })).status).toBe(
      200,
    );
    expect(await revisionOf(scratch().store, personId)).toBe(before + 1);
  });

  it('shows a change written by another connection', async () => {
    await updateElsewhere(scratch(), 'update people set last_name = $1 where id = $2', [
      'Byron',
      personId,
    ]);
    expect(await listed()).toMatchObject({ name: 'Ada Byron', lastName: 'Byron' });

    await updateElsewhere(scratch(), 'update companies set name = $1 where id = $2', [
      'Analytical Engines',
      companyId,
    ]);
    expect(await listed()).toMatchObject({ company: { name: 'Analytical Engines' } });
  });
});
