import { afterAll, beforeAll, expect, it } from 'vitest';

import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

/** PATCH /scoring-models/{id}, as the web app's settings form uses it: errors name the field. */
describeEachStore('scoring model settings', (scratch) => {
  let server: TestServer;
  let token: string;
  let modelId: string;

  const patch = (body: unknown) =>
    call(server.url, 'PATCH', `/api/v1/scoring-models/${modelId}`, { token, body });

  beforeAll(async () => {
    server = await startServer(scratch().store);
    token = (await newWorkspace(scratch().store, 'Settings Co')).apiKey.token;
    const created = await call(server.url, 'POST', '/api/v1/scoring-models', {
      token,
      body: { name: 'Partner model' },
    });
    modelId = created.body.id as string;
  });

  afterAll(() => server.close());

  it('renames a model and changes its segment and priority', async () => {
    const segment = { attribute: 'company.region', operator: 'equals', value: 'EMEA' };
    const patched = await patch({ name: '  Partner model (EMEA) ', segment, priority: 20 });

    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Partner model (EMEA)', segment, priority: 20 });
    const read = await call(server.url, 'GET', `/api/v1/scoring-models/${modelId}`, { token });
    expect(read.body).toMatchObject({ name: 'Partner model (EMEA)', segment, priority: 20 });
  });

  it('refuses the name of another model, naming the field', async () => {
    const taken = await patch({ name: 'Starter model' });

    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'name_taken', field: 'name' });
  });

  it.each([
    [{ attribute: '', operator: 'equals', value: 'x' }, 'segment.attribute', /attribute is needed/],
    [{ operator: 'equals', value: 'x' }, 'segment.attribute', /attribute is needed/],
    [
      { attribute: 'company region!', operator: 'equals', value: 'x' },
      'segment.attribute',
      /not an attribute path/,
    ],
    [
      { attribute: 'company.region', operator: 'one_of', value: [] },
      'segment.value',
      /at least one/,
    ],
    [{ attribute: 'company.region', operator: 'contains', value: '' }, 'segment.value', /needed/],
    [{ attribute: 'company.region', operator: 'near', value: 'x' }, 'segment.operator', /one of/],
    [
      { attribute: 'company.region', operator: 'exists', colour: 'red' },
      'segment.colour',
      /not a known field/,
    ],
    ['EMEA', 'segment', /condition or null/],
  ])('refuses the segment %j, naming %s', async (segment, field, message) => {
    const refused = await patch({ segment });

    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_segment', field });
    expect(refused.body.error.message).toMatch(message);
  });

  it('changes nothing when a change is refused', async () => {
    const refused = await patch({ name: 'Renamed', priority: -1 });
    expect(refused.body.error).toMatchObject({ code: 'invalid_priority', field: 'priority' });

    const read = await call(server.url, 'GET', `/api/v1/scoring-models/${modelId}`, { token });
    expect(read.body).toMatchObject({ name: 'Partner model (EMEA)', priority: 20 });
  });
});
