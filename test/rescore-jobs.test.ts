import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';

import {
  claimRescoreJob,
  findRescoreJob,
  type RescoreJobView,
} from '../src/scoring/rescore-jobs.repository.js';
import { RescoreRunner, runRescoreJob } from '../src/scoring/rescore-runner.js';
import { publishModel, saveDraft } from '../src/scoring/scoring-models.service.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import type { RescoreJobId, WorkspaceId } from '../src/shared/ids.js';
import { call, newWorkspace, startServer } from './support/api.js';
import { addEvent, addPerson } from './support/history.js';
import { describeEachStore } from './support/stores.js';

const PEOPLE = 25;
const CHUNK = 4;
const run = promisify(execFile);
const QUIET = { info: () => undefined, error: () => undefined };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachStore('re-score jobs', (scratch) => {
  let workspaceId: WorkspaceId;
  let modelId: string;
  let token: string;
  let otherToken: string;
  let points = 10;
  const scope = () => ({ workspaceId, actor: { type: 'system' as const, id: 'test' } });

  beforeAll(async () => {
    const store = scratch().store;
    const ws = await newWorkspace(store, 'Jobs Co');
    workspaceId = ws.workspaceId;
    token = ws.apiKey.token;
    otherToken = (await newWorkspace(store, 'Elsewhere Co')).apiKey.token;
    modelId = (
      await store.db
        .selectFrom('scoring_models')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow()
    ).id;

    for (let i = 0; i < PEOPLE; i++) {
      const id = await addPerson(store, workspaceId, {
        email: `p${i}@acme.example`,
        stage: 'lead',
      });
      await addEvent(store, workspaceId, id, { type: 'page', path: '/pricing', at: hoursAgo(i) });
    }
  });

  /** A new draft (the pricing page worth one point more each time) published: its job. */
  async function publishNext() {
    points++;
    const draft = {
      ...STARTER_MODEL,
      engagementRules: STARTER_MODEL.engagementRules.map((rule) =>
        rule.id === 'pricing-page' ? { ...rule, points } : rule,
      ),
    };
    await saveDraft(scratch().store.db, scope(), modelId, draft);

    return publishModel(scratch().store.db, scope(), modelId);
  }

  const job = async (id: RescoreJobId) =>
    (await findRescoreJob(scratch().store.db, workspaceId, id))!;

  /** Everyone has a score of `versionId`, and one history row of it. */
  async function expectEveryoneScoredBy(versionId: string) {
    const db = scratch().store.db;
    const scores = await db
      .selectFrom('person_scores')
      .select('version_id')
      .where('workspace_id', '=', workspaceId)
      .execute();
    expect(scores).toHaveLength(PEOPLE);
    expect(new Set(scores.map((s) => s.version_id))).toEqual(new Set([versionId]));
    const history = await db
      .selectFrom('score_history')
      .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('version_id', '=', versionId)
      .groupBy('person_id')
      .execute();
    expect(history).toHaveLength(PEOPLE);
    expect(history.every((h) => Number(h.n) === 1)).toBe(true);
  }

  it('a publish records a running job, which a runner takes to its end in chunks', async () => {
    const published = await publishNext();
    const before = await job(published.rescoreJobId);
    expect(before).toMatchObject({ status: 'running', total: PEOPLE, done: 0, scored: 0 });

    const seen: number[] = [];
    const after = await runRescoreJob(scratch().store.db, workspaceId, published.rescoreJobId, {
      chunkSize: CHUNK,
      onProgress: (progress) => void seen.push(progress.done),
    });

    expect(after).toMatchObject({
      status: 'done',
      total: PEOPLE,
      done: PEOPLE,
      scored: PEOPLE,
      changed: PEOPLE,
      cause: 'publish',
      versionId: published.version.id,
    });
    expect(after?.finishedAt).not.toBeNull();
    expect(seen).toEqual([4, 8, 12, 16, 20, 24, PEOPLE]);
    await expectEveryoneScoredBy(published.version.id);
  });

  it('a job stopped after a chunk is resumed after it by another runner, each person once', async () => {
    const db = scratch().store.db;
    const published = await publishNext();
    const first: RescoreRunner = new RescoreRunner(db, QUIET, {
      chunkSize: CHUNK,
      // Not awaited: close waits for the loop, which waits for this callback.
      onProgress: () => void first.close(),
    });
    await first.run(workspaceId, published.rescoreJobId);

    const stopped = await job(published.rescoreJobId);
    expect(stopped).toMatchObject({ status: 'running', done: CHUNK, scored: CHUNK });

    const second = new RescoreRunner(db, QUIET, { chunkSize: CHUNK, sweepMs: 0 });
    await second.sweep();
    await second.run(workspaceId, published.rescoreJobId);

    expect(await job(published.rescoreJobId)).toMatchObject({
      status: 'done',
      done: PEOPLE,
      scored: PEOPLE,
      changed: PEOPLE,
    });
    await expectEveryoneScoredBy(published.version.id);
  });

  it("a job another runner holds is left alone until that runner's lease lapses", async () => {
    const db = scratch().store.db;
    const published = await publishNext();
    // A process that claimed the job and stopped without a word.
    expect(await claimRescoreJob(db, published.rescoreJobId, 'run_gone', 300)).toBe(true);
    const runner = new RescoreRunner(db, QUIET, { chunkSize: CHUNK, sweepMs: 0 });

    await runner.run(workspaceId, published.rescoreJobId);
    await runner.sweep();
    expect(await job(published.rescoreJobId)).toMatchObject({ status: 'running', done: 0 });

    await sleep(400);
    await runner.sweep();
    await runner.run(workspaceId, published.rescoreJobId);
    expect(await job(published.rescoreJobId)).toMatchObject({ status: 'done', scored: PEOPLE });
    await expectEveryoneScoredBy(published.version.id);
  });

  it('a newer publish supersedes a running job, which stops before its next chunk', async () => {
    const db = scratch().store.db;
    const older = await publishNext();
    let newer: Awaited<ReturnType<typeof publishNext>> | undefined;
    const superseded = await runRescoreJob(db, workspaceId, older.rescoreJobId, {
      chunkSize: CHUNK,
      onProgress: async () => {
        newer ??= await publishNext();
      },
    });

    expect(superseded).toMatchObject({ status: 'superseded', done: CHUNK });
    expect((await runRescoreJob(db, workspaceId, older.rescoreJobId))?.status).toBe('superseded');
    const done = await runRescoreJob(db, workspaceId, newer!.rescoreJobId, { chunkSize: CHUNK });
    expect(done).toMatchObject({ status: 'done', scored: PEOPLE });
    await expectEveryoneScoredBy(newer!.version.id);
  });

  it('a job whose chunk fails is tried again, then ends failed with the reason, its chunk written not at all', async () => {
    const db = scratch().store.db;
    const before = await db
      .selectFrom('person_scores')
      .select(['person_id', 'version_id', 'engagement'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('person_id')
      .execute();
    const published = await publishNext();
    // A published definition that is no scoring definition (written past the API's checks).
    await sql`update scoring_model_versions set definition = ${'{"broken": true}'}
      where id = ${published.version.id}`.execute(db);
    const errors: object[] = [];

    const failed = await runRescoreJob(db, workspaceId, published.rescoreJobId, {
      log: { info: () => undefined, error: (fields) => void errors.push(fields) },
      retryDelaysMs: [10, 20],
    });

    expect(failed).toMatchObject({ status: 'failed', done: 0, scored: 0 });
    expect(failed?.error).toMatch(/fitRules/);
    // Two more tries, then the failure.
    expect(errors.map((e) => (e as { attempt?: number }).attempt)).toEqual([0, 1, undefined]);
    const after = await db
      .selectFrom('person_scores')
      .select(['person_id', 'version_id', 'engagement'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('person_id')
      .execute();
    expect(after).toEqual(before);

    // Mend the model for the tests after this one: publish a good draft again.
    await sql`update scoring_model_versions set definition = ${JSON.stringify(STARTER_MODEL)}
      where id = ${published.version.id}`.execute(db);
    await runRescoreJob(db, workspaceId, (await publishNext()).rescoreJobId);
  });

  it('over HTTP: publish answers with the job, which goes on in the background and is followed by id', async () => {
    const store = scratch().store;
    const server = await startServer(store, { jobWaitMs: 0 });
    try {
      const send = (method: string, path: string, body?: unknown, as = token) =>
        call(server.url, method, `/api/v1${path}`, { token: as, ...(body ? { body } : {}) });
      points++;
      const draft = {
        ...STARTER_MODEL,
        engagementRules: STARTER_MODEL.engagementRules.map((rule) =>
          rule.id === 'pricing-page' ? { ...rule, points } : rule,
        ),
      };
      expect((await send('PUT', `/scoring-models/${modelId}/draft`, draft)).status).toBe(200);

      const published = await send('POST', `/scoring-models/${modelId}/publish`);

      expect(published.status).toBe(200);
      const rescore = published.body.rescore as RescoreJobView;
      expect(rescore).toMatchObject({ modelId, cause: 'publish', total: PEOPLE });
      expect(['running', 'done']).toContain(rescore.status);
      let followed = rescore;
      for (let i = 0; followed.status === 'running' && i < 300; i++) {
        await sleep(50);
        followed = (await send('GET', `/scoring-models/${modelId}/rescores/${rescore.id}`)).body;
      }
      expect(followed).toMatchObject({ status: 'done', done: PEOPLE, scored: PEOPLE });

      const list = await send('GET', `/scoring-models/${modelId}/rescores`);
      expect(list.status).toBe(200);
      expect(list.body.data[0]).toMatchObject({ id: rescore.id, status: 'done' });

      const elsewhere = await send(
        'GET',
        `/scoring-models/${modelId}/rescores/${rescore.id}`,
        undefined,
        otherToken,
      );
      expect(elsewhere.status).toBe(404);
      const unknown = await send('GET', `/scoring-models/${modelId}/rescores/rsj_nothing`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ code: 'rescore_job_not_found', field: 'jobId' });
      expect((await send('GET', `/scoring-models/mdl_nothing/rescores`)).status).toBe(404);

      const doc = (await call(server.url, 'GET', '/api/v1/openapi.json')).body;
      expect(doc.paths).toHaveProperty(['/api/v1/scoring-models/{id}/rescores/{jobId}']);
      const answer =
        doc.paths['/api/v1/scoring-models/{id}/publish'].post.responses['200'].content[
          'application/json'
        ].schema;
      const statuses = answer.properties.rescore.properties.status.anyOf.map(
        (s: { const?: string; enum?: string[] }) => s.const ?? s.enum?.[0],
      );
      expect(statuses).toEqual(['running', 'done', 'failed', 'superseded']);
    } finally {
      await server.close();
    }
  });

  it('`baton publish` publishes the draft and runs its re-score to the end; without a draft it fails', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...scratch().env };
    if (!scratch().env.DATABASE_URL) delete env.DATABASE_URL;
    const baton = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'publish', ...args], { env });
    points++;
    const draft = await saveDraft(scratch().store.db, scope(), modelId, {
      ...STARTER_MODEL,
      engagementRules: STARTER_MODEL.engagementRules.map((rule) =>
        rule.id === 'pricing-page' ? { ...rule, points } : rule,
      ),
    });

    const { stdout } = await baton('Starter model', '--workspace', workspaceId, '--json');

    const printed = JSON.parse(stdout) as { version: { id: string }; rescore: RescoreJobView };
    expect(printed.version.id).toBe(draft.versionId);
    expect(printed.rescore).toMatchObject({ status: 'done', scored: PEOPLE, changed: PEOPLE });
    await expectEveryoneScoredBy(draft.versionId!);

    const failed = await baton(modelId, '--json').then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(JSON.parse(failed!.stderr).error).toMatchObject({ code: 'no_draft', field: 'id' });
  });
});
