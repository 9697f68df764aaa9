import { afterAll, beforeAll, expect, it } from 'vitest';

import { DEFAULT_STAGE_DEFINITIONS } from '../src/lifecycle/stages.js';
import { DEFAULT_TRANSITIONS } from '../src/lifecycle/transitions.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('lifecycle API', (scratch) => {
  let server: TestServer;
  let ws: Awaited<ReturnType<typeof newWorkspace>>;
  let token: string;
  let session: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    ws = await newWorkspace(scratch().store, 'Lifecycle Co');
    token = ws.apiKey.token;

    const login = await call(server.url, 'POST', '/api/v1/auth/login', {
      body: { email: ws.adminEmail, password: ws.adminPassword },
    });
    expect(login.status).toBe(200);
    session = {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
      'x-csrf-token': login.body.csrfToken as string,
    };
  });

  afterAll(() => server.close());

  const asUser = (method: string, path: string, body?: unknown) =>
    call(server.url, method, `/api/v1${path}`, { headers: session, body });
  const asKey = (method: string, path: string, body?: unknown) =>
    call(server.url, method, `/api/v1${path}`, { token, body });

  async function newLead(email: string): Promise<string> {
    const created = await asKey('POST', '/people', { email });
    expect(created.status).toBe(201);

    return created.body.id as string;
  }

  it('answers the default stages, zones and transitions', async () => {
    const lifecycle = await asKey('GET', '/workspaces/current/lifecycle');

    expect(lifecycle.status).toBe(200);
    expect(lifecycle.body).toEqual({
      stages: DEFAULT_STAGE_DEFINITIONS,
      transitions: DEFAULT_TRANSITIONS,
      defaultTransitions: true,
    });
  });

  it('moves a person by hand with a reason, audited with the cause', async () => {
    const id = await newLead('moved@acme.example');

    const moved = await asUser('POST', `/people/${id}/stage`, {
      stage: 'mql',
      reason: 'Met at the trade fair',
      ownerId: ws.adminUserId,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ lifecycleStage: 'mql', ownerId: ws.adminUserId });

    const audit = await asKey('GET', `/audit?subjectId=${id}&action=person.stage_changed`);
    expect(audit.body.data[0]).toMatchObject({
      actorType: 'user',
      reason: 'Met at the trade fair',
      before: { lifecycleStage: 'lead', ownerId: null },
      after: { lifecycleStage: 'mql', ownerId: ws.adminUserId, cause: 'user' },
    });
  });

  it('requires a reason of users, not of API keys, and records the cause', async () => {
    const id = await newLead('reason@acme.example');

    const refused = await asUser('POST', `/people/${id}/stage`, { stage: 'disqualified' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'reason_required', field: 'reason' });
    expect((await asKey('GET', `/people/${id}`)).body.lifecycleStage).toBe('lead');

    const blank = await asUser('POST', `/people/${id}/stage`, {
      stage: 'disqualified',
      reason: '   ',
    });
    expect(blank.body.error.code).toBe('reason_required');

    const byKey = await asKey('POST', `/people/${id}/stage`, { stage: 'disqualified' });
    expect(byKey.status).toBe(200);
    const audit = await asKey('GET', `/audit?subjectId=${id}&action=person.stage_changed`);
    expect(audit.body.data[0]).toMatchObject({
      actorType: 'api_key',
      after: { lifecycleStage: 'disqualified', cause: 'api' },
    });
  });

  it('refuses moves the transitions do not allow, unknown stages, and owned stages without an owner', async () => {
    const id = await newLead('blocked@acme.example');

    const jump = await asUser('POST', `/people/${id}/stage`, {
      stage: 'customer',
      reason: 'Signed',
    });
    expect(jump.status).toBe(409);
    expect(jump.body.error).toMatchObject({ code: 'transition_not_allowed', field: 'stage' });

    const unknown = await asUser('POST', `/people/${id}/stage`, { stage: 'golden', reason: 'x' });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_stage', field: 'stage' });

    const ownerless = await asUser('POST', `/people/${id}/stage`, { stage: 'mql', reason: 'Hot' });
    expect(ownerless.status).toBe(400);
    expect(ownerless.body.error).toMatchObject({ code: 'owner_required', field: 'ownerId' });

    const foreignOwner = await asUser('POST', `/people/${id}/stage`, {
      stage: 'mql',
      reason: 'Hot',
      ownerId: 'usr_0000000000000nothinghere',
    });
    expect(foreignOwner.status).toBe(404);

    const audit = await asKey('GET', `/audit?subjectId=${id}&action=person.stage_changed`);
    expect(audit.body.data).toHaveLength(0);
  });

  it('sends PATCH /people/:id stage changes through the same check', async () => {
    const id = await newLead('patched@acme.example');

    const jump = await asUser('PATCH', `/people/${id}`, {
      lifecycleStage: 'customer',
      reason: 'Signed',
    });
    expect(jump.status).toBe(409);
    expect(jump.body.error).toMatchObject({
      code: 'transition_not_allowed',
      field: 'lifecycleStage',
    });

    const noReason = await asUser('PATCH', `/people/${id}`, { lifecycleStage: 'disqualified' });
    expect(noReason.body.error).toMatchObject({ code: 'reason_required', field: 'reason' });

    const ok = await asUser('PATCH', `/people/${id}`, {
      lifecycleStage: 'disqualified',
      reason: 'Student',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.lifecycleStage).toBe('disqualified');

    const other = await asUser('PATCH', `/people/${id}`, { title: 'Student' });
    expect(other.status).toBe(200);
  });

  it('configures stages and transitions, and refuses what would break automation or strand people', async () => {
    const nurture = { key: 'nurture', label: 'Nurture', zone: 'tofu', owned: false };
    const stages = [...DEFAULT_STAGE_DEFINITIONS, nurture];
    const transitions = {
      ...DEFAULT_TRANSITIONS,
      lead: [...DEFAULT_TRANSITIONS.lead!, 'nurture'],
      nurture: ['lead'],
    };

    const saved = await asUser('PUT', '/workspaces/current/lifecycle', { stages, transitions });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      defaultTransitions: false,
      transitions: { nurture: ['lead'] },
    });
    expect((await asKey('GET', '/workspaces/current')).body.lifecycleStages.at(-1)).toEqual(
      nurture,
    );

    const id = await newLead('nurtured@acme.example');
    const moved = await asUser('POST', `/people/${id}/stage`, {
      stage: 'nurture',
      reason: 'Not ready yet',
    });
    expect(moved.status).toBe(200);

    const strands = await asUser('PUT', '/workspaces/current/lifecycle', {
      stages: DEFAULT_STAGE_DEFINITIONS,
      transitions: null,
    });
    expect(strands.status).toBe(409);
    expect(strands.body.error).toMatchObject({ code: 'stage_in_use', field: 'stages' });

    const noMql = await asUser('PUT', '/workspaces/current/lifecycle', {
      stages: stages.filter((s) => s.key !== 'mql'),
      transitions: null,
    });
    expect(noMql.body.error).toMatchObject({ code: 'required_stage', field: 'stages' });

    const dangling = await asUser('PUT', '/workspaces/current/lifecycle', {
      stages,
      transitions: { lead: ['golden'] },
    });
    expect(dangling.body.error).toMatchObject({
      code: 'unknown_stage',
      field: 'transitions.lead[0]',
    });

    const badZone = await asUser('PUT', '/workspaces/current/lifecycle', {
      stages: [...stages.slice(0, -1), { ...nurture, zone: 'middle' }],
      transitions: null,
    });
    expect(badZone.status).toBe(400);

    const after = await asKey('GET', '/workspaces/current/lifecycle');
    expect(after.body.stages).toHaveLength(10);

    const audit = await asKey('GET', '/audit?action=workspace.lifecycle_changed');
    expect(audit.body.data).toHaveLength(1);
  });
});
