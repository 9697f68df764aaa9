import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { personEvents, personScore, scoreHistory } from './person-score.service.js';

const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const EventRef = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Nullable(Type.String()),
  path: Nullable(Type.String()),
  at: Type.String(),
});
const Verdict = Type.Object({
  met: Type.Boolean(),
  reasons: Type.Array(Type.Object({ text: Type.String(), met: Type.Boolean() })),
});

const PersonScore = Type.Object({
  modelId: Type.String(),
  modelName: Type.String(),
  versionId: Type.String(),
  version: Type.Integer(),
  stored: Type.Boolean(),
  fitPoints: Type.Number(),
  grade: Type.String(),
  engagement: Type.Number(),
  mql: Type.Boolean(),
  sql: Type.Boolean(),
  scoredAt: Nullable(Type.String()),
  explanation: Type.Object({
    asOf: Type.String(),
    fit: Type.Object({
      points: Type.Number(),
      grade: Type.String(),
      rules: Type.Array(
        Type.Object({
          ruleId: Type.String(),
          label: Type.String(),
          points: Type.Number(),
          because: Type.String(),
        }),
      ),
    }),
    engagement: Type.Object({
      score: Type.Number(),
      capped: Type.Boolean(),
      rules: Type.Array(
        Type.Object({
          ruleId: Type.String(),
          label: Type.String(),
          points: Type.Number(),
          decayed: Type.Number(),
          event: EventRef,
        }),
      ),
      skipped: Type.Array(
        Type.Object({ ruleId: Type.String(), reason: Type.String(), event: EventRef }),
      ),
    }),
    mql: Verdict,
    sql: Verdict,
  }),
});

const HistoryEntry = Type.Object({
  id: Type.String(),
  modelId: Type.String(),
  modelName: Type.String(),
  versionId: Type.String(),
  version: Type.Integer(),
  fitPoints: Type.Number(),
  grade: Type.String(),
  engagement: Type.Number(),
  cause: Type.String({ description: 'event, profile, merge, publish or import' }),
  causeId: Nullable(Type.String()),
  at: Type.String(),
});

const Event = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  type: Type.String(),
  name: Nullable(Type.String()),
  anonymousId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  properties: Type.Record(Type.String(), Type.Unknown()),
  context: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
});

/** A person's score with its explanation, their score history and their events. */
export const personScoreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/people/:id/score', {
    config: { permission: 'people:read' },
    schema: {
      tags: ['scoring'],
      summary: "A person's current score per model, explained rule by rule and event by event",
      params: IdParams,
      response: { 200: Type.Object({ data: Type.Array(PersonScore) }), ...errorResponses },
    },
    handler: async (request) => ({
      data: await personScore(app.store.db, principalOf(request).workspaceId, request.params.id),
    }),
  });

  app.get('/people/:id/score-history', {
    config: { permission: 'people:read' },
    schema: {
      tags: ['scoring'],
      summary: "A person's score changes, newest first",
      params: IdParams,
      querystring: PageQuery,
      response: { 200: listOf(HistoryEntry), ...errorResponses },
    },
    handler: async (request) =>
      scoreHistory(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
        request.query,
      ),
  });

  app.get('/people/:id/events', {
    config: { permission: 'people:read' },
    schema: {
      tags: ['people'],
      summary: "A person's events, newest first",
      params: IdParams,
      querystring: PageQuery,
      response: { 200: listOf(Event), ...errorResponses },
    },
    handler: async (request) =>
      personEvents(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
        request.query,
      ),
  });
};
