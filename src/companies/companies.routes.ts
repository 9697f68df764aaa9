import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, listOf, Nullable, Traits } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { findCompany, listCompanies } from './companies.repository.js';
import { createCompany, updateCompany } from './companies.service.js';

const Company = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    domain: Nullable(Type.String()),
    industry: Nullable(Type.String()),
    employees: Nullable(Type.Integer()),
    annualRevenue: Nullable(Type.Number()),
    region: Nullable(Type.String()),
    country: Nullable(Type.String()),
    ownerId: Nullable(Type.String()),
    traits: Traits,
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Company' },
);

const CompanyFields = {
  name: Type.String({ maxLength: 200 }),
  domain: Nullable(
    Type.String({ maxLength: 253, description: 'Host name, e.g. example.com; stored lower-cased' }),
  ),
  industry: Nullable(Type.String({ maxLength: 100 })),
  employees: Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  annualRevenue: Nullable(
    Type.Number({
      minimum: 0,
      maximum: 1e15,
      description: 'In the workspace currency, major units',
    }),
  ),
  region: Nullable(Type.String({ maxLength: 100 })),
  country: Nullable(Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2' })),
  ownerId: Nullable(Type.String({ maxLength: 64 })),
  traits: Traits,
};

const { name, ...optionalFields } = CompanyFields;
const NewCompany = Type.Object(
  { name, ...Type.Partial(Type.Object(optionalFields)).properties },
  { additionalProperties: false },
);
const CompanyPatch = Type.Partial(Type.Object(CompanyFields), { additionalProperties: false });

const CompanyQuery = Type.Object(
  {
    industry: Type.Optional(Type.String({ maxLength: 100 })),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    ownerId: Type.Optional(Type.String({ maxLength: 64 })),
    createdAfter: Type.Optional(Type.String({ format: 'date-time' })),
    createdBefore: Type.Optional(Type.String({ format: 'date-time' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Searches name and domain' })),
    sort: Type.Optional(
      Type.String({
        maxLength: 30,
        description:
          'name, created_at (default, newest first) or updated_at; a leading - sorts descending.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** `/api/v1/companies`: the accounts people work at. */
export const companiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/companies', {
    config: { permission: 'companies:read' },
    schema: {
      tags: ['companies'],
      summary: 'List companies',
      querystring: CompanyQuery,
      response: { 200: listOf(Company), ...errorResponses },
    },
    handler: async (request) =>
      listCompanies(app.store.db, principalOf(request).workspaceId, request.query),
  });

  app.post('/companies', {
    config: { permission: 'companies:write' },
    schema: {
      tags: ['companies'],
      summary: 'Create a company',
      body: NewCompany,
      response: { 201: Company, ...errorResponses },
    },
    handler: async (request, reply) => {
      const company = await createCompany(
        app.store.db,
        scopeOf(principalOf(request)),
        request.body,
      );

      return reply.status(201).send(company);
    },
  });

  app.get('/companies/:id', {
    config: { permission: 'companies:read' },
    schema: {
      tags: ['companies'],
      summary: 'Get a company',
      params: IdParams,
      response: { 200: Company, ...errorResponses },
    },
    handler: async (request) => {
      const company = await findCompany(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (!company) throw notFound('company', 'id');

      return company;
    },
  });

  app.patch('/companies/:id', {
    config: { permission: 'companies:write' },
    schema: {
      tags: ['companies'],
      summary: 'Update a company',
      params: IdParams,
      body: CompanyPatch,
      response: { 200: Company, ...errorResponses },
    },
    handler: async (request) =>
      updateCompany(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });
};
