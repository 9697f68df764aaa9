import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { actorOf } from '../auth/principal.js';
import { unauthenticated } from '../shared/app-error.js';
import {
  createWorkspaceForUser,
  getWorkspaceDetails,
  listUserWorkspaces,
  renameWorkspace,
} from './workspace.service.js';

const Stage = Type.Object({
  key: Type.String(),
  label: Type.String(),
  zone: Type.String(),
  owned: Type.Boolean(),
});

const Workspace = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    createdAt: Type.String(),
    lifecycleStages: Type.Array(Stage),
  },
  { $id: 'Workspace' },
);

const WorkspaceName = Type.Object(
  { name: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

const Membership = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Nullable(Type.String({ description: 'Your role there; null when an API key asks' })),
});

const CreatedWorkspace = Type.Object({
  id: Type.String(),
  name: Type.String(),
  writeKey: Type.String({ description: 'Ingest write key; shown once' }),
  apiKey: Type.String({ description: 'Admin API key; shown once' }),
});

/** `/api/v1/workspaces`: the caller's workspace and, for people, their other workspaces. */
export const workspacesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/workspaces/current', {
    config: { permission: 'workspace:read' },
    schema: {
      tags: ['workspaces'],
      summary: 'The workspace of this session or key',
      response: { 200: Workspace, ...errorResponses },
    },
    handler: async (request) => getWorkspaceDetails(app.store.db, principalOf(request).workspaceId),
  });

  app.patch('/workspaces/current', {
    config: { permission: 'workspace:manage' },
    schema: {
      tags: ['workspaces'],
      summary: 'Rename the workspace',
      body: WorkspaceName,
      response: { 200: Workspace, ...errorResponses },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      await renameWorkspace(
        app.store.db,
        principal.workspaceId,
        actorOf(principal),
        request.body.name,
      );

      return getWorkspaceDetails(app.store.db, principal.workspaceId);
    },
  });

  app.get('/workspaces', {
    config: { permission: 'workspace:read' },
    schema: {
      tags: ['workspaces'],
      summary: "The caller's workspaces (for an API key, its own)",
      response: {
        200: Type.Object({ data: Type.Array(Membership), nextCursor: Type.Null() }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      if (principal.kind === 'api_key') {
        const workspace = await getWorkspaceDetails(app.store.db, principal.workspaceId);

        return { data: [{ id: workspace.id, name: workspace.name, role: null }], nextCursor: null };
      }

      return { data: await listUserWorkspaces(app.store.db, principal.userId), nextCursor: null };
    },
  });

  app.post('/workspaces', {
    config: { permission: 'workspace:manage' },
    schema: {
      tags: ['workspaces'],
      summary: 'Create another workspace with you as its admin (sessions only; keys shown once)',
      body: WorkspaceName,
      response: { 201: CreatedWorkspace, ...errorResponses },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'session')
        throw unauthenticated('Creating a workspace needs a signed-in user, not an API key.');

      const created = await createWorkspaceForUser(app.store.db, {
        name: request.body.name,
        userId: principal.userId,
      });
      request.log.info(
        { workspaceId: created.workspaceId, userId: principal.userId },
        'workspace created',
      );

      return reply.status(201).send({
        id: created.workspaceId,
        name: request.body.name.trim(),
        writeKey: created.writeKey.token,
        apiKey: created.apiKey.token,
      });
    },
  });
};
