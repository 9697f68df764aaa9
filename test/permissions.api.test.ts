import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApiKey } from '../src/api-keys/api-key.service.js';
import { apiRoutes } from '../src/app/api-routes.js';
import { validatorCompiler } from '../src/app/validation.js';
import {
  PERMISSIONS,
  ROLES,
  roleAllows,
  scopeAllows,
  type ApiKeyScope,
  type Permission,
  type Role,
} from '../src/auth/permissions.js';
import { hashPassword } from '../src/auth/secrets.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

interface ApiRoute {
  readonly method: string;
  readonly url: string;
  readonly permission?: Permission;
  readonly authenticated: boolean;
  readonly public: boolean;
}

/** Every route mounted under /api/v1, as the auth hook sees its config. */
async function collectRoutes(): Promise<ApiRoute[]> {
  const routes: ApiRoute[] = [];
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as {
      permission?: Permission;
      authenticated?: boolean;
      public?: boolean;
    };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        permission: config.permission,
        authenticated: config.authenticated ?? false,
        public: config.public ?? false,
      });
    }
  });
  await app.register(apiRoutes({ secureCookies: false }), { prefix: '/api/v1' });
  await app.ready();
  await app.close();

  // Signing out ends the session the rest of the table runs with, so it goes last.
  return routes.sort(
    (a, b) => Number(a.url.endsWith('/auth/logout')) - Number(b.url.endsWith('/auth/logout')),
  );
}

/** A concrete path: every `:param` becomes an id that exists nowhere. */
function pathOf(route: ApiRoute): string {
  return route.url.replace(
    /:([A-Za-z]+)/g,
    (_match, name: string) => `${name.toLowerCase().slice(0, 3)}_0000000000000nothinghere`,
  );
}

function label(route: ApiRoute): string {
  return `${route.method} ${route.url} (${route.permission ?? (route.public ? 'public' : 'authenticated')})`;
}

async function request(
  url: string,
  route: ApiRoute,
  auth: { token?: string; headers?: Record<string, string> },
) {
  const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};

  return call(url, route.method, pathOf(route), { ...auth, body });
}

const PASSWORD = 'correct horse battery staple';

async function addUser(
  store: Store,
  workspaceId: WorkspaceId,
  role: Role,
  passwordHash: string,
): Promise<string> {
  const id = newId('user');
  const email = `${role}.${id}@example.com`;
  const now = new Date().toISOString();
  await store.db
    .insertInto('users')
    .values({
      id,
      email,
      name: role,
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await store.db
    .insertInto('memberships')
    .values({ workspace_id: workspaceId, user_id: id, role, created_at: now })
    .execute();

  return email;
}

async function signIn(url: string, email: string): Promise<Record<string, string>> {
  const login = await call(url, 'POST', '/api/v1/auth/login', {
    body: { email, password: PASSWORD },
  });
  expect(login.status, `login ${email}`).toBe(200);

  return {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': login.body.csrfToken as string,
  };
}

const routes = await collectRoutes();
const guarded = routes.filter((r) => !r.public);

describe('the route table', () => {
  it('has a permission, or is explicitly public or for any signed-in caller, on every route', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      expect(
        route.permission !== undefined || route.public || route.authenticated,
        label(route),
      ).toBe(true);
    }
  });

  it('uses every permission of the policy somewhere', () => {
    const used = new Set(routes.map((r) => r.permission));
    for (const permission of PERMISSIONS) expect(used, permission).toContain(permission);
  });

  it('covers every feature of the API', () => {
    const prefixes = new Set(routes.map((r) => r.url.split('/')[3]));
    for (const feature of [
      'workspaces',
      'teams',
      'people',
      'companies',
      'activities',
      'deals',
      'audit',
      'api-keys',
      'auth',
    ]) {
      expect(prefixes, feature).toContain(feature);
    }
  });
});

describeEachStore('permissions: role × route', (scratch) => {
  let server: TestServer;
  let workspace: Awaited<ReturnType<typeof newWorkspace>>;
  const keys = new Map<ApiKeyScope, string>();

  beforeAll(async () => {
    server = await startServer(scratch().store);
    workspace = await newWorkspace(scratch().store, 'Permissions Co');
    keys.set('ingest', workspace.writeKey.token);
    keys.set('admin', workspace.apiKey.token);
    const scope = {
      workspaceId: workspace.workspaceId,
      actor: { type: 'cli' as const, id: 'test' },
    };
    for (const keyScope of ['read', 'write'] as const) {
      keys.set(
        keyScope,
        (await createApiKey(scratch().store.db, scope, { name: keyScope, scope: keyScope })).token,
      );
    }
  });

  afterAll(() => server.close());

  it('answers 401 on every non-public route without credentials', async () => {
    for (const route of guarded) {
      const result = await request(server.url, route, {});
      expect(result.status, label(route)).toBe(401);
      expect(result.body.error.code, label(route)).toBe('unauthenticated');
    }
  });

  it('refuses a write key (scope ingest) with 401 on every non-public route', async () => {
    for (const route of guarded) {
      const result = await request(server.url, route, { token: keys.get('ingest') });
      expect(result.status, label(route)).toBe(401);
    }
  });

  it.each(['read', 'write', 'admin'] as const)(
    'lets an API key of scope %s through exactly where its scope allows',
    async (keyScope) => {
      for (const route of guarded) {
        const result = await request(server.url, route, { token: keys.get(keyScope) });
        const allowed = route.permission === undefined || scopeAllows(keyScope, route.permission);
        if (allowed) expect(result.status, `${keyScope}: ${label(route)}`).not.toBe(403);
        else expect(result.status, `${keyScope}: ${label(route)}`).toBe(403);
        expect(result.status, `${keyScope}: ${label(route)}`).toBeLessThan(500);
      }
    },
  );

  it.each([...ROLES])('lets a signed-in %s through exactly where the role allows', async (role) => {
    const store = scratch().store;
    const email = await addUser(store, workspace.workspaceId, role, await hashPassword(PASSWORD));
    const headers = await signIn(server.url, email);

    for (const route of guarded) {
      const result = await request(server.url, route, { headers });
      const allowed = route.permission === undefined || roleAllows(role, route.permission);
      if (allowed) expect(result.status, `${role}: ${label(route)}`).not.toBe(403);
      else expect(result.status, `${role}: ${label(route)}`).toBe(403);
      expect(result.status, `${role}: ${label(route)}`).toBeLessThan(500);
      if (!allowed) expect(result.body.error.code).toBe('forbidden');
    }
  });

  it('requires the CSRF token on session writes', async () => {
    const email = await addUser(
      scratch().store,
      workspace.workspaceId,
      'admin',
      await hashPassword(PASSWORD),
    );
    const headers = await signIn(server.url, email);
    const writes = guarded.filter((r) => r.method !== 'GET' && !r.url.endsWith('/auth/logout'));

    for (const route of writes) {
      const result = await request(server.url, route, { headers: { cookie: headers.cookie! } });
      expect(result.status, label(route)).toBe(403);
      expect(result.body.error.code, label(route)).toBe('csrf_token_invalid');
    }
  });
});
