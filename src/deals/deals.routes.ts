import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { DEAL_STATUSES } from './deal.types.js';
import { findDeal, listDeals } from './deals.repository.js';
import { createDeal, updateDeal } from './deals.service.js';

const Status = Type.Union(DEAL_STATUSES.map((s) => Type.Literal(s)));

const Deal = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    personId: Nullable(Type.String()),
    companyId: Nullable(Type.String()),
    ownerId: Nullable(Type.String()),
    amountMinor: Type.Integer(),
    currency: Type.String(),
    stage: Type.String(),
    status: Type.String(),
    closeDate: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Deal' },
);

const DealFields = {
  name: Type.String({ maxLength: 200 }),
  personId: Nullable(Type.String({ maxLength: 64 })),
  companyId: Nullable(Type.String({ maxLength: 64 })),
  ownerId: Nullable(Type.String({ maxLength: 64 })),
  amountMinor: Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Minor units: 12345 EUR cents is 123.45 EUR',
  }),
  currency: Type.String({ maxLength: 3, description: 'ISO 4217, three upper-case letters' }),
  stage: Type.String({ maxLength: 100, description: "Free text, e.g. 'qualification'" }),
  status: Status,
  closeDate: Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
};

const { personId, companyId, ownerId, closeDate, ...requiredFields } = DealFields;
const NewDeal = Type.Object(
  {
    ...requiredFields,
    ...Type.Partial(Type.Object({ personId, companyId, ownerId, closeDate })).properties,
  },
  { additionalProperties: false },
);
const DealPatch = Type.Partial(Type.Object(DealFields), { additionalProperties: false });

const DealQuery = Type.Object(
  {
    status: Type.Optional(Status),
    stage: Type.Optional(Type.String({ maxLength: 100 })),
    ownerId: Type.Optional(Type.String({ maxLength: 64 })),
    personId: Type.Optional(Type.String({ maxLength: 64 })),
    companyId: Type.Optional(Type.String({ maxLength: 64 })),
    createdAfter: Type.Optional(Type.String({ format: 'date-time' })),
    createdBefore: Type.Optional(Type.String({ format: 'date-time' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Searches the name' })),
    sort: Type.Optional(
      Type.String({
        maxLength: 30,
        description:
          'created_at (default, newest first), updated_at, name, amount or close_date; a leading - sorts descending.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** `/api/v1/deals`: opportunities with an amount, a stage and an outcome. */
export const dealsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/deals', {
    config: { permission: 'deals:read' },
    schema: {
      tags: ['deals'],
      summary: 'List deals',
      querystring: DealQuery,
      response: { 200: listOf(Deal), ...errorResponses },
    },
    handler: async (request) =>
      listDeals(app.store.db, principalOf(request).workspaceId, request.query),
  });

  app.post('/deals', {
    config: { permission: 'deals:write' },
    schema: {
      tags: ['deals'],
      summary: 'Create a deal',
      body: NewDeal,
      response: { 201: Deal, ...errorResponses },
    },
    handler: async (request, reply) => {
      const deal = await createDeal(app.store.db, scopeOf(principalOf(request)), request.body);

      return reply.status(201).send(deal);
    },
  });

  app.get('/deals/:id', {
    config: { permission: 'deals:read' },
    schema: {
      tags: ['deals'],
      summary: 'Get a deal',
      params: IdParams,
      response: { 200: Deal, ...errorResponses },
    },
    handler: async (request) => {
      const deal = await findDeal(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (!deal) throw notFound('deal', 'id');

      return deal;
    },
  });

  app.patch('/deals/:id', {
    config: { permission: 'deals:write' },
    schema: {
      tags: ['deals'],
      summary: 'Update a deal; won and lost are recorded as such',
      params: IdParams,
      body: DealPatch,
      response: { 200: Deal, ...errorResponses },
    },
    handler: async (request) =>
      updateDeal(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });
};
