import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

async function count(
  store: Store,
  table: 'workspaces' | 'memberships' | 'api_keys' | 'audit_log',
): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

async function signIn(
  url: string,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const login = await call(url, 'POST', '/api/v1/auth/login', { body: { email, password } });
  expect(login.status).toBe(200);

  return {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': login.body.csrfToken as string,
  };
}

describeEachStore('workspaces API', (scratch) => {
  let server: TestServer;
  let workspace: Awaited<ReturnType<typeof newWorkspace>>;
  let other: Awaited<ReturnType<typeof newWorkspace>>;
  let session: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    workspace = await newWorkspace(scratch().store, 'Acme');
    other = await newWorkspace(scratch().store, 'Other Co');
    session = await signIn(server.url, workspace.adminEmail, workspace.adminPassword);
  });

  afterAll(() => server.close());

  it('shows the current workspace with its lifecycle stages', async () => {
    const current = await call(server.url, 'GET', '/api/v1/workspaces/current', {
      token: workspace.apiKey.token,
    });

    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: workspace.workspaceId, name: 'Acme' });
    expect(current.body.lifecycleStages.map((s: { key: string }) => s.key)).toContain('mql');
    expect(current.body.lifecycleStages[0]).toEqual({
      key: 'subscriber',
      label: 'Subscriber',
      zone: 'tofu',
      owned: false,
    });
  });

  it('renames only the caller’s workspace, with an audit entry', async () => {
    const renamed = await call(server.url, 'PATCH', '/api/v1/workspaces/current', {
      headers: session,
      body: { name: '  Acme Europe ' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Acme Europe');

    const untouched = await call(server.url, 'GET', '/api/v1/workspaces/current', {
      token: other.apiKey.token,
    });
    expect(untouched.body.name).toBe('Other Co');

    const audit = await call(
      server.url,
      'GET',
      `/api/v1/audit?subjectId=${workspace.workspaceId}&action=workspace.renamed`,
      { token: workspace.apiKey.token },
    );
    expect(audit.body.data[0]).toMatchObject({
      actorType: 'user',
      actorId: workspace.adminUserId,
      before: { name: 'Acme' },
      after: { name: 'Acme Europe' },
    });
  });

  it('refuses bad names and writes nothing', async () => {
    const before = await count(scratch().store, 'audit_log');
    const cases: [unknown, string, string][] = [
      [{}, 'required', 'name'],
      [{ name: '  ' }, 'required', 'name'],
      [{ name: 'x'.repeat(201) }, 'too_long', 'name'],
      [{ name: 'X', plan: 'pro' }, 'unknown_field', 'plan'],
      [{ name: 7 }, 'wrong_type', 'name'],
    ];
    for (const [body, code, field] of cases) {
      for (const method of ['PATCH', 'POST'] as const) {
        const path = method === 'PATCH' ? '/api/v1/workspaces/current' : '/api/v1/workspaces';
        const result = await call(server.url, method, path, { headers: session, body });
        expect(result.status, `${method} ${JSON.stringify(body)}`).toBe(400);
        expect(result.body.error).toMatchObject({ code, field });
      }
    }

    expect(await count(scratch().store, 'audit_log')).toBe(before);
  });

  it('lists a user’s workspaces with roles, and only its own for an API key', async () => {
    const byKey = await call(server.url, 'GET', '/api/v1/workspaces', {
      token: other.apiKey.token,
    });
    expect(byKey.body.data).toEqual([{ id: other.workspaceId, name: 'Other Co', role: null }]);

    const bySession = await call(server.url, 'GET', '/api/v1/workspaces', { headers: session });
    expect(bySession.body.data).toEqual([
      { id: workspace.workspaceId, name: 'Acme Europe', role: 'admin' },
    ]);
  });

  it('creates another workspace for the signed-in user, with keys shown once', async () => {
    const store = scratch().store;
    const counts = {
      workspaces: await count(store, 'workspaces'),
      keys: await count(store, 'api_keys'),
    };

    const created = await call(server.url, 'POST', '/api/v1/workspaces', {
      headers: session,
      body: { name: 'Acme Labs' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Acme Labs' });
    expect(created.body.writeKey).toMatch(/^wk_/);
    expect(created.body.apiKey).toMatch(/^bk_/);
    expect(await count(store, 'workspaces')).toBe(counts.workspaces + 1);
    expect(await count(store, 'api_keys')).toBe(counts.keys + 2);

    const current = await call(server.url, 'GET', '/api/v1/workspaces/current', {
      token: created.body.apiKey,
    });
    expect(current.body).toMatchObject({ id: created.body.id, name: 'Acme Labs' });

    const mine = await call(server.url, 'GET', '/api/v1/workspaces', { headers: session });
    expect(mine.body.data).toEqual([
      { id: workspace.workspaceId, name: 'Acme Europe', role: 'admin' },
      { id: created.body.id, name: 'Acme Labs', role: 'admin' },
    ]);

    const audit = await call(server.url, 'GET', '/api/v1/audit?action=workspace.created', {
      token: created.body.apiKey,
    });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      actorType: 'user',
      actorId: workspace.adminUserId,
      subjectId: created.body.id,
    });

    // The session stays where it was; the new workspace is one switch away.
    const still = await call(server.url, 'GET', '/api/v1/workspaces/current', { headers: session });
    expect(still.body.id).toBe(workspace.workspaceId);
  });

  it('creates workspaces for signed-in users only', async () => {
    const before = await count(scratch().store, 'workspaces');
    const byKey = await call(server.url, 'POST', '/api/v1/workspaces', {
      token: workspace.apiKey.token,
      body: { name: 'Robot Co' },
    });

    expect(byKey.status).toBe(401);
    expect(await count(scratch().store, 'workspaces')).toBe(before);
  });
});
