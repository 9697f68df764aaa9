import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey } from '../src/api-keys/api-key.service.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

const PASSWORD = 'correct horse battery';

describeEachStore('users API', (scratch) => {
  let server: TestServer;
  let token: string;
  let readToken: string;
  let workspaceId: WorkspaceId;
  let adminUserId: string;
  let otherToken: string;

  beforeAll(async () => {
    const store = scratch().store;
    server = await startServer(store);
    const mine = await newWorkspace(store);
    token = mine.apiKey.token;
    workspaceId = mine.workspaceId;
    adminUserId = mine.adminUserId;
    const actor = { type: 'system', id: 'test' } as const;
    readToken = (
      await createApiKey(store.db, { workspaceId, actor }, { name: 'reader', scope: 'read' })
    ).token;
    otherToken = (await newWorkspace(store, 'Other Co')).apiKey.token;
  });

  afterAll(() => server.close());

  const add = (body: Record<string, unknown>, as = token) =>
    call(server.url, 'POST', '/api/v1/users', { token: as, body });

  it('adds, lists, reads and renames a member, and audits it without the password', async () => {
    const added = await add({
      email: 'Rita.Rep@Example.com',
      name: 'Rita Rep',
      password: PASSWORD,
      role: 'sales_rep',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      email: 'rita.rep@example.com',
      name: 'Rita Rep',
      role: 'sales_rep',
    });
    const id = added.body.id as string;

    const listed = await call(server.url, 'GET', '/api/v1/users', { token: readToken });
    expect(listed.body.data.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([id, adminUserId]),
    );
    expect(Object.keys(listed.body.data[0]).sort()).toEqual([
      'createdAt',
      'email',
      'id',
      'name',
      'role',
    ]);

    const renamed = await call(server.url, 'PATCH', `/api/v1/users/${id}`, {
      token,
      body: { name: 'Rita R. Rep' },
    });
    expect(renamed.body.name).toBe('Rita R. Rep');
    expect((await call(server.url, 'GET', `/api/v1/users/${id}`, { token })).body.name).toBe(
      'Rita R. Rep',
    );

    const audit = await scratch()
      .store.db.selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.added', 'user.renamed']);
    expect(JSON.stringify(audit)).not.toMatch(/password|argon2|correct horse/i);
    const row = await scratch()
      .store.db.selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('lets a user of another workspace join, and refuses a second membership', async () => {
    const email = `shared.${Date.now()}@example.com`;
    const there = await add(
      { email, name: 'Shared Sam', password: PASSWORD, role: 'viewer' },
      otherToken,
    );
    const here = await add({
      email,
      name: 'Ignored Name',
      password: 'another password',
      role: 'marketing',
    });
    expect(here.status).toBe(201);
    expect(here.body).toMatchObject({ id: there.body.id, name: 'Shared Sam', role: 'marketing' });

    const again = await add({ email, name: 'Sam', password: PASSWORD, role: 'viewer' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_member', field: 'email' });
  });

  it('answers 404 for a user of another workspace, for every verb', async () => {
    const foreign = await add(
      {
        email: `foreign.${Date.now()}@example.com`,
        name: 'Foreign',
        password: PASSWORD,
        role: 'viewer',
      },
      otherToken,
    );
    const path = `/api/v1/users/${foreign.body.id}`;

    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { role: 'admin' }],
      ['DELETE', undefined],
    ] as const) {
      const answer = await call(server.url, method, path, { token, body });
      expect(answer.status, method).toBe(404);
      expect(answer.body.error.code).toBe('user_not_found');
    }
    expect((await call(server.url, 'GET', path, { token: otherToken })).body.role).toBe('viewer');
  });

  it('never leaves the workspace without an admin', async () => {
    const demote = await call(server.url, 'PATCH', `/api/v1/users/${adminUserId}`, {
      token,
      body: { role: 'viewer' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatchObject({ code: 'last_admin', field: 'role' });
    const remove = await call(server.url, 'DELETE', `/api/v1/users/${adminUserId}`, { token });
    expect(remove.body.error.code).toBe('last_admin');

    const second = await add({
      email: `second.admin.${Date.now()}@example.com`,
      name: 'Second',
      password: PASSWORD,
      role: 'admin',
    });
    const demoted = await call(server.url, 'PATCH', `/api/v1/users/${adminUserId}`, {
      token,
      body: { role: 'sales_manager' },
    });
    expect(demoted.body.role).toBe('sales_manager');

    const lastOne = await call(server.url, 'DELETE', `/api/v1/users/${second.body.id}`, { token });
    expect(lastOne.body.error.code).toBe('last_admin');
    await call(server.url, 'PATCH', `/api/v1/users/${adminUserId}`, {
      token,
      body: { role: 'admin' },
    });
  });

  it('removes a member, but not one who still owns people', async () => {
    const rep = await add({
      email: `owner.${Date.now()}@example.com`,
      name: 'Owner',
      password: PASSWORD,
      role: 'sales_rep',
    });
    const person = await call(server.url, 'POST', '/api/v1/people', {
      token,
      body: {
        email: `lead.${Date.now()}@example.com`,
        lifecycleStage: 'mql',
        ownerId: rep.body.id,
      },
    });
    expect(person.status).toBe(201);

    const refused = await call(server.url, 'DELETE', `/api/v1/users/${rep.body.id}`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('member_has_assignments');

    const leaver = await add({
      email: `leaver.${Date.now()}@example.com`,
      name: 'Leaver',
      password: PASSWORD,
      role: 'viewer',
    });
    const removed = await call(server.url, 'DELETE', `/api/v1/users/${leaver.body.id}`, { token });
    expect(removed.status).toBe(200);
    expect(
      (await call(server.url, 'GET', `/api/v1/users/${leaver.body.id}`, { token })).status,
    ).toBe(404);
    const audit = await scratch()
      .store.db.selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', leaver.body.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.added', 'user.removed']);
  });

  it('names the field and the reason for bad input, and writes nothing', async () => {
    const good = {
      email: 'bad.input@example.com',
      name: 'Bad Input',
      password: PASSWORD,
      role: 'viewer',
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...good, email: 'not-an-email' }, 'invalid_email', 'email'],
      [{ ...good, role: 'wizard' }, 'not_allowed', 'role'],
      [{ ...good, password: 'short' }, 'too_short', 'password'],
      [{ ...good, name: 'x'.repeat(201) }, 'too_long', 'name'],
      [{ ...good, name: '   ' }, 'required', 'name'],
      [{ ...good, nickname: 'x' }, 'unknown_field', 'nickname'],
      [{ email: good.email }, 'required', 'name'],
    ];
    for (const [body, code, field] of cases) {
      const answer = await add(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }

    const stored = await scratch()
      .store.db.selectFrom('users')
      .select('id')
      .where('email', '=', good.email)
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses management to a read-only key', async () => {
    const answer = await add(
      { email: 'nope@example.com', name: 'Nope', password: PASSWORD, role: 'viewer' },
      readToken,
    );
    expect(answer.status).toBe(403);
  });

  it('answers any e-mail text with 201 or a 4xx naming the field, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (email) => {
        const answer = await add({ email, name: 'Prop', password: PASSWORD, role: 'viewer' });
        if (answer.status === 201) return;

        expect([400, 409]).toContain(answer.status);
        expect(answer.body.error.field).toBe('email');
      }),
      { numRuns: 40 },
    );
  });
});
