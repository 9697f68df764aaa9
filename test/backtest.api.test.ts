import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { BacktestRunner } from '../src/scoring/backtest-runner.js';
import { findBacktestRun, insertBacktestRun } from '../src/scoring/backtest-runs.repository.js';
import { planBacktest } from '../src/scoring/backtest.service.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { addEvent, addPerson, addStageMove, addWonDeal } from './support/history.js';
import { describeEachStore } from './support/stores.js';

const run = promisify(execFile);

// Four weeks, Monday 6 January to Sunday 2 February 2025.
const FROM = '2025-01-06';
const TO = '2025-02-02';

const fit = {
  title: 'VP Marketing',
  phone: '+44 20 7946 0000',
  company: { industry: 'Software', employees: 300 },
};

/**
 * The published starter model qualifies at engagement 60; the draft at 40. A gets 60 points
 * on 8 January (both qualify that week) and reaches SAL on 20 January; B gets 40 points on
 * 22 January (only the draft qualifies) and wins a deal on 30 January; C has a free-mail
 * address and no phone (grade C, never an MQL); D qualified under the draft in December, before the period.
 */
describeEachStore('backtests', (scratch) => {
  let server: TestServer;
  let token: string;
  let workspaceId: string;
  let modelId: string;

  beforeAll(async () => {
    const store = scratch().store;
    server = await startServer(store);
    const ws = await newWorkspace(store, 'Backtest Co');
    token = ws.apiKey.token;
    workspaceId = ws.workspaceId;

    const a = await addPerson(store, ws.workspaceId, {
      email: 'a@acme.example',
      stage: 'sal',
      ...fit,
    });
    await addEvent(store, ws.workspaceId, a, {
      type: 'track',
      name: 'Demo Requested',
      at: '2025-01-08T10:00:00Z',
    });
    await addEvent(store, ws.workspaceId, a, {
      type: 'track',
      name: 'Webinar Attended',
      at: '2025-01-08T10:00:00Z',
    });
    await addStageMove(store, ws.workspaceId, a, 'sal', '2025-01-20T09:00:00Z');

    const b = await addPerson(store, ws.workspaceId, { email: 'b@acme.example', ...fit });
    await addEvent(store, ws.workspaceId, b, {
      type: 'track',
      name: 'Demo Requested',
      at: '2025-01-22T15:00:00Z',
    });
    await addWonDeal(store, ws.workspaceId, b, '2025-01-30');

    const c = await addPerson(store, ws.workspaceId, {
      email: 'c@gmail.com',
      ...fit,
      phone: undefined,
    });
    await addEvent(store, ws.workspaceId, c, {
      type: 'track',
      name: 'Demo Requested',
      at: '2025-01-09T10:00:00Z',
    });
    await addEvent(store, ws.workspaceId, c, {
      type: 'track',
      name: 'Webinar Attended',
      at: '2025-01-09T10:00:00Z',
    });

    const d = await addPerson(store, ws.workspaceId, { email: 'd@acme.example', ...fit });
    await addEvent(store, ws.workspaceId, d, {
      type: 'track',
      name: 'Demo Requested',
      at: '2024-12-02T10:00:00Z',
    });

    modelId = (await call(server.url, 'GET', '/api/v1/scoring-models', { token })).body.data[0].id;
    const draft = {
      ...STARTER_MODEL,
      mql: { all: [{ grade: ['A', 'B'] }, { score: 'engagement', op: 'gte', value: 40 }] },
    };
    const saved = await call(server.url, 'PUT', `/api/v1/scoring-models/${modelId}/draft`, {
      token,
      body: draft,
    });
    expect(saved.status).toBe(200);
  });

  afterAll(() => server.close());

  const week = (mqls: number, converted: number, won: number) => ({ mqls, converted, won });

  function expectReport(report: Record<string, unknown>): void {
    expect(report).toMatchObject({
      from: '2025-01-06T00:00:00.000Z',
      to: '2025-02-02T23:59:59.999Z',
      draftVersion: 2,
      publishedVersion: 1,
      people: 4,
    });
    expect(report.weeks).toEqual([
      { weekStart: '2025-01-06T00:00:00.000Z', draft: week(1, 1, 0), published: week(1, 1, 0) },
      { weekStart: '2025-01-13T00:00:00.000Z', draft: week(0, 0, 0), published: week(0, 0, 0) },
      { weekStart: '2025-01-20T00:00:00.000Z', draft: week(1, 1, 1), published: week(0, 0, 0) },
      { weekStart: '2025-01-27T00:00:00.000Z', draft: week(0, 0, 0), published: week(0, 0, 0) },
    ]);
    expect(report.totals).toEqual({
      draft: { mqls: 2, converted: 2, won: 1, conversionRate: 1 },
      published: { mqls: 1, converted: 1, won: 0, conversionRate: 1 },
    });
    expect(report.overlap).toEqual({ both: 1, draftOnly: 1, publishedOnly: 0 });
  }

  it('reports the MQLs per week of draft and published, and how they converted; stores the report', async () => {
    const created = await call(server.url, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
      token,
      body: { from: FROM, to: TO },
    });
    expect(created.status).toBe(201);
    expectReport(created.body.report);

    const read = await call(
      server.url,
      'GET',
      `/api/v1/scoring-models/${modelId}/backtests/${created.body.id}`,
      { token },
    );
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const audit = await call(
      server.url,
      'GET',
      `/api/v1/audit?subjectId=${modelId}&action=scoring_model.backtested`,
      { token },
    );
    expect(audit.body.data[0].after).toMatchObject({ backtestId: created.body.id, mqls: 2 });
  });

  it('defaults to the last 90 days and refuses bad periods naming the field', async () => {
    const recent = await call(server.url, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
      token,
      body: {},
    });
    expect(recent.status).toBe(201);
    expect(Date.parse(recent.body.report.to) - Date.parse(recent.body.report.from)).toBe(
      90 * 86_400_000,
    );
    expect(recent.body.report.totals.draft.mqls).toBe(0);

    const cases: [object, string, string][] = [
      [{ from: 'yesterday' }, 'invalid_format', 'from'],
      [{ from: TO, to: FROM }, 'empty_period', 'from'],
      [{ from: '2020-01-01', to: TO }, 'period_too_long', 'from'],
      [{ since: FROM }, 'unknown_field', 'since'],
    ];
    for (const [body, code, field] of cases) {
      const result = await call(server.url, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
        token,
        body,
      });
      expect(result.status, code).toBe(400);
      expect(result.body.error, code).toMatchObject({ code, field });
    }

    const missing = await call(
      server.url,
      'GET',
      `/api/v1/scoring-models/${modelId}/backtests/bkt_nothing`,
      { token },
    );
    expect(missing.status).toBe(404);
  });

  it('prints the same report from `baton backtest --json`, and fails with a message on stderr', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...scratch().env };
    if (!scratch().env.DATABASE_URL) delete env.DATABASE_URL;
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'backtest', ...args], { env });

    const { stdout } = await cli(
      'Starter model',
      '--from',
      FROM,
      '--to',
      TO,
      '--workspace',
      workspaceId,
      '--json',
    );
    const printed = JSON.parse(stdout) as { modelId: string; report: Record<string, unknown> };
    expect(printed.modelId).toBe(modelId);
    expectReport(printed.report);

    const failed = await cli('No such model', '--workspace', workspaceId, '--json').then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(JSON.parse(failed!.stderr).error).toMatchObject({
      code: 'scoring_model_not_found',
      field: 'model',
    });

    const badDate = await cli(modelId, '--from', 'soon').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(badDate?.code).toBe(1);
    expect(badDate?.stderr).toContain('field: from');
  });

  it('a backtest the request does not wait for answers 202 with the run, followed to the same report', async () => {
    const store = scratch().store;
    const quick = await startServer(store, { jobWaitMs: 0, sweepJobs: false });
    try {
      const other = (await newWorkspace(store, 'Not Backtest Co')).apiKey.token;
      const created = await call(quick.url, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
        token,
        body: { from: FROM, to: TO },
      });

      // Done before the answer went out (a fast store) or followed to its end.
      expect([201, 202]).toContain(created.status);
      let backtestId: string = created.body.id;
      if (created.status === 202) {
        const location = created.headers.get('location')!;
        expect(location).toBe(
          `/api/v1/scoring-models/${modelId}/backtest-runs/${created.body.run.id}`,
        );
        expect(created.body.run).toMatchObject({
          status: 'running',
          from: '2025-01-06T00:00:00.000Z',
          to: '2025-02-02T23:59:59.999Z',
          total: 4,
        });
        let run = created.body.run;
        for (let i = 0; run.status === 'running' && i < 200; i++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          run = (await call(quick.url, 'GET', location, { token })).body;
        }
        expect(run).toMatchObject({ status: 'done', done: 4, total: 4, error: null });
        backtestId = run.backtestId;

        expect((await call(quick.url, 'GET', location, { token: other })).status).toBe(404);
      }
      const stored = await call(
        quick.url,
        'GET',
        `/api/v1/scoring-models/${modelId}/backtests/${backtestId}`,
        { token },
      );
      expectReport(stored.body.report);

      const unknown = await call(
        quick.url,
        'GET',
        `/api/v1/scoring-models/${modelId}/backtest-runs/bkr_nothing`,
        { token },
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ code: 'backtest_run_not_found', field: 'runId' });
    } finally {
      await quick.close();
    }
  });

  it("lists a model's backtest runs newest first, to this workspace only", async () => {
    const store = scratch().store;
    const first = await call(server.url, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
      token,
      body: { from: FROM, to: TO },
    });
    const second = await call(server.url, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
      token,
      body: { from: '2025-01-13', to: TO },
    });
    expect([first.status, second.status]).toEqual([201, 201]);

    const listed = await call(
      server.url,
      'GET',
      `/api/v1/scoring-models/${modelId}/backtest-runs`,
      {
        token,
      },
    );

    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    const runs = listed.body.data as { status: string; from: string; backtestId: string }[];
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]).toMatchObject({
      status: 'done',
      from: '2025-01-13T00:00:00.000Z',
      backtestId: second.body.id,
    });
    expect(runs[1]).toMatchObject({ status: 'done', backtestId: first.body.id });

    const other = (await newWorkspace(store, 'Not Runs Co')).apiKey.token;
    const foreign = await call(
      server.url,
      'GET',
      `/api/v1/scoring-models/${modelId}/backtest-runs`,
      { token: other },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'scoring_model_not_found', field: 'id' });
  });

  it('a backtest whose process stops ends failed: at once when it closes, by a sweep when it dies', async () => {
    const db = scratch().store.db;
    const scope = {
      workspaceId: workspaceId as WorkspaceId,
      actor: { type: 'system' as const, id: 'test' },
    };
    const quiet = { info: () => undefined, error: () => undefined };

    const closing = new BacktestRunner(db, quiet, { sweepMs: 0 });
    const stopped = await closing.start(scope, modelId, { from: FROM, to: TO });
    await closing.close();
    expect(await findBacktestRun(db, scope.workspaceId, stopped)).toMatchObject({
      status: 'failed',
      backtestId: null,
      error: 'Interrupted: the server stopped.',
    });

    // A run whose runner died: its lease lapses, and any runner's sweep ends it.
    const dying = new BacktestRunner(db, quiet, { leaseMs: 1, sweepMs: 0 });
    const plan = await planBacktest(db, scope.workspaceId, modelId, { from: FROM, to: TO });
    const orphan = await insertBacktestRun(db, plan, scope.actor, dying.id, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await new BacktestRunner(db, quiet, { sweepMs: 0 }).sweep();
    expect(await findBacktestRun(db, scope.workspaceId, orphan)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^Interrupted/),
    });
  });
});
