import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import type { ScoringDefinition } from '../src/scoring/scoring-model.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { addEvent, addPerson } from './support/history.js';
import { describeEachStore } from './support/stores.js';

type Workspace = Awaited<ReturnType<typeof newWorkspace>>;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describeEachStore('scoring models API', (scratch) => {
  let server: TestServer;
  let ws: Workspace;
  let token: string;
  let otherToken: string;
  let emeaLead: string;
  let amerLead: string;

  beforeAll(async () => {
    const store = scratch().store;
    server = await startServer(store);
    ws = await newWorkspace(store, 'Scoring Co');
    token = ws.apiKey.token;
    otherToken = (await newWorkspace(store, 'Other Co')).apiKey.token;

    const fit = { title: 'VP Marketing', phone: '+44 20 7946 0000' };
    emeaLead = await addPerson(store, ws.workspaceId, {
      email: 'emea@acme.example',
      ...fit,
      company: { industry: 'Software', employees: 300, region: 'EMEA' },
    });
    amerLead = await addPerson(store, ws.workspaceId, {
      email: 'amer@acme.example',
      ...fit,
      company: { industry: 'Software', employees: 300, region: 'AMER' },
    });
    for (const person of [emeaLead, amerLead]) {
      await addEvent(store, ws.workspaceId, person, {
        type: 'track',
        name: 'Demo Requested',
        at: hoursAgo(3),
      });
      await addEvent(store, ws.workspaceId, person, {
        type: 'page',
        path: '/pricing',
        at: hoursAgo(2),
      });
    }
  });

  afterAll(() => server.close());

  const get = (path: string, t = token) => call(server.url, 'GET', `/api/v1${path}`, { token: t });
  const send = (method: string, path: string, body?: unknown, t = token) =>
    call(server.url, method, `/api/v1${path}`, { token: t, body });

  it('gives a new workspace the starter model, published as version 1', async () => {
    const list = await get('/scoring-models');

    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      name: 'Starter model',
      segment: null,
      published: { version: 1 },
      draft: null,
    });

    const versions = await get(`/scoring-models/${list.body.data[0].id}/versions`);
    expect(versions.body.data[0]).toMatchObject({
      version: 1,
      status: 'published',
      definition: STARTER_MODEL,
    });
  });

  it('creates a segment model, edits its draft, publishes it and re-scores the people it applies to', async () => {
    const segment = { attribute: 'company.region', operator: 'equals', value: 'EMEA' };
    const created = await send('POST', '/scoring-models', { name: 'EMEA', segment, priority: 10 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'EMEA',
      segment,
      priority: 10,
      published: null,
      draft: { version: 1 },
    });
    const id = created.body.id as string;

    const draft = await get(`/scoring-models/${id}/draft`);
    expect(draft.body).toMatchObject({ saved: true, version: 1, definition: STARTER_MODEL });

    const edited: ScoringDefinition = {
      ...STARTER_MODEL,
      mql: { all: [{ grade: ['A', 'B'] }, { score: 'engagement', op: 'gte', value: 30 }] },
    };
    const saved = await send('PUT', `/scoring-models/${id}/draft`, edited);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ saved: true, version: 1, definition: edited });

    const published = await send('POST', `/scoring-models/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.version).toMatchObject({ version: 1, status: 'published' });
    expect(published.body.model).toMatchObject({ published: { version: 1 }, draft: null });
    expect(published.body.rescore.scored).toBe(1);

    const emea = await get(`/people/${emeaLead}/score`);
    expect(emea.body.data).toHaveLength(1);
    expect(emea.body.data[0]).toMatchObject({
      modelId: id,
      version: 1,
      stored: true,
      grade: 'A',
      mql: true,
    });

    const amer = await get(`/people/${amerLead}/score`);
    expect(amer.body.data[0]).toMatchObject({ modelName: 'Starter model', stored: false });

    const history = await get(`/people/${emeaLead}/score-history`);
    expect(history.body.data[0]).toMatchObject({
      modelId: id,
      versionId: published.body.version.id,
      version: 1,
      cause: 'publish',
      causeId: published.body.version.id,
    });

    // The edited MQL threshold (30) holds where the starter's (60) would not: the lead moved to MQL.
    const person = await get(`/people/${emeaLead}`);
    expect(person.body.lifecycleStage).toBe('mql');
    expect(person.body.ownerId).toBe(ws.adminUserId);
  });

  it('publishes a new version: the previous one retires, scores and history carry the new version', async () => {
    const starter = (await get('/scoring-models')).body.data.find(
      (m: { name: string }) => m.name === 'Starter model',
    );

    const unsaved = await get(`/scoring-models/${starter.id}/draft`);
    expect(unsaved.body).toMatchObject({
      saved: false,
      versionId: null,
      basedOn: 1,
      definition: STARTER_MODEL,
    });

    const next: ScoringDefinition = { ...STARTER_MODEL, gradeBands: { A: 50, B: 30, C: 10 } };
    const saved = await send('PUT', `/scoring-models/${starter.id}/draft`, next);
    expect(saved.body).toMatchObject({ saved: true, version: 2 });

    const published = await send('POST', `/scoring-models/${starter.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.version.version).toBe(2);
    expect(published.body.rescore).toMatchObject({ scored: 1, changed: 1 });

    const versions = await get(`/scoring-models/${starter.id}/versions`);
    expect(
      versions.body.data.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);

    const score = await get(`/people/${amerLead}/score`);
    expect(score.body.data[0]).toMatchObject({
      version: 2,
      stored: true,
      fitPoints: 40,
      grade: 'B',
    });
    const history = await get(`/people/${amerLead}/score-history`);
    expect(history.body.data[0]).toMatchObject({ version: 2, cause: 'publish', grade: 'B' });

    const audit = await get(`/audit?subjectId=${starter.id}&action=scoring_model.published`);
    expect(audit.body.data[0].after).toEqual({ versionId: published.body.version.id, version: 2 });
    expect(audit.body.data[0].before).toMatchObject({ version: 1 });
  });

  it('explains a score: the fit rules, and which rule gave how many points for which event and when', async () => {
    const score = await get(`/people/${amerLead}/score`);
    const explanation = score.body.data[0].explanation;

    expect(explanation.fit.rules.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual([
      'company-size',
      'has-phone',
      'target-industry',
      'title-vp',
    ]);
    const rules = explanation.engagement.rules.map(
      (r: {
        ruleId: string;
        points: number;
        event: { name: string | null; path: string | null };
      }) => [r.ruleId, r.points, r.event.name ?? r.event.path],
    );
    expect(rules).toEqual(
      expect.arrayContaining([
        ['demo-requested', 40, 'Demo Requested'],
        ['pricing-page', 10, '/pricing'],
        ['page-viewed', 1, '/pricing'],
      ]),
    );
    expect(explanation.mql.reasons.map((r: { text: string }) => r.text)).toContain(
      'grade B is one of A, B',
    );
    expect(explanation.mql.met).toBe(false);
  });

  it('lists a person’s events newest first, a page at a time', async () => {
    const first = await get(`/people/${amerLead}/events?limit=1`);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.data[0]).toMatchObject({ type: 'page', properties: { path: '/pricing' } });

    const second = await get(`/people/${amerLead}/events?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data[0]).toMatchObject({ type: 'track', name: 'Demo Requested' });
    expect(second.body.nextCursor).toBeNull();

    expect((await get(`/people/${amerLead}/events?cursor=bogus`)).status).toBe(400);
  });

  it('refuses a bad draft with the field named, and keeps the draft as it was', async () => {
    const model = (
      await send('POST', '/scoring-models', {
        name: 'Bad input',
        segment: { attribute: 'company.region', operator: 'equals', value: 'APAC' },
      })
    ).body;
    const cases: [unknown, string, string][] = [
      [{ ...STARTER_MODEL, colour: 'red' }, 'unknown_field', 'colour'],
      [
        { ...STARTER_MODEL, gradeBands: { A: 10, B: 20, C: 5 } },
        'bands_out_of_order',
        'gradeBands',
      ],
      [
        {
          ...STARTER_MODEL,
          mql: {
            all: [
              { score: 'engagement', op: 'gte', value: 80 },
              { score: 'engagement', op: 'lt', value: 50 },
            ],
          },
        },
        'impossible_criteria',
        'mql',
      ],
      [
        { ...STARTER_MODEL, mql: { score: 'engagement', op: 'gte', value: 500 } },
        'impossible_criteria',
        'mql',
      ],
      [
        {
          ...STARTER_MODEL,
          engagementRules: [
            {
              id: 'x',
              label: 'X',
              match: { type: 'page' },
              points: -5,
              cap: { max: 3, windowDays: 30 },
            },
          ],
        },
        'impossible_cap',
        'engagementRules[0].cap',
      ],
    ];
    for (const [body, code, field] of cases) {
      const result = await send('PUT', `/scoring-models/${model.id}/draft`, body);
      expect(result.status, code).toBe(400);
      expect(result.body.error, code).toMatchObject({ code, field });
    }

    const draft = await get(`/scoring-models/${model.id}/draft`);
    expect(draft.body.definition).toEqual(STARTER_MODEL);
  });

  it('never half publishes a draft that fails validation', async () => {
    const model = (
      await send('POST', '/scoring-models', {
        name: 'Broken',
        segment: { attribute: 'company.region', operator: 'equals', value: 'LATAM' },
      })
    ).body;
    await send('POST', `/scoring-models/${model.id}/publish`);
    await send('PUT', `/scoring-models/${model.id}/draft`, STARTER_MODEL);

    // A draft stored by an older release that today's validation refuses.
    const broken = { ...STARTER_MODEL, gradeBands: { A: 1, B: 2, C: 3 } };
    await scratch()
      .store.db.updateTable('scoring_model_versions')
      .set({ definition: JSON.stringify(broken) })
      .where('model_id', '=', model.id)
      .where('status', '=', 'draft')
      .execute();

    const refused = await send('POST', `/scoring-models/${model.id}/publish`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'bands_out_of_order', field: 'gradeBands' });

    const versions = await get(`/scoring-models/${model.id}/versions`);
    expect(
      versions.body.data.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
  });

  it('keeps one published model per segment (409), unique names, and numbered fields for bad models', async () => {
    const second = (await send('POST', '/scoring-models', { name: 'Another default' })).body;
    const clash = await send('POST', `/scoring-models/${second.id}/publish`);
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'segment_taken', field: 'segment' });
    expect((await get(`/scoring-models/${second.id}`)).body.published).toBeNull();

    const twin = await send('POST', '/scoring-models', { name: 'EMEA' });
    expect(twin.status).toBe(409);
    expect(twin.body.error).toMatchObject({ code: 'name_taken', field: 'name' });

    const badSegment = await send('POST', '/scoring-models', {
      name: 'Odd',
      segment: { attribute: 'company.size', operator: 'bigger' },
    });
    expect(badSegment.status).toBe(400);
    expect(badSegment.body.error.field).toMatch(/^segment/);

    const patched = await send('PATCH', `/scoring-models/${second.id}`, {
      name: 'Renamed',
      priority: 5,
    });
    expect(patched.body).toMatchObject({ name: 'Renamed', priority: 5 });
  });

  it('answers 404 for a model of another workspace', async () => {
    const mine = (await get('/scoring-models')).body.data[0];
    for (const path of [
      `/scoring-models/${mine.id}`,
      `/scoring-models/${mine.id}/draft`,
      `/scoring-models/${mine.id}/versions`,
    ]) {
      const result = await get(path, otherToken);
      expect(result.status, path).toBe(404);
      expect(result.body.error.code).toBe('scoring_model_not_found');
    }
    expect(
      (await send('POST', `/scoring-models/${mine.id}/publish`, undefined, otherToken)).status,
    ).toBe(404);
    expect((await get(`/people/${amerLead}/score`, otherToken)).status).toBe(404);
  });

  it('never answers 5xx to any PUT draft body', async () => {
    const model = (
      await send('POST', '/scoring-models', {
        name: 'Fuzzed',
        segment: { attribute: 'person.source', operator: 'exists' },
      })
    ).body;
    const mutated = fc.record({
      base: fc.constantFrom<unknown>(STARTER_MODEL, {}, null, [], 'x'),
      key: fc.constantFrom(
        'fitRules',
        'gradeBands',
        'engagementRules',
        'engagementCap',
        'decay',
        'mql',
        'sql',
        'extra',
      ),
      value: fc.jsonValue({ maxDepth: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(mutated, async ({ base, key, value }) => {
        const body =
          base && typeof base === 'object' && !Array.isArray(base)
            ? { ...base, [key]: value }
            : base;
        const result = await send('PUT', `/scoring-models/${model.id}/draft`, body);
        expect(result.status).toBeLessThan(500);
        if (result.status !== 200) expect(result.body.error.field).toBeTruthy();
      }),
      { numRuns: 60 },
    );
  });

  it('re-scores when a published model changes segment: people move between models', async () => {
    const emea = (await get('/scoring-models')).body.data.find(
      (m: { name: string }) => m.name === 'EMEA',
    );
    const segment = { attribute: 'company.region', operator: 'equals', value: 'AMER' };

    const patched = await send('PATCH', `/scoring-models/${emea.id}`, { segment });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ segment, rescore: { scored: 2 } });

    expect(
      (await get(`/people/${amerLead}/score`)).body.data.map((s: { modelId: string }) => s.modelId),
    ).toEqual([emea.id]);
    expect(
      (await get(`/people/${emeaLead}/score`)).body.data.map(
        (s: { modelName: string }) => s.modelName,
      ),
    ).toEqual(['Starter model']);
  });
});
