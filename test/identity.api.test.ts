import { afterAll, beforeAll, expect, it } from 'vitest';

import { ensureStarterModel } from '../src/scoring/scoring-models.service.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { eventsOf, identitiesOf, mid, peopleOf, send } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('identity resolution through ingest', (scratch) => {
  let server: TestServer;
  let writeKey: string;
  let apiKey: string;
  let workspaceId: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const created = await newWorkspace(scratch().store);
    writeKey = created.writeKey.token;
    apiKey = created.apiKey.token;
    workspaceId = created.workspaceId;
    await ensureStarterModel(scratch().store.db, created.workspaceId as WorkspaceId, {
      type: 'system',
      id: 'test',
    });
  });

  afterAll(() => server.close());

  const personByEmail = async (email: string) =>
    (await peopleOf(scratch().store, workspaceId)).find((p) => p.email === email);

  it('keeps anonymous page views as a subscriber and joins them to the person on identify', async () => {
    const anon = `anon-${mid()}`;
    for (const path of ['/', '/pricing', '/docs']) {
      const result = await send(server.url, '/v1/page', writeKey, {
        anonymousId: anon,
        name: path,
        properties: { path },
        messageId: mid(),
      });
      expect(result.status).toBe(200);
    }
    const before = await peopleOf(scratch().store, workspaceId);
    const visitor = before.find(
      (p) => p.user_id === null && p.email === null && p.lifecycle_stage === 'subscriber',
    );
    expect(visitor).toBeDefined();

    const identified = await send(server.url, '/v1/identify', writeKey, {
      anonymousId: anon,
      userId: `user-${anon}`,
      traits: {
        email: 'Grace@Hopper.example',
        name: 'Grace Brewster Hopper',
        title: 'Rear Admiral',
        plan: 'navy',
      },
      messageId: mid(),
    });
    expect(identified.status).toBe(200);

    const grace = (await personByEmail('grace@hopper.example'))!;
    expect(grace).toMatchObject({
      first_name: 'Grace',
      last_name: 'Brewster Hopper',
      title: 'Rear Admiral',
      user_id: `user-${anon}`,
      lifecycle_stage: 'lead',
    });
    expect(JSON.parse(grace.traits)).toEqual({ plan: 'navy' });
    expect(grace.search_text).toContain('hopper');

    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.anonymous_id === anon || e.user_id === `user-${anon}`,
    );
    expect(events).toHaveLength(4);
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([grace.id]));

    const kinds = (await identitiesOf(scratch().store, workspaceId))
      .filter((i) => i.person_id === grace.id)
      .map((i) => i.kind)
      .sort();
    expect(kinds).toEqual(['anonymous_id', 'email', 'user_id']);

    // Later anonymous activity on the same device goes straight to her.
    await send(server.url, '/v1/track', writeKey, {
      anonymousId: anon,
      event: 'Clicked',
      messageId: mid(),
    });
    const last = (await eventsOf(scratch().store, workspaceId)).find(
      (e) => e.anonymous_id === anon && e.name === 'Clicked',
    );
    expect(last?.person_id).toBe(grace.id);
  });

  it('merges on alias, keeping the older creation time and every event', async () => {
    const anon = `anon-${mid()}`;
    await send(server.url, '/v1/track', writeKey, {
      anonymousId: anon,
      event: 'Early',
      messageId: mid(),
      timestamp: '2026-01-01T00:00:00Z',
    });
    const anonymous = (await identitiesOf(scratch().store, workspaceId)).find(
      (i) => i.value === anon,
    )!;
    await send(server.url, '/v1/identify', writeKey, {
      userId: `u-${anon}`,
      traits: { email: `${anon}@alias.example` },
      messageId: mid(),
    });

    const result = await send(server.url, '/v1/alias', writeKey, {
      previousId: anon,
      userId: `u-${anon}`,
      messageId: mid(),
    });
    expect(result.status).toBe(200);

    const person = (await personByEmail(`${anon}@alias.example`))!;
    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.anonymous_id === anon || e.user_id === `u-${anon}`,
    );
    expect(events.map((e) => e.type).sort()).toEqual(['alias', 'identify', 'track']);
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([person.id]));
    const people = await peopleOf(scratch().store, workspaceId);
    expect(people.some((p) => p.id === anonymous.person_id)).toBe(false);

    const merges = await scratch()
      .store.db.selectFrom('person_merges')
      .selectAll()
      .where('merged_id', '=', anonymous.person_id)
      .execute();
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ survivor_id: person.id, cause: 'alias' });
  });

  it('merges two known people without losing history, and audits the merge', async () => {
    const first = await send(server.url, '/v1/identify', writeKey, {
      userId: 'ada',
      traits: { email: 'ada@analytical.example', firstName: 'Ada' },
      messageId: mid(),
    });
    const second = await send(server.url, '/v1/identify', writeKey, {
      userId: 'ada-old',
      traits: { phone: '+44 20 1234', lastName: 'Lovelace', team: 'engines' },
      messageId: mid(),
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    await send(server.url, '/v1/track', writeKey, {
      userId: 'ada-old',
      event: 'Webinar Attended',
      messageId: mid(),
    });

    const people = await peopleOf(scratch().store, workspaceId);
    const ada = people.find((p) => p.user_id === 'ada')!;
    const old = people.find((p) => p.user_id === 'ada-old')!;
    const note = await call(server.url, 'POST', '/api/v1/activities', {
      token: apiKey,
      body: { personId: old.id, kind: 'note', subject: 'Met at the conference' },
    });
    expect(note.status).toBe(201);

    const aliased = await send(server.url, '/v1/alias', writeKey, {
      previousId: 'ada-old',
      userId: 'ada',
      messageId: mid(),
    });
    expect(aliased.status).toBe(200);

    const after = await peopleOf(scratch().store, workspaceId);
    expect(after.some((p) => p.id === old.id)).toBe(false);
    const merged = after.find((p) => p.id === ada.id)!;
    expect(merged).toMatchObject({
      email: 'ada@analytical.example',
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+44 20 1234',
      user_id: 'ada',
    });
    expect(JSON.parse(merged.traits)).toMatchObject({ team: 'engines' });
    expect(merged.created_at <= ada.created_at).toBe(true);

    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.user_id === 'ada' || e.user_id === 'ada-old',
    );
    expect(events).toHaveLength(4);
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([ada.id]));

    const timeline = await call(server.url, 'GET', `/api/v1/people/${ada.id}/timeline`, {
      token: apiKey,
    });
    expect(JSON.stringify(timeline.body)).toContain('Met at the conference');
    const gone = await call(server.url, 'GET', `/api/v1/people/${old.id}`, { token: apiKey });
    expect(gone.status).toBe(404);

    const audit = await call(
      server.url,
      'GET',
      `/api/v1/audit?action=person.merged&subjectId=${ada.id}`,
      { token: apiKey },
    );
    expect(audit.status).toBe(200);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      actorType: 'api_key',
      after: { survivorId: ada.id, mergedId: old.id, cause: 'alias' },
    });
    expect(audit.body.data[0].before).toMatchObject({ id: old.id, user_id: 'ada-old' });

    const merge = await scratch()
      .store.db.selectFrom('person_merges')
      .selectAll()
      .where('merged_id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(merge.merged_snapshot)).toMatchObject({
      id: old.id,
      last_name: 'Lovelace',
      identities: [{ kind: 'user_id', value: 'ada-old' }],
    });

    // The merged person's user id now leads to the survivor.
    await send(server.url, '/v1/track', writeKey, {
      userId: 'ada-old',
      event: 'Later',
      messageId: mid(),
    });
    const later = (await eventsOf(scratch().store, workspaceId)).find((e) => e.name === 'Later');
    expect(later?.person_id).toBe(ada.id);
  });

  it('joins an anonymous visitor to the person known by e-mail alone', async () => {
    await send(server.url, '/v1/identify', writeKey, {
      anonymousId: 'device-1',
      traits: { email: 'linus@example.org' },
      messageId: mid(),
    });
    await send(server.url, '/v1/page', writeKey, {
      anonymousId: 'device-2',
      name: 'Home',
      messageId: mid(),
    });
    await send(server.url, '/v1/identify', writeKey, {
      anonymousId: 'device-2',
      traits: { email: 'LINUS@example.org' },
      messageId: mid(),
    });

    const linus = (await personByEmail('linus@example.org'))!;
    const events = (await eventsOf(scratch().store, workspaceId)).filter((e) =>
      e.anonymous_id?.startsWith('device-'),
    );
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([linus.id]));
  });

  it('creates a company on group, updates it on the next one, and links the person', async () => {
    await send(server.url, '/v1/identify', writeKey, {
      userId: 'grp-user',
      traits: { email: 'someone@gmail.com' },
      messageId: mid(),
    });
    const grouped = await send(server.url, '/v1/group', writeKey, {
      userId: 'grp-user',
      groupId: 'acct-42',
      traits: {
        name: 'Initech',
        industry: 'Software',
        employees: '250',
        website: 'https://www.initech.example/about',
        plan: 'enterprise',
      },
      messageId: mid(),
    });
    expect(grouped.status).toBe(200);

    const companies = await scratch()
      .store.db.selectFrom('companies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', 'Initech')
      .execute();
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({
      domain: 'initech.example',
      industry: 'Software',
      employees: 250,
    });
    expect(JSON.parse(companies[0]!.traits)).toMatchObject({
      groupId: 'acct-42',
      plan: 'enterprise',
    });

    const person = (await personByEmail('someone@gmail.com'))!;
    expect(person.company_id).toBe(companies[0]!.id);

    await send(server.url, '/v1/group', writeKey, {
      anonymousId: 'grp-anon',
      groupId: 'acct-42',
      traits: { employees: 300 },
      messageId: mid(),
    });
    const updated = await scratch()
      .store.db.selectFrom('companies')
      .selectAll()
      .where('id', '=', companies[0]!.id)
      .executeTakeFirstOrThrow();
    expect(updated.employees).toBe(300);
    expect(updated.name).toBe('Initech');
    const visitor = (await peopleOf(scratch().store, workspaceId)).filter(
      (p) => p.company_id === updated.id,
    );
    expect(visitor).toHaveLength(2);
  });

  it('links a corporate e-mail domain to its company, creating it once, but never a free-mail one', async () => {
    await send(server.url, '/v1/identify', writeKey, {
      userId: 'corp-1',
      traits: { email: 'one@umbrella-corp.example' },
      messageId: mid(),
    });
    await send(server.url, '/v1/identify', writeKey, {
      userId: 'corp-2',
      traits: { email: 'two@umbrella-corp.example' },
      messageId: mid(),
    });
    await send(server.url, '/v1/identify', writeKey, {
      userId: 'free-1',
      traits: { email: 'three@outlook.com' },
      messageId: mid(),
    });

    const companies = await scratch()
      .store.db.selectFrom('companies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('domain', '=', 'umbrella-corp.example')
      .execute();
    expect(companies).toHaveLength(1);
    expect(companies[0]!.name).toBe('Umbrella-corp');

    const one = (await personByEmail('one@umbrella-corp.example'))!;
    const two = (await personByEmail('two@umbrella-corp.example'))!;
    const three = (await personByEmail('three@outlook.com'))!;
    expect([one.company_id, two.company_id]).toEqual([companies[0]!.id, companies[0]!.id]);
    expect(three.company_id).toBeNull();
  });

  it('scores and qualifies within the request: score and stage are current when it answers', async () => {
    await send(server.url, '/v1/group', writeKey, {
      userId: 'hot-lead',
      groupId: 'acct-hot',
      traits: { name: 'Hot Co', industry: 'Software', employees: 400 },
      messageId: mid(),
    });
    const result = await send(server.url, '/v1/batch', writeKey, {
      batch: [
        {
          type: 'identify',
          userId: 'hot-lead',
          traits: { email: 'hot@hot-co.example', title: 'VP Marketing' },
          messageId: mid(),
        },
        { type: 'track', userId: 'hot-lead', event: 'Demo Requested', messageId: mid() },
        { type: 'track', userId: 'hot-lead', event: 'Webinar Attended', messageId: mid() },
        { type: 'track', userId: 'hot-lead', event: 'Form Submitted', messageId: mid() },
      ],
    });
    expect(result.status).toBe(200);

    const person = (await personByEmail('hot@hot-co.example'))!;
    expect(person.lifecycle_stage).toBe('mql');
    const score = await scratch()
      .store.db.selectFrom('person_scores')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(score).toMatchObject({ grade: 'A', mql: 1 });
    expect(score.engagement).toBeGreaterThanOrEqual(60);

    // A retried batch does not count twice.
    const history = await scratch()
      .store.db.selectFrom('score_history')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.person_id === person.id,
    );
    await send(server.url, '/v1/track', writeKey, {
      userId: 'hot-lead',
      event: 'Demo Requested',
      messageId: events.find((e) => e.name === 'Demo Requested')!.message_id,
    });
    const again = await scratch()
      .store.db.selectFrom('person_scores')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(again.engagement).toBe(score.engagement);
    expect(
      await scratch()
        .store.db.selectFrom('score_history')
        .select('id')
        .where('person_id', '=', person.id)
        .execute(),
    ).toHaveLength(history.length);
  });
});
