import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { findActivity, listActivities } from './activities.repository.js';
import { createActivity } from './activities.service.js';
import { ACTIVITY_KINDS } from './activity.types.js';

const Kind = Type.Union(ACTIVITY_KINDS.map((k) => Type.Literal(k)));

const Activity = Type.Object(
  {
    id: Type.String(),
    personId: Type.String(),
    userId: Nullable(Type.String()),
    kind: Type.String(),
    subject: Type.String(),
    body: Nullable(Type.String()),
    occurredAt: Type.String(),
    createdAt: Type.String(),
  },
  { $id: 'Activity' },
);

const NewActivity = Type.Object(
  {
    personId: Type.String({ maxLength: 64 }),
    kind: Kind,
    subject: Type.String({ maxLength: 200 }),
    body: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    occurredAt: Type.Optional(
      Type.String({ format: 'date-time', maxLength: 40, description: 'Default: now' }),
    ),
  },
  { additionalProperties: false },
);

const ActivityQuery = Type.Object(
  {
    personId: Type.Optional(Type.String({ maxLength: 64 })),
    userId: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(Kind),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** `/api/v1/activities`: calls, e-mails, meetings and notes logged on people. */
export const activitiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/activities', {
    config: { permission: 'activities:read' },
    schema: {
      tags: ['activities'],
      summary: 'List activities, newest first',
      querystring: ActivityQuery,
      response: { 200: listOf(Activity), ...errorResponses },
    },
    handler: async (request) =>
      listActivities(app.store.db, principalOf(request).workspaceId, request.query),
  });

  app.post('/activities', {
    config: { permission: 'activities:write' },
    schema: {
      tags: ['activities'],
      summary: 'Log an activity on a person',
      body: NewActivity,
      response: { 201: Activity, ...errorResponses },
    },
    handler: async (request, reply) => {
      const activity = await createActivity(
        app.store.db,
        scopeOf(principalOf(request)),
        request.body,
      );

      return reply.status(201).send(activity);
    },
  });

  app.get('/activities/:id', {
    config: { permission: 'activities:read' },
    schema: {
      tags: ['activities'],
      summary: 'Get an activity',
      params: IdParams,
      response: { 200: Activity, ...errorResponses },
    },
    handler: async (request) => {
      const activity = await findActivity(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (!activity) throw notFound('activity', 'id');

      return activity;
    },
  });
};
