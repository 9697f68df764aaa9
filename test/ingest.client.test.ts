import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { newWorkspace, startServer, type TestServer } from './support/api.js';
import { basicAuth, eventsOf, footprint, peopleOf } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('the unmodified @segment/analytics-node client against Baton', (scratch) => {
  let server: TestServer;
  let writeKey: string;
  let workspaceId: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const created = await newWorkspace(scratch().store);
    writeKey = created.writeKey.token;
    workspaceId = created.workspaceId;
  });

  afterAll(() => server.close());

  it('delivers identify, track, page, group and alias calls, and a replayed request stores nothing twice', async () => {
    const analytics = new Analytics({
      writeKey,
      host: server.url,
      path: '/v1/batch',
      flushAt: 4,
      flushInterval: 50,
      maxRetries: 0,
    });
    const statuses: number[] = [];
    const requests: { url: string; body: string; headers: Record<string, string> }[] = [];
    const errors: unknown[] = [];
    analytics.on('http_request', (request) => requests.push(request as (typeof requests)[number]));
    analytics.on('http_response', (response) => statuses.push(response.status));
    analytics.on('error', (error) => errors.push(error));

    analytics.page({ anonymousId: 'node-anon', name: 'Pricing', properties: { path: '/pricing' } });
    analytics.track({ anonymousId: 'node-anon', event: 'Signed Up', properties: { plan: 'team' } });
    analytics.identify({
      anonymousId: 'node-anon',
      userId: 'node-user',
      traits: { email: 'node@client.example', firstName: 'Nod', plan: 'team' },
    });
    analytics.group({
      userId: 'node-user',
      groupId: 'node-group',
      traits: { name: 'Client Co', employees: 40 },
    });
    analytics.track({
      userId: 'node-user',
      event: 'Demo Requested',
      timestamp: new Date('2026-05-01T10:00:00Z'),
    });
    analytics.alias({ userId: 'node-user', previousId: 'node-old' });
    await analytics.closeAndFlush({ timeout: 10_000 });

    expect(errors).toEqual([]);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(requests.every((r) => r.url === `${server.url}/v1/batch`)).toBe(true);

    const events = await eventsOf(scratch().store, workspaceId);
    expect(events.map((e) => e.type).sort()).toEqual([
      'alias',
      'group',
      'identify',
      'page',
      'track',
      'track',
    ]);
    const people = await peopleOf(scratch().store, workspaceId);
    const person = people.find((p) => p.email === 'node@client.example')!;
    expect(person).toMatchObject({ user_id: 'node-user', first_name: 'Nod' });
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([person.id]));
    expect(events.find((e) => e.name === 'Demo Requested')!.occurred_at).toMatch(
      /^2026-05-01T10:00:0/,
    );
    expect(JSON.parse(events[0]!.context).library.name).toBe('@segment/analytics-node');

    // The client retries on failures it cannot tell from a lost answer; Baton keeps one copy.
    const before = await footprint(scratch().store, workspaceId);
    for (const request of requests) {
      const replay = await fetch(request.url, {
        method: 'POST',
        headers: { ...basicAuth(writeKey), 'content-type': 'application/json' },
        body: request.body,
      });
      expect(replay.status).toBe(200);
    }
    expect(await footprint(scratch().store, workspaceId)).toEqual(before);
  });
});
