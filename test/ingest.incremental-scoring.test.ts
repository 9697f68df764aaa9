import { afterAll, beforeAll, expect, it } from 'vitest';

import { pickModel } from '../src/scoring/model-selection.js';
import { scorePerson } from '../src/scoring/score-person.js';
import { ensureStarterModel } from '../src/scoring/scoring-models.service.js';
import { loadEvents, loadFacts, publishedModels } from '../src/scoring/scoring.pipeline.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { newWorkspace, startServer, type TestServer } from './support/api.js';
import { eventsOf, mid, peopleOf, send } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

// Ingest scores a request's people from the rule hits it remembers plus the events the request
// adds (src/scoring/hit-cache.ts). After every request, each stored score must be exactly what
// scoring all of the person's stored events from scratch gives at the same instant, whatever
// the order events arrive in, and across a merge (which must not reuse what was remembered).
describeEachStore('incremental scoring in ingest', (scratch) => {
  let server: TestServer;
  let writeKey: string;
  let workspaceId: WorkspaceId;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const created = await newWorkspace(scratch().store);
    writeKey = created.writeKey.token;
    workspaceId = created.workspaceId as WorkspaceId;
    await ensureStarterModel(scratch().store.db, workspaceId, { type: 'system', id: 'test' });
  });

  afterAll(() => server.close());

  async function expectScoresFromScratch(userIds: readonly string[]): Promise<number> {
    const store = scratch().store;
    const people = (await peopleOf(store, workspaceId)).filter(
      (p) => p.user_id && userIds.includes(p.user_id),
    );
    const models = await publishedModels(store.db, workspaceId);
    for (const person of people) {
      const scored = await store.db
        .selectFrom('person_scores')
        .selectAll()
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      const facts = (await loadFacts(store.db, workspaceId, person.id))!;
      const events = await loadEvents(store.db, workspaceId, person.id);
      const model = pickModel(models, facts.profile)!;
      const card = scorePerson(
        model.definition,
        facts.profile,
        events,
        Date.parse(scored.scored_at),
      );

      expect({ person: person.user_id, engagement: scored.engagement }).toEqual({
        person: person.user_id,
        engagement: card.engagement.score,
      });
      expect(scored).toMatchObject({
        version_id: model.versionId,
        fit_points: card.fit.points,
        grade: card.fit.grade,
        mql: card.mql.met ? 1 : 0,
        sql: card.sql.met ? 1 : 0,
      });
    }

    return people.length;
  }

  it('stores after every request exactly the score that all stored events give', async () => {
    const users = ['ana', 'ben', 'cy'].map((name) => `${name}-${mid()}`);
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const page = (userId: string, path: string, hours: number) => ({
      type: 'page',
      userId,
      properties: { path },
      timestamp: hoursAgo(hours),
      messageId: mid(),
    });
    const track = (userId: string, event: string, hours: number) => ({
      type: 'track',
      userId,
      event,
      timestamp: hoursAgo(hours),
      messageId: mid(),
    });
    const [ana, ben, cy] = users as [string, string, string];

    const requests = [
      [
        page(ana, '/pricing', 200),
        page(ben, '/pricing', 100),
        track(cy, 'Demo Requested', 50),
        {
          type: 'identify',
          userId: ana,
          traits: { email: `${ana}@acme.example` },
          messageId: mid(),
        },
      ],
      // Newer events, then ones older than everything remembered, then same-instant ones.
      [page(ana, '/pricing', 10), track(ana, 'Email Clicked', 9), page(ben, '/blog', 1)],
      [page(ana, '/pricing', 500), track(ben, 'Demo Requested', 300), page(cy, '/pricing', 60)],
      [page(ana, '/pricing', 5), page(ana, '/pricing', 5), page(ana, '/pricing', 5)],
      [track(ben, 'Unsubscribed', 2), track(cy, 'Email Clicked', 0)],
    ];
    for (const batch of requests) {
      expect((await send(server.url, '/v1/batch', writeKey, { batch })).status).toBe(200);
      expect(await expectScoresFromScratch(users)).toBe(3);
    }

    // ben's anonymous visits become a person of their own, then merge into ben: the merged
    // events must count, although ben's hits were remembered before.
    const anon = `anon-${mid()}`;
    const visits = [1, 2, 3].map((h) => ({
      ...page(ben, '/pricing', h),
      userId: undefined,
      anonymousId: anon,
    }));
    expect((await send(server.url, '/v1/batch', writeKey, { batch: visits })).status).toBe(200);
    const alias = { type: 'alias', previousId: anon, userId: ben, messageId: mid() };
    expect((await send(server.url, '/v1/batch', writeKey, { batch: [alias] })).status).toBe(200);
    expect(await expectScoresFromScratch(users)).toBe(3);
    expect(
      (await send(server.url, '/v1/batch', writeKey, { batch: [track(ben, 'Email Clicked', 0)] }))
        .status,
    ).toBe(200);
    expect(await expectScoresFromScratch(users)).toBe(3);
  });

  // Requests that arrive together share one transaction (src/ingest/ingest-queue.ts): each must
  // still get its own answer, a retry racing its original must count once, and people named by
  // several requests of the group must end up with one profile and a current score.
  it('commits concurrent requests together without losing, doubling or mis-scoring an event', async () => {
    const users = Array.from({ length: 6 }, (_, i) => `group-${i}-${mid()}`);
    const batches = Array.from({ length: 10 }, (_, r) =>
      Array.from({ length: 12 }, (_, i) => ({
        type: i % 3 === 0 ? 'track' : 'page',
        userId: users[(r + i) % users.length],
        event: i % 3 === 0 ? 'Email Clicked' : undefined,
        properties: i % 3 === 0 ? {} : { path: i % 2 ? '/pricing' : '/blog' },
        timestamp: new Date(Date.now() - (r * 12 + i) * 60_000).toISOString(),
        messageId: mid(),
      })),
    );
    const bodies = [...batches, batches[0]!].map((batch) => ({ batch }));

    const answers = await Promise.all(
      bodies.map((body) => send(server.url, '/v1/batch', writeKey, body)),
    );

    for (const answer of answers)
      expect(answer).toMatchObject({ status: 200, body: { success: true } });
    const ids = new Set(batches.flat().map((m) => m.messageId));
    const stored = (await eventsOf(scratch().store, workspaceId)).filter((e) =>
      ids.has(e.message_id),
    );
    expect(stored).toHaveLength(ids.size);
    expect(await expectScoresFromScratch(users)).toBe(users.length);
  });
});
