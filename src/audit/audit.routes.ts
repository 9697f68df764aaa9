import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { listAudit } from './audit.repository.js';

const AuditEntry = Type.Object(
  {
    id: Type.String(),
    at: Type.String(),
    actorType: Type.String(),
    actorId: Nullable(Type.String()),
    action: Type.String(),
    subjectType: Type.String(),
    subjectId: Type.String(),
    before: Type.Unknown(),
    after: Type.Unknown(),
    reason: Nullable(Type.String()),
  },
  { $id: 'AuditEntry' },
);

const AuditQuery = Type.Object(
  {
    subjectId: Type.Optional(Type.String({ maxLength: 64 })),
    subjectType: Type.Optional(Type.String({ maxLength: 50 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** `/api/v1/audit`: the append-only log of every change, newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: 'Read the audit log, newest first',
      querystring: AuditQuery,
      response: { 200: listOf(AuditEntry), ...errorResponses },
    },
    handler: async (request) =>
      listAudit(app.store.db, principalOf(request).workspaceId, request.query),
  });
};
