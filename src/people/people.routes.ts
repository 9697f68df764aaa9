import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import {
  errorResponses,
  IdParams,
  sendJsonText,
  listOf,
  Nullable,
  Traits,
} from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { findPerson, findPersonJson, listPeopleJson } from './people.repository.js';
import { createPerson, updatePerson } from './people.service.js';
import { personTimeline } from './person-timeline.js';

const Short = (max = 200) => Nullable(Type.String({ maxLength: max }));

const Person = Type.Object(
  {
    id: Type.String(),
    email: Nullable(Type.String()),
    userId: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    name: Type.String(),
    title: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    company: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    lifecycleStage: Type.String(),
    ownerId: Nullable(Type.String()),
    source: Nullable(Type.String()),
    traits: Traits,
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Person' },
);

const PersonInput = Type.Object(
  {
    email: Nullable(Type.String({ format: 'email', maxLength: 254 })),
    userId: Short(200),
    firstName: Short(100),
    lastName: Short(100),
    title: Short(200),
    phone: Short(50),
    companyId: Short(64),
    lifecycleStage: Type.String({ maxLength: 50 }),
    ownerId: Short(64),
    source: Short(100),
    traits: Traits,
    reason: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);

const PersonQuery = Type.Object(
  {
    stage: Type.Optional(Type.String({ maxLength: 50 })),
    ownerId: Type.Optional(Type.String({ maxLength: 64 })),
    companyId: Type.Optional(Type.String({ maxLength: 64 })),
    createdAfter: Type.Optional(Type.String({ format: 'date-time' })),
    createdBefore: Type.Optional(Type.String({ format: 'date-time' })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(
      Type.String({
        maxLength: 30,
        description: 'created_at, updated_at, email or last_name; a leading - sorts descending.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const TimelineItem = Type.Object(
  { kind: Type.String(), at: Type.String(), id: Type.String() },
  { additionalProperties: true },
);

/** `/api/v1/people`: the leads and contacts of a workspace. */
export const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/people', {
    config: { permission: 'people:read' },
    schema: {
      tags: ['people'],
      summary: 'List people',
      querystring: PersonQuery,
      response: { 200: listOf(Person), ...errorResponses },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const page = await listPeopleJson(app.store.db, principal.workspaceId, request.query);

      return sendJsonText(reply, page);
    },
  });

  app.post('/people', {
    config: { permission: 'people:write' },
    schema: {
      tags: ['people'],
      summary: 'Create a person',
      body: Type.Partial(PersonInput, { additionalProperties: false }),
      response: { 201: Person, ...errorResponses },
    },
    handler: async (request, reply) => {
      const person = await createPerson(app.store.db, scopeOf(principalOf(request)), request.body);

      return reply.status(201).send(person);
    },
  });

  app.get('/people/:id', {
    config: { permission: 'people:read' },
    schema: {
      tags: ['people'],
      summary: 'Get a person',
      params: IdParams,
      response: { 200: Person, ...errorResponses },
    },
    handler: async (request, reply) => {
      const person = await findPersonJson(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (person === undefined) throw notFound('person', 'id');

      return sendJsonText(reply, person);
    },
  });

  app.patch('/people/:id', {
    config: { permission: 'people:write' },
    schema: {
      tags: ['people'],
      summary: 'Update a person',
      params: IdParams,
      body: Type.Partial(PersonInput, { additionalProperties: false }),
      response: { 200: Person, ...errorResponses },
    },
    handler: async (request) =>
      updatePerson(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });

  app.get('/people/:id/timeline', {
    config: { permission: 'people:read' },
    schema: {
      tags: ['people'],
      summary: "A person's events, activities and changes, newest first",
      params: IdParams,
      response: { 200: Type.Object({ data: Type.Array(TimelineItem) }), ...errorResponses },
    },
    handler: async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      if (!(await findPerson(app.store.db, workspaceId, request.params.id)))
        throw notFound('person', 'id');

      return { data: await personTimeline(app.store.db, workspaceId, request.params.id) };
    },
  });
};
