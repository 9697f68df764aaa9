import { afterAll, beforeAll, expect, it } from 'vitest';

import { newWorkspace, startServer, type TestServer } from './support/api.js';
import { basicAuth, mid } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

const ORIGIN = 'https://www.customer.example';

describeEachStore('ingest CORS headers', (scratch) => {
  let server: TestServer;
  let writeKey: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    writeKey = (await newWorkspace(scratch().store)).writeKey.token;
  });

  afterAll(() => server.close());

  it('answers a preflight for /v1 from any origin, without asking for the write key', async () => {
    const response = await fetch(`${server.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,content-encoding',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(
      'authorization, content-type, content-encoding',
    );
    expect(response.headers.get('access-control-max-age')).toBe('86400');
  });

  it('lets the page read the answers of /v1, errors included', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${server.url}/v1/track`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    const ok = await post(basicAuth(writeKey), { userId: 'u-cors', event: 'E', messageId: mid() });
    const denied = await post({}, { userId: 'u-cors', event: 'E', messageId: mid() });

    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('keeps /api/v1 closed to other origins', async () => {
    const preflight = await fetch(`${server.url}/api/v1/people`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    const read = await fetch(`${server.url}/api/v1/people`, { headers: { origin: ORIGIN } });

    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});
