import { afterAll, beforeAll, expect, it } from 'vitest';

import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { basicAuth, eventsOf, footprint, mid, send, sendGzip } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('ingest API (Segment HTTP contract)', (scratch) => {
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
  });

  afterAll(() => server.close());

  it('takes every call type on its endpoint and stores it as an event', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['identify', { userId: 'u-every', traits: { email: 'every@example.org', plan: 'pro' } }],
      ['track', { userId: 'u-every', event: 'Demo Requested', properties: { plan: 'pro' } }],
      ['page', { userId: 'u-every', name: 'Pricing', properties: { path: '/pricing' } }],
      ['screen', { userId: 'u-every', name: 'Home' }],
      ['group', { userId: 'u-every', groupId: 'g-every', traits: { name: 'Every Inc' } }],
      ['alias', { userId: 'u-every', previousId: 'anon-every' }],
    ];
    const ids: string[] = [];
    for (const [type, body] of calls) {
      const messageId = mid(type);
      ids.push(messageId);
      const result = await send(server.url, `/v1/${type}`, writeKey, { ...body, messageId });
      expect(result.status, type).toBe(200);
      expect(result.body).toEqual({ success: true });
    }

    const events = (await eventsOf(scratch().store, workspaceId)).filter((e) =>
      ids.includes(e.message_id),
    );
    expect(events.map((e) => e.type).sort()).toEqual([
      'alias',
      'group',
      'identify',
      'page',
      'screen',
      'track',
    ]);
    expect(new Set(events.map((e) => e.person_id)).size).toBe(1);
    expect(JSON.parse(events.find((e) => e.type === 'track')!.properties)).toEqual({ plan: 'pro' });
  });

  it('takes a batch, with its top-level context merged into each item', async () => {
    const batch = [
      { type: 'track', anonymousId: 'anon-batch', event: 'Viewed', messageId: mid() },
      {
        type: 'page',
        anonymousId: 'anon-batch',
        name: 'Docs',
        messageId: mid(),
        context: { page: { path: '/docs' } },
      },
    ];
    const result = await send(server.url, '/v1/batch', writeKey, {
      batch,
      context: { library: { name: 'test' } },
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ success: true });

    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.anonymous_id === 'anon-batch',
    );
    expect(events).toHaveLength(2);
    for (const event of events) expect(JSON.parse(event.context).library).toEqual({ name: 'test' });
    expect(JSON.parse(events.find((e) => e.type === 'page')!.context).page).toEqual({
      path: '/docs',
    });
  });

  it('takes the write key as writeKey in the body, and gzip-compressed bodies', async () => {
    const messageId = mid();
    const inBody = await call(server.url, 'POST', '/v1/track', {
      body: { writeKey, userId: 'u-body', event: 'X', messageId },
    });
    expect(inBody.status).toBe(200);

    const zipped = await sendGzip(server.url, '/v1/batch', writeKey, {
      batch: [{ type: 'track', userId: 'u-zip', event: 'Zipped', messageId: mid() }],
    });
    expect(zipped.status).toBe(200);

    const events = await eventsOf(scratch().store, workspaceId);
    expect(events.some((e) => e.message_id === messageId)).toBe(true);
    expect(events.some((e) => e.user_id === 'u-zip' && e.name === 'Zipped')).toBe(true);
  });

  it('answers 401 with a code for a missing, wrong, revoked or non-write key, and stores nothing', async () => {
    const before = await footprint(scratch().store, workspaceId);
    const body = { userId: 'u-401', event: 'X' };

    const missing = await call(server.url, 'POST', '/v1/track', { body });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('write_key_required');

    for (const key of [`${writeKey}x`, 'wk_nothing.secret', apiKey, ':']) {
      const wrong = await call(server.url, 'POST', '/v1/track', { body, headers: basicAuth(key) });
      expect(wrong.status, key.slice(0, 6)).toBe(401);
      expect(wrong.body.error.code).toMatch(/^(invalid_write_key|write_key_required)$/);
    }

    // A bearer token is not how Segment authenticates.
    const bearer = await call(server.url, 'POST', '/v1/track', { body, token: writeKey });
    expect(bearer.status).toBe(401);

    expect(await footprint(scratch().store, workspaceId)).toEqual(before);
  });

  it('refuses a 33 KB event and a 600 KB request with 400 and the reason', async () => {
    const before = await footprint(scratch().store, workspaceId);
    const big = { userId: 'u-big', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } };

    const single = await send(server.url, '/v1/track', writeKey, big);
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ code: 'message_too_large', field: 'body' });

    const inBatch = await send(server.url, '/v1/batch', writeKey, {
      batch: [
        { type: 'track', ...big },
        { type: 'track', userId: 'u-small', event: 'Small', messageId: mid() },
      ],
    });
    expect(inBatch.status).toBe(200);
    expect(inBatch.body.rejected).toEqual([
      expect.objectContaining({ index: 0, code: 'message_too_large', field: 'body' }),
    ]);

    const items = Array.from({ length: 30 }, () => ({
      type: 'track',
      userId: 'u-huge',
      event: 'Huge',
      messageId: mid(),
      properties: { blob: 'y'.repeat(20 * 1024) },
    }));
    const huge = await send(server.url, '/v1/batch', writeKey, { batch: items });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatchObject({ code: 'request_too_large', field: 'body' });

    const enormous = await send(server.url, '/v1/batch', writeKey, {
      batch: [...items, ...items, ...items],
    });
    expect(enormous.status).toBe(400);
    expect(enormous.body.error.code).toBe('request_too_large');

    const after = await footprint(scratch().store, workspaceId);
    expect(after.events).toBe(before.events + 1);
  });

  it('stores a retried batch once', async () => {
    const batch = [
      { type: 'track', userId: 'u-retry', event: 'Clicked', messageId: mid('retry') },
      {
        type: 'identify',
        userId: 'u-retry',
        traits: { firstName: 'Rita' },
        messageId: mid('retry'),
      },
    ];
    const first = await send(server.url, '/v1/batch', writeKey, { batch });
    const before = await footprint(scratch().store, workspaceId);
    const second = await send(server.url, '/v1/batch', writeKey, { batch });
    const doubled = await send(server.url, '/v1/batch', writeKey, { batch: [...batch, ...batch] });

    expect([first.status, second.status, doubled.status]).toEqual([200, 200, 200]);
    expect(await footprint(scratch().store, workspaceId)).toEqual(before);
    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.user_id === 'u-retry',
    );
    expect(events).toHaveLength(2);
  });

  it('stores the valid items of a batch and names each rejected one by index, code and field', async () => {
    const before = await footprint(scratch().store, workspaceId);
    const batch = [
      { type: 'track', userId: 'u-mixed', event: 'Good 1', messageId: mid() },
      { type: 'track', userId: 'u-mixed', messageId: mid() },
      { type: 'click', userId: 'u-mixed', messageId: mid() },
      { type: 'identify', userId: 'u-mixed', traits: { email: 'not-an-email' }, messageId: mid() },
      { type: 'track', event: 'Nobody', messageId: mid() },
      { type: 'page', userId: 'u-mixed', name: 'Good 2', messageId: mid(), timestamp: 'yesterday' },
      'not an object',
      { type: 'page', userId: 'u-mixed', name: 'Good 3', messageId: mid() },
      { type: 'track', userId: 'u-mixed', event: 'Nul\u0000', messageId: mid() },
    ];
    const result = await send(server.url, '/v1/batch', writeKey, { batch });

    expect(result.status).toBe(200);
    expect(result.body.success).toBe(true);
    expect(
      result.body.rejected.map((r: { index: number; code: string; field: string }) => [
        r.index,
        r.code,
        r.field,
      ]),
    ).toEqual([
      [1, 'required', 'event'],
      [2, 'unknown_type', 'type'],
      [3, 'invalid_email', 'traits.email'],
      [4, 'missing_identity', 'userId'],
      [5, 'invalid_timestamp', 'timestamp'],
      [6, 'invalid_message', 'body'],
      [8, 'invalid_character', 'event'],
    ]);
    for (const rejection of result.body.rejected)
      expect(rejection.message.length).toBeGreaterThan(5);

    const after = await footprint(scratch().store, workspaceId);
    expect(after.events).toBe(before.events + 2);
  });

  it('names the field and the reason for a bad single call or envelope', async () => {
    const cases: [string, unknown, string, string][] = [
      ['/v1/track', { userId: 'u' }, 'required', 'event'],
      ['/v1/track', { type: 'page', userId: 'u', event: 'X' }, 'unknown_type', 'type'],
      ['/v1/identify', { traits: { email: 'a@b.co' } }, 'missing_identity', 'userId'],
      [
        '/v1/identify',
        { userId: 'u', traits: { firstName: { a: 1 } } },
        'wrong_type',
        'traits.firstName',
      ],
      ['/v1/group', { userId: 'u' }, 'required', 'groupId'],
      ['/v1/alias', { userId: 'u' }, 'required', 'previousId'],
      ['/v1/track', [1, 2], 'invalid_message', 'body'],
      ['/v1/batch', { batch: 'no' }, 'wrong_type', 'batch'],
      ['/v1/batch', {}, 'required', 'batch'],
      ['/v1/batch', [], 'invalid_message', 'body'],
    ];
    for (const [path, body, code, field] of cases) {
      const result = await send(server.url, path, writeKey, body);
      expect(result.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(result.body.error, `${path} ${JSON.stringify(body)}`).toMatchObject({ code, field });
    }

    const malformed = await call(server.url, 'POST', '/v1/batch', {
      rawBody: '{"batch": [',
      headers: basicAuth(writeKey),
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const unknownRoute = await send(server.url, '/v1/nothing', writeKey, {});
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.error.code).toBe('route_not_found');
  });

  it('reads text/plain bodies as JSON, as browsers send them', async () => {
    const messageId = mid();
    const result = await call(server.url, 'POST', '/v1/page', {
      rawBody: JSON.stringify({ writeKey, anonymousId: 'anon-text', name: 'Home', messageId }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(result.status).toBe(200);
    expect(
      (await eventsOf(scratch().store, workspaceId)).some((e) => e.message_id === messageId),
    ).toBe(true);
  });

  it('keeps message ids apart per workspace', async () => {
    const other = await newWorkspace(scratch().store, 'Other Co');
    const messageId = mid('shared');
    await send(server.url, '/v1/track', writeKey, { userId: 'u-ws', event: 'X', messageId });
    await send(server.url, '/v1/track', other.writeKey.token, {
      userId: 'u-ws',
      event: 'X',
      messageId,
    });

    expect(
      (await eventsOf(scratch().store, workspaceId)).filter((e) => e.message_id === messageId),
    ).toHaveLength(1);
    expect(
      (await eventsOf(scratch().store, other.workspaceId)).filter(
        (e) => e.message_id === messageId,
      ),
    ).toHaveLength(1);
  });

  it('keeps one visitor and one copy of each message under concurrent requests', async () => {
    const anon = `anon-race-${mid()}`;
    const batch = Array.from({ length: 5 }, (_, i) => ({
      type: 'page',
      anonymousId: anon,
      name: `P${i}`,
      messageId: mid('race'),
    }));
    const results = await Promise.all([
      ...batch.map((item) => send(server.url, '/v1/page', writeKey, item)),
      send(server.url, '/v1/batch', writeKey, { batch }),
      send(server.url, '/v1/batch', writeKey, { batch }),
    ]);

    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => e.anonymous_id === anon,
    );
    expect(events).toHaveLength(5);
    expect(new Set(events.map((e) => e.person_id)).size).toBe(1);
  });

  it('answers every batch when many requests name the same people at once', async () => {
    const people = Array.from({ length: 12 }, (_, i) => `race-user-${i}-${mid()}`);
    const batches = Array.from({ length: 8 }, (_, b) => ({
      batch: people.flatMap((userId, i) => [
        {
          type: 'identify',
          userId,
          anonymousId: `a-${userId}`,
          traits: { email: `${userId}@acme-race.io` },
          messageId: mid(`i${b}-${i}`),
        },
        {
          type: 'page',
          anonymousId: `a-${userId}`,
          properties: { path: '/pricing' },
          messageId: mid(`p${b}-${i}`),
        },
        { type: 'track', userId, event: 'Form Submitted', messageId: mid(`t${b}-${i}`) },
      ]),
    }));

    const results = await Promise.all(
      batches.map((body) => send(server.url, '/v1/batch', writeKey, body)),
    );

    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const events = (await eventsOf(scratch().store, workspaceId)).filter(
      (e) => people.includes(e.user_id ?? '') || people.some((p) => e.anonymous_id === `a-${p}`),
    );
    expect(events).toHaveLength(8 * 12 * 3);
    expect(new Set(events.map((e) => e.person_id)).size).toBe(12);
  });
});
