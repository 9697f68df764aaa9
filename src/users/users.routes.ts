import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { ROLES } from '../auth/permissions.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { findMember, listMembers } from './user.repository.js';
import { addMember, removeMember, updateMember } from './user.service.js';

const Role = Type.Union(ROLES.map((role) => Type.Literal(role)));

const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.String(),
    createdAt: Type.String(),
  },
  { $id: 'User' },
);

const NewUser = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    role: Role,
  },
  { additionalProperties: false },
);

const UserChange = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);

const tags = ['users'];

/** `/api/v1/users`: the members of the caller's workspace and their roles. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/users', {
    config: { permission: 'users:read' },
    schema: {
      tags,
      summary: 'List the members of the workspace',
      response: { 200: Type.Object({ data: Type.Array(User) }), ...errorResponses },
    },
    handler: async (request) => ({
      data: await listMembers(app.store.db, principalOf(request).workspaceId),
    }),
  });

  app.post('/users', {
    config: { permission: 'users:manage' },
    schema: {
      tags,
      summary: 'Add a user to the workspace',
      description:
        'Creates the user when the e-mail is new; otherwise the existing user joins with the given role and keeps their name and password.',
      body: NewUser,
      response: { 201: User, ...errorResponses },
    },
    handler: async (request, reply) => {
      const member = await addMember(app.store.db, scopeOf(principalOf(request)), request.body);

      return reply.status(201).send(member);
    },
  });

  app.get('/users/:id', {
    config: { permission: 'users:read' },
    schema: {
      tags,
      summary: 'Get a member',
      params: IdParams,
      response: { 200: User, ...errorResponses },
    },
    handler: async (request) => {
      const member = await findMember(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (!member) throw notFound('user', 'id');

      return member;
    },
  });

  app.patch('/users/:id', {
    config: { permission: 'users:manage' },
    schema: {
      tags,
      summary: 'Rename a member or change their role',
      params: IdParams,
      body: UserChange,
      response: { 200: User, ...errorResponses },
    },
    handler: async (request) =>
      updateMember(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });

  app.delete('/users/:id', {
    config: { permission: 'users:manage' },
    schema: {
      tags,
      summary: 'Remove a member from the workspace',
      params: IdParams,
      response: { 200: User, ...errorResponses },
    },
    handler: async (request) =>
      removeMember(app.store.db, scopeOf(principalOf(request)), request.params.id),
  });
};
