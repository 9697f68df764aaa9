import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { getBacktest } from './backtest.service.js';
import { listBacktestRuns } from './backtest-runs.repository.js';
import { listBacktests } from './backtests.repository.js';
import { newestJobsOf, requireModel } from './scoring-models.service.js';

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

const BacktestParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  backtestId: Type.String({ maxLength: 64 }),
});

/**
 * `/api/v1/scoring-models/{id}/backtests` and `/backtest-runs`: a draft replayed against the
 * published version, run as a job, and the stored reports.
 */
export const backtestsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['scoring'];

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
    handler: async (request) => {
      const { workspaceId } = principalOf(request);
      const { id } = request.params;

      return {
        data: await newestJobsOf(app.store.db, workspaceId, id, listBacktestRuns),
        nextCursor: null,
      };
    },
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
      await requireModel(app.store.db, workspaceId, request.params.id);

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
