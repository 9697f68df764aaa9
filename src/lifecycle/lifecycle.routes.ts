import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { getLifecycle, moveStage, setLifecycle } from './lifecycle.service.js';

const Zone = Type.Union([
  Type.Literal('tofu'),
  Type.Literal('mofu'),
  Type.Literal('bofu'),
  Type.Literal('closed'),
]);

const Stage = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 50 }),
    label: Type.String({ minLength: 1, maxLength: 100 }),
    zone: Zone,
    owned: Type.Boolean({ description: 'From this stage on, a person needs an owner' }),
  },
  { additionalProperties: false },
);

const Transitions = Type.Record(
  Type.String({ maxLength: 50 }),
  Type.Array(Type.String({ maxLength: 50 }), { maxItems: 30 }),
);

const Lifecycle = Type.Object({
  stages: Type.Array(Stage),
  transitions: Transitions,
  defaultTransitions: Type.Boolean(),
});

const LifecycleInput = Type.Object(
  {
    stages: Type.Array(Stage, { maxItems: 30 }),
    transitions: Nullable(Transitions),
  },
  { additionalProperties: false },
);

const StageMove = Type.Object(
  {
    stage: Type.String({ minLength: 1, maxLength: 50 }),
    reason: Type.Optional(
      Type.String({ maxLength: 500, description: 'Required when a user moves a person' }),
    ),
    ownerId: Type.Optional(
      Type.String({ maxLength: 64, description: 'Owner to set, for stages that need one' }),
    ),
  },
  { additionalProperties: false },
);

/** The workspace's lifecycle (stages, zones, transitions) and manual stage moves. */
export const lifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/workspaces/current/lifecycle', {
    config: { permission: 'workspace:read' },
    schema: {
      tags: ['lifecycle'],
      summary: 'Lifecycle stages, funnel zones and allowed transitions',
      response: { 200: Lifecycle, ...errorResponses },
    },
    handler: async (request) => getLifecycle(app.store.db, principalOf(request).workspaceId),
  });

  app.put('/workspaces/current/lifecycle', {
    config: { permission: 'workspace:manage' },
    schema: {
      tags: ['lifecycle'],
      summary: 'Replace the stages and transitions (transitions null: the defaults)',
      body: LifecycleInput,
      response: { 200: Lifecycle, ...errorResponses },
    },
    handler: async (request) =>
      setLifecycle(app.store.db, scopeOf(principalOf(request)), request.body),
  });

  app.post('/people/:id/stage', {
    config: { permission: 'people:write' },
    schema: {
      tags: ['lifecycle'],
      summary: 'Move a person to another stage by hand, with a reason',
      params: IdParams,
      body: StageMove,
      response: {
        200: Type.Unknown({ description: 'The person, as GET /people/{id} answers' }),
        ...errorResponses,
      },
    },
    handler: async (request) =>
      moveStage(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });
};
