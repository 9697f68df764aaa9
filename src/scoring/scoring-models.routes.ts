import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';

import { errorResponses, IdParams, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import type { WorkspaceId } from '../shared/ids.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import type { Database } from '../store/schema.js';
import { getBacktest } from './backtest.service.js';
import { listBacktestRuns } from './backtest-runs.repository.js';
import { listBacktests } from './backtests.repository.js';
import { findRescoreJob, listRescoreJobs } from './rescore-jobs.repository.js';
import { findModel, findModelRow, listModels, listVersions } from './scoring-models.repository.js';
import {
  createModel,
  getDraft,
  publishModel,
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

const BacktestInput = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'YYYY-MM-DD or date-time; default 90 days before to',
      }),
    ),
    to: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'YYYY-MM-DD (inclusive) or date-time; default now',
      }),
    ),
  },
  { additionalProperties: false },
);

const Figures = Type.Object({
  mqls: Type.Integer(),
  converted: Type.Integer(),
  won: Type.Integer(),
});
const Totals = Type.Object({
  mqls: Type.Integer(),
  converted: Type.Integer(),
  won: Type.Integer(),
  conversionRate: Type.Number(),
});

const ReportFigures = {
  from: Type.String(),
  to: Type.String(),
  draftVersion: Type.Integer(),
  publishedVersion: Nullable(Type.Integer()),
  people: Type.Integer(),
  totals: Type.Object({ draft: Totals, published: Totals }),
  overlap: Type.Object({
    both: Type.Integer(),
    draftOnly: Type.Integer(),
    publishedOnly: Type.Integer(),
  }),
};

const BacktestFields = {
  id: Type.String(),
  modelId: Type.String(),
  versionId: Type.String({ description: 'The draft version that was replayed' }),
  createdBy: Type.String({
    description: 'Who ran it: `user:<id>`, `api_key:<id>`, `cli:<name>` or `system:<name>`',
  }),
  createdAt: Type.String(),
};

const Backtest = Type.Object({
  ...BacktestFields,
  report: Type.Object({
    ...ReportFigures,
    weeks: Type.Array(
      Type.Object({ weekStart: Type.String(), draft: Figures, published: Figures }),
    ),
  }),
});

const BacktestSummary = Type.Object({
  ...BacktestFields,
  report: Type.Object(ReportFigures, {
    description: "The report's figures; its weekly rows come with the single backtest",
  }),
});

const BacktestListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const BacktestRun = Type.Object(
  {
    id: Type.String(),
    modelId: Type.String(),
    status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    from: Type.String(),
    to: Type.String(),
    total: Type.Integer({ description: 'People in the workspace when the backtest began' }),
    done: Type.Integer({ description: 'People looked at so far: progress against total' }),
    backtestId: Nullable(Type.String({ description: 'The stored report, once done' })),
    error: Nullable(Type.String()),
    createdBy: Type.String(),
    createdAt: Type.String(),
    finishedAt: Nullable(Type.String()),
  },
  { description: 'A backtest being run; its report is stored when it is done' },
);

const BacktestRunParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  runId: Type.String({ maxLength: 64 }),
});

const RescoreParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  jobId: Type.String({ maxLength: 64 }),
});

const BacktestParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  backtestId: Type.String({ maxLength: 64 }),
});

/** `/api/v1/scoring-models`: models, their drafts and versions, publishing and backtests. */
/** Jobs listed per model (re-scores, backtest runs): the newest, no more pages. */
const JOBS_LISTED = 20;

async function jobsOfModel<T>(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  modelId: string,
  list: (
    db: Kysely<Database>,
    workspaceId: WorkspaceId,
    modelId: string,
    limit: number,
  ) => Promise<T[]>,
): Promise<{ data: T[]; nextCursor: null }> {
  if (!(await findModelRow(db, workspaceId, modelId))) throw notFound('scoring_model', 'id');

  return { data: await list(db, workspaceId, modelId, JOBS_LISTED), nextCursor: null };
}

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
      if (!(await findModel(app.store.db, workspaceId, request.params.id)))
        throw notFound('scoring_model', 'id');

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
    handler: (request) =>
      jobsOfModel(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
        listRescoreJobs,
      ),
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

  app.post('/scoring-models/:id/backtests', {
    config: { permission: 'scoring:write' },
    schema: {
      tags,
      summary: 'Backtest the draft against the published version over a period',
      description:
        'Answers 201 with the report when the backtest ends within a few seconds; else 202 with ' +
        'the running backtest, to follow at `Location` until it names the report (`backtestId`).',
      params: IdParams,
      body: Type.Optional(BacktestInput),
      response: { 201: Backtest, 202: Type.Object({ run: BacktestRun }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const scope = scopeOf(principalOf(request));
      const { id } = request.params;
      const run = await app.jobs.backtests.startWithin(
        scope,
        id,
        request.body ?? {},
        app.jobs.waitMs,
      );
      if (run.status === 'done')
        return reply
          .status(201)
          .send(await getBacktest(app.store.db, scope.workspaceId, id, run.backtestId!));
      if (run.status === 'failed') throw new Error(`Backtest ${run.id} failed: ${run.error}`);

      return reply
        .status(202)
        .header('location', `/api/v1/scoring-models/${id}/backtest-runs/${run.id}`)
        .send({ run });
    },
  });

  app.get('/scoring-models/:id/backtest-runs', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: "A model's backtest runs, newest first (the last 20)",
      description:
        'A run still `running` can be followed at `/backtest-runs/{runId}`, from any page or ' +
        'process: the web app shows one running when the model opens.',
      params: IdParams,
      response: {
        200: Type.Object({ data: Type.Array(BacktestRun), nextCursor: Type.Null() }),
        ...errorResponses,
      },
    },
    handler: (request) =>
      jobsOfModel(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
        listBacktestRuns,
      ),
  });

  app.get('/scoring-models/:id/backtest-runs/:runId', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: 'A running (or ended) backtest and its progress',
      params: BacktestRunParams,
      response: { 200: BacktestRun, ...errorResponses },
    },
    handler: async (request) => {
      const { id, runId } = request.params;
      const run = await app.jobs.backtests.find(principalOf(request).workspaceId, runId);
      if (run.modelId !== id) throw notFound('backtest_run', 'runId');

      return run;
    },
  });

  app.get('/scoring-models/:id/backtests', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: "A model's stored backtests, newest first",
      params: IdParams,
      querystring: BacktestListQuery,
      response: { 200: listOf(BacktestSummary), ...errorResponses },
    },
    handler: async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      if (!(await findModelRow(app.store.db, workspaceId, request.params.id)))
        throw notFound('scoring_model', 'id');

      return listBacktests(app.store.db, workspaceId, request.params.id, request.query);
    },
  });

  app.get('/scoring-models/:id/backtests/:backtestId', {
    config: { permission: 'scoring:read' },
    schema: {
      tags,
      summary: 'A stored backtest report',
      params: BacktestParams,
      response: { 200: Backtest, ...errorResponses },
    },
    handler: async (request) => {
      const { id, backtestId } = request.params;

      return getBacktest(app.store.db, principalOf(request).workspaceId, id, backtestId);
    },
  });
};
