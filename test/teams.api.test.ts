import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Role } from '../src/auth/permissions.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

/** A user who belongs to `workspaceId`; they never sign in, so the hash is a placeholder. */
async function addUser(
  store: Store,
  workspaceId: WorkspaceId,
  name: string,
  role: Role = 'sales_rep',
): Promise<string> {
  const id = newId('user');
  const now = new Date().toISOString();
  await store.db
    .insertInto('users')
    .values({
      id,
      email: `${id}@example.com`,
      name,
      password_hash: 'not-a-login',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await store.db
    .insertInto('memberships')
    .values({ workspace_id: workspaceId, user_id: id, role, created_at: now })
    .execute();

  return id;
}

async function count(store: Store, table: 'teams' | 'team_members' | 'audit_log'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

const berlin = {
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    mon: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    fri: [{ start: '08:00', end: '14:00' }],
  },
  holidays: ['2025-12-25', '2025-01-01'],
};

describeEachStore('teams API', (scratch) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;
  let workspaceId: WorkspaceId;
  let rep: string;
  let manager: string;
  let outsider: string;

  beforeAll(async () => {
    const store = scratch().store;
    server = await startServer(store);
    const workspace = await newWorkspace(store);
    const other = await newWorkspace(store, 'Other Co');
    token = workspace.apiKey.token;
    otherToken = other.apiKey.token;
    workspaceId = workspace.workspaceId;
    rep = await addUser(store, workspaceId, 'Rita Rep');
    manager = await addUser(store, workspaceId, 'Max Manager', 'sales_manager');
    outsider = await addUser(store, other.workspaceId, 'Olga Outsider');
  });

  afterAll(() => server.close());

  it('creates a team with the default calendar, reads, renames and lists it', async () => {
    const created = await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'Inbound', kind: 'sales' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Inbound',
      kind: 'sales',
      managerId: null,
      members: [],
    });
    expect(created.body.calendar).toEqual({
      timeZone: 'UTC',
      weeklyHours: {
        mon: [{ start: '09:00', end: '17:00' }],
        tue: [{ start: '09:00', end: '17:00' }],
        wed: [{ start: '09:00', end: '17:00' }],
        thu: [{ start: '09:00', end: '17:00' }],
        fri: [{ start: '09:00', end: '17:00' }],
        sat: [],
        sun: [],
      },
      holidays: [],
    });

    const id = created.body.id as string;
    const patched = await call(server.url, 'PATCH', `/api/v1/teams/${id}`, {
      token,
      body: { name: 'Inbound EMEA', managerId: manager, calendar: berlin },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Inbound EMEA', managerId: manager });
    expect(patched.body.calendar.timeZone).toBe('Europe/Berlin');
    expect(patched.body.calendar.weeklyHours.tue).toEqual([]);
    expect(patched.body.calendar.holidays).toEqual(['2025-01-01', '2025-12-25']);

    const read = await call(server.url, 'GET', `/api/v1/teams/${id}`, { token });
    expect(read.body).toEqual(patched.body);

    const listed = await call(server.url, 'GET', '/api/v1/teams?kind=sales', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((t: { id: string }) => t.id)).toContain(id);
    expect(listed.body.nextCursor).toBeNull();

    const audit = await call(server.url, 'GET', `/api/v1/audit?subjectId=${id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'team.updated',
      'team.created',
    ]);
    expect(audit.body.data[0].before.name).toBe('Inbound');
    expect(audit.body.data[0].after.name).toBe('Inbound EMEA');
  });

  it('adds, changes and removes members with capacity and availability', async () => {
    const team = await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'Outbound', kind: 'sales' },
    });
    const id = team.body.id as string;

    const added = await call(server.url, 'PUT', `/api/v1/teams/${id}/members/${rep}`, {
      token,
      body: {},
    });
    expect(added.status).toBe(200);
    expect(added.body.members).toEqual([
      {
        userId: rep,
        name: 'Rita Rep',
        email: `${rep}@example.com`,
        capacity: 25,
        availability: 'available',
        awayUntil: null,
      },
    ]);

    const away = await call(server.url, 'PUT', `/api/v1/teams/${id}/members/${rep}`, {
      token,
      body: { availability: 'out_of_office', awayUntil: '2030-01-10T08:00:00+01:00' },
    });
    expect(away.body.members[0]).toMatchObject({
      capacity: 25,
      availability: 'out_of_office',
      awayUntil: '2030-01-10T07:00:00.000Z',
    });

    const back = await call(server.url, 'PUT', `/api/v1/teams/${id}/members/${rep}`, {
      token,
      body: { availability: 'available', capacity: 40 },
    });
    expect(back.body.members[0]).toMatchObject({
      capacity: 40,
      availability: 'available',
      awayUntil: null,
    });

    const removed = await call(server.url, 'DELETE', `/api/v1/teams/${id}/members/${rep}`, {
      token,
    });
    expect(removed.status).toBe(204);
    const again = await call(server.url, 'DELETE', `/api/v1/teams/${id}/members/${rep}`, { token });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'team_member_not_found', field: 'userId' });

    const audit = await call(server.url, 'GET', `/api/v1/audit?subjectId=${id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'team.member_removed',
      'team.member_updated',
      'team.member_updated',
      'team.member_added',
      'team.created',
    ]);
  });

  it('deletes a team with its members', async () => {
    const team = await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'Short-lived', kind: 'marketing' },
    });
    await call(server.url, 'PUT', `/api/v1/teams/${team.body.id}/members/${rep}`, {
      token,
      body: { capacity: 3 },
    });

    const deleted = await call(server.url, 'DELETE', `/api/v1/teams/${team.body.id}`, { token });
    expect(deleted.status).toBe(204);
    expect((await call(server.url, 'GET', `/api/v1/teams/${team.body.id}`, { token })).status).toBe(
      404,
    );

    const audit = await call(
      server.url,
      'GET',
      `/api/v1/audit?subjectId=${team.body.id}&action=team.deleted`,
      { token },
    );
    expect(audit.body.data[0].before.memberIds).toEqual([rep]);
  });

  it('answers 404 for teams and users of another workspace', async () => {
    const team = await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'Private', kind: 'sales' },
    });
    const id = team.body.id as string;

    for (const [method, path, body] of [
      ['GET', `/api/v1/teams/${id}`, undefined],
      ['PATCH', `/api/v1/teams/${id}`, { name: 'Stolen' }],
      ['DELETE', `/api/v1/teams/${id}`, undefined],
      ['PUT', `/api/v1/teams/${id}/members/${outsider}`, {}],
    ] as const) {
      const result = await call(server.url, method, path, { token: otherToken, body });
      expect(result.status, `${method} ${path}`).toBe(404);
      expect(result.body.error).toMatchObject({ code: 'team_not_found', field: 'id' });
    }

    const member = await call(server.url, 'PUT', `/api/v1/teams/${id}/members/${outsider}`, {
      token,
      body: {},
    });
    expect(member.status).toBe(404);
    expect(member.body.error).toMatchObject({ code: 'user_not_found', field: 'userId' });

    const managed = await call(server.url, 'PATCH', `/api/v1/teams/${id}`, {
      token,
      body: { managerId: outsider },
    });
    expect(managed.status).toBe(404);
    expect(managed.body.error).toMatchObject({ code: 'user_not_found', field: 'managerId' });

    const listed = await call(server.url, 'GET', '/api/v1/teams', { token: otherToken });
    expect(listed.body.data.map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it('refuses a second team with the same name, in any case', async () => {
    await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'Partners', kind: 'sales' },
    });
    const again = await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'partners', kind: 'marketing' },
    });

    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'team_name_taken', field: 'name' });
  });

  it('lets exactly one of several racing requests take a name', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        call(server.url, 'POST', '/api/v1/teams', {
          token,
          body: { name: 'Racers', kind: 'sales' },
        }),
      ),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'team_name_taken', field: 'name' });
    }
  });

  it('names the field and the reason for bad input, and writes nothing', async () => {
    const store = scratch().store;
    const before = { teams: await count(store, 'teams'), audit: await count(store, 'audit_log') };
    const cases: [unknown, string, string][] = [
      [{ kind: 'sales' }, 'required', 'name'],
      [{ name: 'X' }, 'required', 'kind'],
      [{ name: 'X', kind: 'support' }, 'not_allowed', 'kind'],
      [{ name: 'X', kind: 'sales', colour: 'red' }, 'unknown_field', 'colour'],
      [{ name: 'x'.repeat(101), kind: 'sales' }, 'too_long', 'name'],
      [{ name: '   ', kind: 'sales' }, 'required', 'name'],
      [{ name: 'X', kind: 'sales', managerId: 'usr_nobody' }, 'user_not_found', 'managerId'],
      [
        { name: 'X', kind: 'sales', calendar: { timeZone: 'Europe/Atlantis' } },
        'invalid_time_zone',
        'calendar.timeZone',
      ],
      [
        {
          name: 'X',
          kind: 'sales',
          calendar: { weeklyHours: { mon: [{ start: '18:00', end: '09:00' }] } },
        },
        'invalid_interval',
        'calendar.weeklyHours.mon.0.end',
      ],
      [
        {
          name: 'X',
          kind: 'sales',
          calendar: {
            weeklyHours: {
              tue: [
                { start: '09:00', end: '12:00' },
                { start: '11:00', end: '13:00' },
              ],
            },
          },
        },
        'overlapping_intervals',
        'calendar.weeklyHours.tue.1.start',
      ],
      [
        { name: 'X', kind: 'sales', calendar: { weeklyHours: { funday: [] } } },
        'unknown_field',
        'calendar.weeklyHours.funday',
      ],
      [
        { name: 'X', kind: 'sales', calendar: { holidays: ['2025-02-30'] } },
        'invalid_date',
        'calendar.holidays.0',
      ],
      [
        { name: 'X', kind: 'sales', calendar: { holidays: ['2025-05-01', '2025-05-01'] } },
        'duplicate_holiday',
        'calendar.holidays.1',
      ],
    ];
    for (const [body, code, field] of cases) {
      const result = await call(server.url, 'POST', '/api/v1/teams', { token, body });
      expect(result.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(result.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }

    const team = await call(server.url, 'POST', '/api/v1/teams', {
      token,
      body: { name: 'Validation', kind: 'sales' },
    });
    const memberCases: [unknown, string, string][] = [
      [{ capacity: 1001 }, 'invalid', 'capacity'],
      [{ capacity: -1 }, 'invalid', 'capacity'],
      [{ capacity: 2.5 }, 'wrong_type', 'capacity'],
      [{ capacity: '5' }, 'wrong_type', 'capacity'],
      [{ availability: 'sleeping' }, 'not_allowed', 'availability'],
      [{ availability: 'away', awayUntil: 'next week' }, 'invalid_format', 'awayUntil'],
      [{ awayUntil: '2030-01-01T00:00:00Z' }, 'away_until_without_absence', 'awayUntil'],
      [{ availability: 'away', awayUntil: '2030-06-30T23:59:60Z' }, 'invalid_format', 'awayUntil'],
    ];
    for (const [body, code, field] of memberCases) {
      const result = await call(server.url, 'PUT', `/api/v1/teams/${team.body.id}/members/${rep}`, {
        token,
        body,
      });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }

    expect(await count(store, 'teams')).toBe(before.teams + 1);
    expect(await count(store, 'audit_log')).toBe(before.audit + 1);
    expect(
      (await call(server.url, 'GET', `/api/v1/teams/${team.body.id}`, { token })).body.members,
    ).toEqual([]);
  });

  it('pages through teams by name', async () => {
    for (const name of ['Zeta', 'Alpha', 'Mu', 'Beta']) {
      await call(server.url, 'POST', '/api/v1/teams', {
        token,
        body: { name: `Paged ${name}`, kind: 'marketing' },
      });
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        server.url,
        'GET',
        `/api/v1/teams?q=paged&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((t: { name: string }) => t.name));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual(['Paged Alpha', 'Paged Beta', 'Paged Mu', 'Paged Zeta']);
  });
});
