import { afterAll, beforeAll, expect, it } from 'vitest';

import { newWorkspace, startServer, type TestServer } from './support/api.js';
import { mid, send } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describeEachStore('ingest rate limit per write key', (scratch) => {
  let server: TestServer;
  let writeKey: string;
  let otherKey: string;
  const saved = {
    limit: process.env.BATON_INGEST_RATE_LIMIT,
    window: process.env.BATON_INGEST_RATE_WINDOW_MS,
  };

  beforeAll(async () => {
    // A tiny limit over a long window (a slow machine stays inside it), read at registration.
    process.env.BATON_INGEST_RATE_LIMIT = '3';
    process.env.BATON_INGEST_RATE_WINDOW_MS = '60000';
    try {
      server = await startServer(scratch().store);
    } finally {
      restore('BATON_INGEST_RATE_LIMIT', saved.limit);
      restore('BATON_INGEST_RATE_WINDOW_MS', saved.window);
    }
    writeKey = (await newWorkspace(scratch().store)).writeKey.token;
    otherKey = (await newWorkspace(scratch().store, 'Other Co')).writeKey.token;
  });

  afterAll(() => server.close());

  it('answers 429 with Retry-After past the limit, counting every endpoint, and not for other keys', async () => {
    const paths = ['/v1/track', '/v1/page', '/v1/batch', '/v1/track', '/v1/track', '/v1/track'];
    const bodies: Record<string, unknown> = {
      '/v1/track': { userId: 'u', event: 'X' },
      '/v1/page': { userId: 'u', name: 'Home' },
      '/v1/batch': { batch: [] },
    };
    const results = [];
    for (const path of paths)
      results.push(
        await send(server.url, path, writeKey, { ...(bodies[path] as object), messageId: mid() }),
      );

    const limited = results.filter((r) => r.status === 429);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429, 429, 429]);
    for (const result of limited) {
      expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(1);
      expect(result.body.error.code).toBe('rate_limited');
    }

    const other = await send(server.url, '/v1/track', otherKey, {
      userId: 'u',
      event: 'X',
      messageId: mid(),
    });
    expect(other.status).toBe(200);
  });
});
