import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { API_KEY_SCOPES } from '../auth/permissions.js';
import { scopeOf } from '../auth/principal.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key.service.js';

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

const NewKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scope: Type.Union(API_KEY_SCOPES.map((s) => Type.Literal(s))),
  },
  { additionalProperties: false },
);

/** `/api/v1/api-keys`: keys for scripts and integrations; secrets are shown once. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api-keys', {
    config: { permission: 'apikeys:manage' },
    schema: {
      tags: ['api-keys'],
      summary: 'List API keys',
      response: { 200: Type.Object({ data: Type.Array(ApiKey) }), ...errorResponses },
    },
    handler: async (request) => ({
      data: await listApiKeys(app.store.db, principalOf(request).workspaceId),
    }),
  });

  app.post('/api-keys', {
    config: { permission: 'apikeys:manage' },
    schema: {
      tags: ['api-keys'],
      summary: 'Create an API key (the token is shown once)',
      body: NewKey,
      response: {
        201: Type.Composite([ApiKey, Type.Object({ token: Type.String() })]),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const scope = scopeOf(principalOf(request));
      const key = await app.store.db
        .transaction()
        .execute((trx) => createApiKey(trx, scope, request.body));

      return reply.status(201).send(key);
    },
  });

  app.delete('/api-keys/:id', {
    config: { permission: 'apikeys:manage' },
    schema: {
      tags: ['api-keys'],
      summary: 'Revoke an API key',
      params: IdParams,
      response: { 200: ApiKey, ...errorResponses },
    },
    handler: async (request) =>
      revokeApiKey(app.store.db, scopeOf(principalOf(request)), request.params.id),
  });
};
