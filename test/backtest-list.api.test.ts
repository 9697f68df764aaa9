import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApiKey } from '../src/api-keys/api-key.service.js';
import { newId } from '../src/shared/ids.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

type Workspace = Awaited<ReturnType<typeof newWorkspace>>;

interface Listed {
  id: string;
  modelId: string;
  createdAt: string;
  createdBy: string;
  report: Record<string, unknown>;
}

/** Three periods, so that each stored backtest is told apart by its report. */
const PERIODS = [
  { from: '2025-01-06', to: '2025-02-02' },
  { from: '2025-03-03', to: '2025-03-30' },
  { from: '2025-05-05', to: '2025-06-01' },
];

describeEachStore('listing backtests', (scratch) => {
  let server: TestServer;
  let ws: Workspace;
  let token: string;
  let modelId: string;
  let otherModelId: string;
  const ran: Listed[] = [];

  const get = (path: string, t = token) => call(server.url, 'GET', `/api/v1${path}`, { token: t });
  const post = (path: string, body?: unknown) =>
    call(server.url, 'POST', `/api/v1${path}`, { token, body });

  beforeAll(async () => {
    server = await startServer(scratch().store);
    ws = await newWorkspace(scratch().store, 'Backtest List Co');
    token = ws.apiKey.token;

    const models = await get('/scoring-models');
    modelId = (models.body.data as Array<{ id: string }>)[0]!.id;
    const other = await post('/scoring-models', { name: 'Other model' });
    expect(other.status).toBe(201);
    otherModelId = other.body.id as string;

    for (const period of PERIODS) {
      const backtest = await post(`/scoring-models/${modelId}/backtests`, period);
      expect(backtest.status).toBe(201);
      ran.push(backtest.body as Listed);
    }
    expect((await post(`/scoring-models/${otherModelId}/backtests`, PERIODS[0])).status).toBe(201);
  });

  afterAll(() => server.close());

  it('answers an empty page for a model never backtested', async () => {
    const fresh = await post('/scoring-models', { name: 'Never backtested' });
    const listed = await get(`/scoring-models/${fresh.body.id}/backtests`);

    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ data: [], nextCursor: null });
  });

  it("lists the model's backtests newest first, with their figures but not their weeks", async () => {
    const listed = await get(`/scoring-models/${modelId}/backtests`);

    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    const data = listed.body.data as Listed[];
    expect(data.map((b) => b.id)).toEqual(ran.map((b) => b.id).reverse());

    const newest = ran[ran.length - 1]!;
    const { weeks, ...figures } = newest.report;
    expect(weeks).toBeInstanceOf(Array);
    expect(data[0]).toEqual({ ...newest, report: figures });
    expect(data[0]!.report).not.toHaveProperty('weeks');
    expect(data[0]!.createdBy).toBe(`api_key:${ws.apiKey.id}`);
    expect(data[0]!.report).toMatchObject({ from: '2025-05-05T00:00:00.000Z', draftVersion: 1 });
  });

  it('pages with limit and cursor, without gaps or repeats', async () => {
    const first = await get(`/scoring-models/${modelId}/backtests?limit=2`);
    expect(first.status).toBe(200);
    expect((first.body.data as Listed[]).map((b) => b.id)).toEqual([ran[2]!.id, ran[1]!.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await get(
      `/scoring-models/${modelId}/backtests?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect((second.body.data as Listed[]).map((b) => b.id)).toEqual([ran[0]!.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('breaks ties of the same creation time by id, across pages', async () => {
    const db = scratch().store.db;
    const model = await post('/scoring-models', { name: 'Tied model' });
    const stored = await post(`/scoring-models/${model.body.id}/backtests`, PERIODS[0]);
    const row = await db
      .selectFrom('backtests')
      .selectAll()
      .where('id', '=', stored.body.id as string)
      .executeTakeFirstOrThrow();
    const twins = [newId('backtest'), newId('backtest'), newId('backtest')];
    for (const id of twins)
      await db
        .insertInto('backtests')
        .values({ ...row, id })
        .execute();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await get(`/scoring-models/${model.body.id}/backtests?limit=1${query}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.data as Listed[]).map((b) => b.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null && seen.length < 10);

    expect(seen).toEqual([row.id, ...twins].sort().reverse());
  });

  it('answers 404 for a model of another workspace, as for a missing one', async () => {
    const stranger = (await newWorkspace(scratch().store, 'Stranger Co')).apiKey.token;

    const foreign = await get(`/scoring-models/${modelId}/backtests`, stranger);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'scoring_model_not_found', field: 'id' });

    const missing = await get('/scoring-models/scm_0000000000000nothinghere/backtests');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual(foreign.body.error);
  });

  it('refuses a bad limit or a cursor it did not give out, naming the field', async () => {
    const zero = await get(`/scoring-models/${modelId}/backtests?limit=0`);
    expect(zero.status).toBe(400);
    expect(zero.body.error.field).toBe('limit');

    const forged = Buffer.from(JSON.stringify([42, 'bkt_x'])).toString('base64url');
    for (const cursor of ['not-a-cursor', forged]) {
      const bad = await get(`/scoring-models/${modelId}/backtests?cursor=${cursor}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
    }
  });

  it('lets a read-only key list backtests', async () => {
    const reader = await createApiKey(
      scratch().store.db,
      { workspaceId: ws.workspaceId, actor: { type: 'system', id: 'test' } },
      { name: 'reader', scope: 'read' },
    );

    const listed = await get(`/scoring-models/${modelId}/backtests?limit=1`, reader.token);
    expect(listed.status).toBe(200);
    expect((listed.body.data as Listed[])[0]!.id).toBe(ran[2]!.id);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await call(server.url, 'GET', '/api/v1/openapi.json');
    const operation = doc.body.paths['/api/v1/scoring-models/{id}/backtests'].get;

    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'cursor',
      'id',
      'limit',
    ]);
    expect(
      operation.responses['200'].content['application/json'].schema.properties.data.items.properties
        .report.properties,
    ).not.toHaveProperty('weeks');
  });
});
