import { afterAll, beforeAll, expect, it } from 'vitest';

import { ensureStarterModel } from '../src/scoring/scoring-models.service.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { eventsOf, identitiesOf, mid, peopleOf, send } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

// Identity resolution holds its writes until the end of the request (or a merge): these
// batches create, change and merge people within one request, so that what was held must be
// in the store before the merge moves rows, and nothing may be lost or written twice.
describeEachStore('identity within one batch', (scratch) => {
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

  it('creates two people and merges them in the same request, keeping every event and identity', async () => {
    const anon = `anon-${mid()}`;
    const userId = `user-${mid()}`;
    const result = await send(server.url, '/v1/batch', writeKey, {
      batch: [
        { type: 'page', anonymousId: anon, properties: { path: '/pricing' }, messageId: mid() },
        { type: 'track', userId, event: 'Demo Requested', messageId: mid() },
        {
          type: 'identify',
          userId,
          anonymousId: anon,
          traits: { email: 'Lin@Batch.example', firstName: 'Lin', title: 'CTO' },
          messageId: mid(),
        },
        { type: 'track', anonymousId: anon, event: 'Form Submitted', messageId: mid() },
      ],
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ success: true });

    const people = (await peopleOf(scratch().store, workspaceId)).filter(
      (p) => p.user_id === userId || p.email === 'lin@batch.example',
    );
    expect(people).toHaveLength(1);
    const lin = people[0]!;
    expect(lin).toMatchObject({
      user_id: userId,
      email: 'lin@batch.example',
      first_name: 'Lin',
      title: 'CTO',
    });
    expect(['lead', 'mql']).toContain(lin.lifecycle_stage);

    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.anonymous_id === anon || e.user_id === userId,
    );
    expect(events).toHaveLength(4);
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([lin.id]));

    const identities = (await identitiesOf(scratch().store, workspaceId))
      .filter((i) => i.person_id === lin.id)
      .map((i) => `${i.kind}:${i.value}`)
      .sort();
    expect(identities).toEqual(
      [`anonymous_id:${anon}`, 'email:lin@batch.example', `user_id:${userId}`].sort(),
    );

    const merges = await scratch()
      .store.db.selectFrom('person_merges')
      .selectAll()
      .where('survivor_id', '=', lin.id)
      .execute();
    expect(merges).toHaveLength(1);
    const merged = merges[0]!.merged_id;
    expect(await peopleOf(scratch().store, workspaceId)).not.toContainEqual(
      expect.objectContaining({ id: merged }),
    );

    const audit = async (query: string) =>
      (await call(server.url, 'GET', `/api/v1/audit?${query}`, { token: apiKey })).body.data as {
        action: string;
        after: Record<string, unknown>;
      }[];
    expect(await audit(`action=person.merged&subjectId=${lin.id}`)).toEqual([
      expect.objectContaining({
        after: expect.objectContaining({ survivorId: lin.id, mergedId: merged }),
      }),
    ]);
    expect((await audit(`action=person.created&subjectId=${lin.id}`)).length).toBe(1);
    expect((await audit(`action=person.created&subjectId=${merged}`)).length).toBe(1);

    const score = await call(server.url, 'GET', `/api/v1/people/${lin.id}/score`, {
      token: apiKey,
    });
    expect(score.status).toBe(200);
  });

  it('writes one row per new person and applies every change of a person named many times', async () => {
    const userId = `user-${mid()}`;
    const batch = [
      { type: 'identify', userId, traits: { firstName: 'Kim' }, messageId: mid() },
      { type: 'identify', userId, traits: { lastName: 'Park' }, messageId: mid() },
      { type: 'identify', userId, traits: { title: 'VP Sales', plan: 'pro' }, messageId: mid() },
      { type: 'track', userId, event: 'Email Clicked', messageId: mid() },
    ];
    expect((await send(server.url, '/v1/batch', writeKey, { batch })).status).toBe(200);

    const again = [
      { type: 'identify', userId, traits: { email: 'kim@park.example' }, messageId: mid() },
      {
        type: 'identify',
        userId,
        traits: { phone: '+1 555 0100', plan: 'team' },
        messageId: mid(),
      },
    ];
    expect((await send(server.url, '/v1/batch', writeKey, { batch: again })).status).toBe(200);

    const kims = (await peopleOf(scratch().store, workspaceId)).filter((p) => p.user_id === userId);
    expect(kims).toHaveLength(1);
    expect(kims[0]).toMatchObject({
      first_name: 'Kim',
      last_name: 'Park',
      title: 'VP Sales',
      email: 'kim@park.example',
      phone: '+1 555 0100',
      lifecycle_stage: expect.stringMatching(/^(lead|mql)$/),
    });
    expect(JSON.parse(kims[0]!.traits)).toEqual({ plan: 'team' });
    expect(kims[0]!.search_text).toContain('park');

    const ids = (await identitiesOf(scratch().store, workspaceId)).filter(
      (i) => i.person_id === kims[0]!.id,
    );
    expect(ids.map((i) => i.kind).sort()).toEqual(['email', 'user_id']);
  });
});
