import type { FastifyInstance, FastifyRequest } from 'fastify';

import { verifyApiKey } from '../api-keys/api-key.service.js';
import { recallVerifiedKey, rememberVerifiedKey } from '../api-keys/verified-key-cache.js';
import { AppError, forbidden, unauthenticated } from '../shared/app-error.js';
import type { Store } from '../store/database.js';
import type { Permission } from './permissions.js';
import { allows, type Principal } from './principal.js';
import { resolveSession } from './session.service.js';

export const SESSION_COOKIE = 'baton_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; every `/api/v1` route declares one, or `public`. */
    permission?: Permission;
    /** Any signed-in caller may use the route (their own session, say). */
    authenticated?: boolean;
    public?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;

  return header.slice('Bearer '.length).trim();
}

function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;

  request.cookies ??= request.server.parseCookie(header);

  return request.cookies[SESSION_COOKIE];
}

async function identify(store: Store, request: FastifyRequest): Promise<Principal | undefined> {
  const bearer = bearerOf(request);
  if (bearer !== undefined) {
    let key = recallVerifiedKey(store, bearer);
    if (!key) {
      key = await verifyApiKey(store.db, bearer);
      if (key) rememberVerifiedKey(store, bearer, key);
    }
    // Write keys are for ingest only; on the REST API they are not credentials at all.
    if (!key || key.scope === 'ingest')
      throw unauthenticated('The API key is unknown, revoked or not for this API.');

    return { kind: 'api_key', apiKeyId: key.id, workspaceId: key.workspaceId, scope: key.scope };
  }

  const token = sessionTokenOf(request);
  if (!token) return undefined;

  const session = await resolveSession(store.db, token);
  if (
    session &&
    !SAFE_METHODS.has(request.method) &&
    request.headers[CSRF_HEADER] !== session.csrfToken
  ) {
    throw new AppError(
      'forbidden',
      'csrf_token_invalid',
      `Send the session's CSRF token in the ${CSRF_HEADER} header.`,
    );
  }

  return session;
}

/** The gate in front of every route: who is calling, and may they? */
export function registerAuthHook(app: FastifyInstance, store: Store): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;

    const config = route.config as
      { permission?: Permission; public?: boolean; authenticated?: boolean } | undefined;
    if (!config?.permission && !config?.public && !config?.authenticated) {
      throw new Error(`Route ${route.method} ${route.url} declares no permission.`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || (!config.permission && !config.authenticated)) return;

    const principal = await identify(store, request);
    if (!principal) throw unauthenticated();

    if (config.permission && !allows(principal, config.permission)) throw forbidden();

    request.principal = principal;
  });
}

/** The caller of a route that declared a permission; the hook has already checked it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();

  return request.principal;
}
