import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

async function count(store: Store, table: 'activities' | 'audit_log'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

/** Signs the workspace's admin in; activities they log carry their user id. */
async function signIn(
  url: string,
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const login = await call(url, 'POST', '/api/v1/auth/login', { body: { email, password } });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

  return { cookie, csrf: login.body.csrfToken as string };
}

describeEachStore('activities API', (scratch) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;
  let adminId: string;
  let session: { cookie: string; csrf: string };
  let personId: string;
  let otherPersonId: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const workspace = await newWorkspace(scratch().store);
    const other = await newWorkspace(scratch().store, 'Other Co');
    token = workspace.apiKey.token;
    otherToken = other.apiKey.token;
    adminId = workspace.adminUserId;
    session = await signIn(server.url, workspace.adminEmail, workspace.adminPassword);
    personId = (
      await call(server.url, 'POST', '/api/v1/people', {
        token,
        body: { email: 'ada@example.com' },
      })
    ).body.id;
    otherPersonId = (
      await call(server.url, 'POST', '/api/v1/people', {
        token: otherToken,
        body: { email: 'bob@example.com' },
      })
    ).body.id;
  });

  afterAll(() => server.close());

  it('logs an activity as the signed-in user, or as nobody for an API key', async () => {
    const byUser = await call(server.url, 'POST', '/api/v1/activities', {
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: {
        personId,
        kind: 'call',
        subject: '  Intro call ',
        body: 'Wants a demo.',
        occurredAt: '2025-03-01T10:00:00+01:00',
      },
    });
    expect(byUser.status).toBe(201);
    expect(byUser.body).toMatchObject({
      personId,
      userId: adminId,
      kind: 'call',
      subject: 'Intro call',
      body: 'Wants a demo.',
      occurredAt: '2025-03-01T09:00:00.000Z',
    });

    const byKey = await call(server.url, 'POST', '/api/v1/activities', {
      token,
      body: { personId, kind: 'note', subject: 'Imported note' },
    });
    expect(byKey.status).toBe(201);
    expect(byKey.body).toMatchObject({ userId: null, body: null });
    expect(Date.parse(byKey.body.occurredAt)).toBeGreaterThan(Date.now() - 60_000);

    const read = await call(server.url, 'GET', `/api/v1/activities/${byUser.body.id}`, { token });
    expect(read.body).toEqual(byUser.body);

    const audit = await call(server.url, 'GET', `/api/v1/audit?subjectId=${byUser.body.id}`, {
      token,
    });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      action: 'activity.created',
      actorType: 'user',
      actorId: adminId,
    });

    const timeline = await call(server.url, 'GET', `/api/v1/people/${personId}/timeline`, {
      token,
    });
    expect(timeline.body.data.filter((i: { kind: string }) => i.kind === 'activity')).toHaveLength(
      2,
    );
  });

  it('lists newest first with filters and cursors', async () => {
    const second = (
      await call(server.url, 'POST', '/api/v1/people', {
        token,
        body: { email: 'grace@example.com' },
      })
    ).body.id as string;
    for (let day = 1; day <= 5; day++) {
      await call(server.url, 'POST', '/api/v1/activities', {
        token,
        body: {
          personId: second,
          kind: day % 2 ? 'email' : 'meeting',
          subject: `Day ${day}`,
          occurredAt: `2025-04-0${day}T12:00:00Z`,
        },
      });
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        server.url,
        'GET',
        `/api/v1/activities?personId=${second}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((a: { subject: string }) => a.subject));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Day 5', 'Day 4', 'Day 3', 'Day 2', 'Day 1']);

    const meetings = await call(
      server.url,
      'GET',
      `/api/v1/activities?personId=${second}&kind=meeting`,
      { token },
    );
    expect(meetings.body.data.map((a: { subject: string }) => a.subject)).toEqual([
      'Day 4',
      'Day 2',
    ]);

    const mine = await call(server.url, 'GET', `/api/v1/activities?userId=${adminId}`, { token });
    expect(mine.body.data.map((a: { subject: string }) => a.subject)).toEqual(['Intro call']);
  });

  it('answers 404 for activities and people of another workspace', async () => {
    const own = await call(server.url, 'POST', '/api/v1/activities', {
      token,
      body: { personId, kind: 'note', subject: 'Private' },
    });

    const read = await call(server.url, 'GET', `/api/v1/activities/${own.body.id}`, {
      token: otherToken,
    });
    expect(read.status).toBe(404);
    expect(read.body.error).toMatchObject({ code: 'activity_not_found', field: 'id' });

    const foreign = await call(server.url, 'POST', '/api/v1/activities', {
      token,
      body: { personId: otherPersonId, kind: 'note', subject: 'x' },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'person_not_found', field: 'personId' });

    const listed = await call(server.url, 'GET', `/api/v1/activities?personId=${personId}`, {
      token: otherToken,
    });
    expect(listed.body.data).toEqual([]);
  });

  it('names the field and the reason for bad input, and writes nothing', async () => {
    const store = scratch().store;
    const before = {
      activities: await count(store, 'activities'),
      audit: await count(store, 'audit_log'),
    };
    const cases: [unknown, string, string][] = [
      [{ kind: 'call', subject: 'x' }, 'required', 'personId'],
      [{ personId, subject: 'x' }, 'required', 'kind'],
      [{ personId, kind: 'fax', subject: 'x' }, 'not_allowed', 'kind'],
      [{ personId, kind: 'call' }, 'required', 'subject'],
      [{ personId, kind: 'call', subject: ' ' }, 'required', 'subject'],
      [{ personId, kind: 'call', subject: 'x'.repeat(201) }, 'too_long', 'subject'],
      [
        { personId, kind: 'call', subject: 'x', occurredAt: 'yesterday' },
        'invalid_format',
        'occurredAt',
      ],
      [{ personId, kind: 'call', subject: 'x', userId: 'usr_me' }, 'unknown_field', 'userId'],
      [{ personId: 'per_nobody', kind: 'call', subject: 'x' }, 'person_not_found', 'personId'],
    ];
    for (const [body, code, field] of cases) {
      const result = await call(server.url, 'POST', '/api/v1/activities', { token, body });
      expect(result.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(result.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }

    const badQuery = await call(server.url, 'GET', '/api/v1/activities?kind=fax', { token });
    expect(badQuery.body.error).toMatchObject({ code: 'not_allowed', field: 'kind' });

    expect(await count(store, 'activities')).toBe(before.activities);
    expect(await count(store, 'audit_log')).toBe(before.audit);
  });
});
