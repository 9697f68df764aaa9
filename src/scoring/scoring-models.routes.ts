import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { findRescoreJob, listRescoreJobs } from './rescore-jobs.repository.js';
import { findModel, listModels, listVersions } from './scoring-models.repository.js';
import {
  createModel,
  getDraft,
  newestJobsOf,
  publishModel,
  requireModel,
  saveDraft,
  updateModel,
} from './scoring-models.service.js';

const Json = Type.Unknown({ description: 'JSON; see the scoring definition schema' });

const VersionSummary = Nullable(
  Type.Object({ versionId: Type.String(), version: Type.Integer(), at: Type.String() }),
);

const Rescore = Type.Object(
  {
    id: Type.String(),
    modelId: Type.String(),
    cause: Type.Union([Type.Literal('publish'), Type.Literal('profile')]),
    versionId: Nullable(Type.String()),
    status: Type.Union(
      [
        Type.Literal('running'),
        Type.Literal('done'),
        Type.Literal('failed'),
        Type.Literal('superseded'),
      ],
      { description: 'running until every person is re-scored; superseded by a newer job' },
    ),
    total: Type.Integer({ description: 'People in the workspace when the job began' }),
    done: Type.Integer({ description: 'People looked at so far: progress against total' }),
    scored: Type.Integer({ description: 'People the model applies to, re-scored so far' }),
    changed: Type.Integer({ description: 'Of those, whose stored score changed' }),
    moved: Type.Integer({ description: 'Of those, whom the new score moved to another stage' }),
    error: Nullable(Type.String()),
    createdBy: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
  },
  { description: 'A re-score job: everyone a model applies to, scored again in chunks' },
);

const Model = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  segment: Nullable(Json),
  priority: Type.Integer(),
  published: VersionSummary,
  draft: VersionSummary,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  rescore: Type.Optional(Rescore),
});

const Version = Type.Object({
  id: Type.String(),
  modelId: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  definition: Json,
  createdBy: Type.String(),
  createdAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  retiredAt: Nullable(Type.String()),
});

const Draft = Type.Object({
  modelId: Type.String(),
  versionId: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
  saved: Type.Boolean({
    description:
      'False when no draft is saved yet: the definition is the published one to start from',
  }),
  basedOn: Nullable(
    Type.Integer({ description: 'The published version number when the draft was read' }),
  ),
  definition: Json,
});

const ModelFields = {
  name: Type.String({ maxLength: 100 }),
  description: Nullable(Type.String({ maxLength: 1000 })),
  segment: Nullable(
    Type.Unknown({
      description: 'A condition over person and company; null for the default model',
    }),
  ),
  priority: Type.Integer({ description: 'Lower numbers win when several segments hold' }),
};

const NewModel = Type.Object(
  {
    name: ModelFields.name,
    description: Type.Optional(ModelFields.description),
    segment: Type.Optional(ModelFields.segment),
    priority: Type.Optional(ModelFields.priority),
    definition: Type.Optional(
      Type.Unknown({ description: 'The first draft; the starter model when left out' }),
    ),
  },
  { additionalProperties: false },
);

const RescoreParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  jobId: Type.String({ maxLength: 64 }),
});

/** `/api/v1/scoring-models`: models, their drafts and versions, publishing and re-scores. */
export const scoringModelsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['scoring'];

  app.get('/scoring-models', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: 'List scoring models, by priority',
      response: {
        200: Type.Object({ data: Type.Array(Model), nextCursor: Type.Null() }),
        ...errorResponses,
      },
    },
    handler: async (request) => ({
      data: await listModels(app.store.db, principalOf(request).workspaceId),
      nextCursor: null,
    }),
  });

  app.post('/scoring-models', {
    config: { permission: 'scoring:write' },
    schema: {
      tags,
      summary: 'Create a scoring model with a first draft',
      body: NewModel,
      response: { 201: Model, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createModel(app.store.db, scopeOf(principalOf(request)), request.body)),
  });

  app.get('/scoring-models/:id', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: 'Get a scoring model',
      params: IdParams,
      response: { 200: Model, ...errorResponses },
    },
    handler: async (request) => {
      const model = await findModel(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (!model) throw notFound('scoring_model', 'id');

      return model;
    },
  });

  app.patch('/scoring-models/:id', {
    config: { permission: 'scoring:write' },
    schema: {
      tags,
      summary: 'Rename a model or change its segment or priority (a published model re-scores)',
      params: IdParams,
      body: Type.Partial(Type.Object(ModelFields), { additionalProperties: false }),
      response: { 200: Model, ...errorResponses },
    },
    handler: async (request) => {
      const scope = scopeOf(principalOf(request));
      const { rescoreJobId, ...model } = await updateModel(
        app.store.db,
        scope,
        request.params.id,
        request.body,
      );
      if (!rescoreJobId) return model;

      return {
        ...model,
        rescore: await app.jobs.rescores.runWithin(
          scope.workspaceId,
          rescoreJobId,
          app.jobs.waitMs,
        ),
      };
    },
  });

  app.get('/scoring-models/:id/versions', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: "A model's versions, newest first",
      params: IdParams,
      response: {
        200: Type.Object({ data: Type.Array(Version), nextCursor: Type.Null() }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      await requireModel(app.store.db, workspaceId, request.params.id);

      return {
        data: await listVersions(app.store.db, workspaceId, request.params.id),
        nextCursor: null,
      };
    },
  });

  app.get('/scoring-models/:id/draft', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: 'The draft definition (or the published one to start a draft from)',
      params: IdParams,
      response: { 200: Draft, ...errorResponses },
    },
    handler: async (request) =>
      getDraft(app.store.db, principalOf(request).workspaceId, request.params.id),
  });

  app.put('/scoring-models/:id/draft', {
    config: { permission: 'scoring:write' },
    schema: {
      tags,
      summary: 'Validate and save the draft definition',
      params: IdParams,
      body: Type.Unknown({ description: 'A scoring definition' }),
      response: { 200: Draft, ...errorResponses },
    },
    handler: async (request) =>
      saveDraft(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });

  app.post('/scoring-models/:id/publish', {
    config: { permission: 'scoring:write' },
    schema: {
      tags,
      summary: 'Publish the draft and re-score everyone the model applies to',
      description:
        'The answer waits for the re-score a few seconds; a larger workspace goes on being ' +
        're-scored in the background: follow `rescore.id` at `/scoring-models/{id}/rescores/{jobId}`.',
      params: IdParams,
      response: {
        200: Type.Object({ model: Model, version: Version, rescore: Rescore }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const scope = scopeOf(principalOf(request));
      const { rescoreJobId, ...published } = await publishModel(
        app.store.db,
        scope,
        request.params.id,
      );

      return {
        ...published,
        rescore: await app.jobs.rescores.runWithin(
          scope.workspaceId,
          rescoreJobId,
          app.jobs.waitMs,
        ),
      };
    },
  });

  app.get('/scoring-models/:id/rescores', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: "A model's re-score jobs, newest first (the last 20)",
      params: IdParams,
      response: {
        200: Type.Object({ data: Type.Array(Rescore), nextCursor: Type.Null() }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const { workspaceId } = principalOf(request);
      const { id } = request.params;

      return {
        data: await newestJobsOf(app.store.db, workspaceId, id, listRescoreJobs),
        nextCursor: null,
      };
    },
  });

  app.get('/scoring-models/:id/rescores/:jobId', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: 'A re-score job and its progress',
      params: RescoreParams,
      response: { 200: Rescore, ...errorResponses },
    },
    handler: async (request) => {
      const { id, jobId } = request.params;
      const job = await findRescoreJob(app.store.db, principalOf(request).workspaceId, jobId);
      if (!job || job.modelId !== id) throw notFound('rescore_job', 'jobId');

      return job;
    },
  });
};
