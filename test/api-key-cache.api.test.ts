import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey, revokeApiKey } from '../src/api-keys/api-key.service.js';
import { VERIFIED_KEY_TTL_MS } from '../src/api-keys/verified-key-cache.js';
import type { Scope } from '../src/shared/actor.js';
import { nowIso } from '../src/shared/clock.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

// The auth hook keeps recently verified API keys in memory; these prove that it never keeps
// one that should be refused longer than promised.
describeEachStore('verified API key cache', (scratch) => {
  let server: TestServer;
  let scope: Scope;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const workspace = await newWorkspace(scratch().store);
    scope = { workspaceId: workspace.workspaceId, actor: { type: 'system', id: 'test' } };
  });

  afterAll(() => server.close());

  async function readKey() {
    return createApiKey(scratch().store.db, scope, { name: 'reader', scope: 'read' });
  }

  it('refuses a key revoked through Baton on the very next request', async () => {
    const key = await readKey();
    expect((await call(server.url, 'GET', '/api/v1/people', { token: key.token })).status).toBe(
      200,
    );

    await revokeApiKey(scratch().store.db, scope, key.id);

    const after = await call(server.url, 'GET', '/api/v1/people', { token: key.token });
    expect(after.status).toBe(401);
  });

  it('refuses a key revoked by another process within the cache lifetime', async () => {
    const key = await readKey();
    expect((await call(server.url, 'GET', '/api/v1/people', { token: key.token })).status).toBe(
      200,
    );

    // What `baton apikey revoke` does from another process: only the store learns of it.
    await scratch()
      .store.db.updateTable('api_keys')
      .set({ revoked_at: nowIso() })
      .where('id', '=', key.id)
      .execute();
    await sleep(VERIFIED_KEY_TTL_MS + 100);

    expect((await call(server.url, 'GET', '/api/v1/people', { token: key.token })).status).toBe(
      401,
    );
  });

  it('refuses a wrong secret even while the right one is remembered', async () => {
    const key = await readKey();
    expect((await call(server.url, 'GET', '/api/v1/people', { token: key.token })).status).toBe(
      200,
    );

    const forged = `${key.token.slice(0, -1)}${key.token.endsWith('A') ? 'B' : 'A'}`;

    expect((await call(server.url, 'GET', '/api/v1/people', { token: forged })).status).toBe(401);
  });
});
