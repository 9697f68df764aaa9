import { afterAll, beforeAll, expect, it } from 'vitest';

import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('people API', (scratch) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    token = (await newWorkspace(scratch().store)).apiKey.token;
    otherToken = (await newWorkspace(scratch().store, 'Other Co')).apiKey.token;
  });

  afterAll(() => server.close());

  it('creates, reads, updates and lists a person', async () => {
    const created = await call(server.url, 'POST', '/api/v1/people', {
      token,
      body: {
        email: 'Ada@Example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        traits: { plan: 'pro' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      lifecycleStage: 'lead',
    });

    const id = created.body.id as string;
    const read = await call(server.url, 'GET', `/api/v1/people/${id}`, { token });
    expect(read.body.traits).toEqual({ plan: 'pro' });

    const patched = await call(server.url, 'PATCH', `/api/v1/people/${id}`, {
      token,
      body: { title: 'VP Sales' },
    });
    expect(patched.body.title).toBe('VP Sales');

    const listed = await call(server.url, 'GET', '/api/v1/people?q=lovelace', { token });
    expect(listed.body.data.map((p: { id: string }) => p.id)).toEqual([id]);

    const timeline = await call(server.url, 'GET', `/api/v1/people/${id}/timeline`, { token });
    expect(timeline.body.data.map((i: { action?: string }) => i.action)).toEqual([
      'person.updated',
      'person.created',
    ]);
  });

  it("finds people by their company's name, in this workspace only", async () => {
    const company = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: { name: 'Zephyrine Analytics' },
    });
    const person = await call(server.url, 'POST', '/api/v1/people', {
      token,
      body: { email: 'kim@unrelated.example', companyId: company.body.id },
    });
    const theirs = await call(server.url, 'POST', '/api/v1/companies', {
      token: otherToken,
      body: { name: 'Zephyrine Holdings' },
    });
    await call(server.url, 'POST', '/api/v1/people', {
      token: otherToken,
      body: { email: 'lee@elsewhere.example', companyId: theirs.body.id },
    });

    const listed = await call(server.url, 'GET', '/api/v1/people?q=zephyrine', { token });

    expect(listed.status).toBe(200);
    expect(listed.body.data.map((p: { id: string }) => p.id)).toEqual([person.body.id]);
  });

  it('answers 404, never data, for a person of another workspace', async () => {
    const created = await call(server.url, 'POST', '/api/v1/people', {
      token,
      body: { email: 'secret@example.com' },
    });
    const foreign = await call(server.url, 'GET', `/api/v1/people/${created.body.id}`, {
      token: otherToken,
    });

    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('person_not_found');
  });

  it('refuses a second person with the same e-mail and writes nothing', async () => {
    await call(server.url, 'POST', '/api/v1/people', {
      token,
      body: { email: 'twin@example.com' },
    });
    const again = await call(server.url, 'POST', '/api/v1/people', {
      token,
      body: { email: 'TWIN@example.com', firstName: 'X' },
    });

    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'email_taken', field: 'email' });

    const listed = await call(server.url, 'GET', '/api/v1/people?q=twin', { token });
    expect(listed.body.data).toHaveLength(1);
  });

  it('names the field and the reason for bad input', async () => {
    const cases: [unknown, string, string][] = [
      [{ email: 'not-an-email' }, 'invalid_email', 'email'],
      [{ nickname: 'x' }, 'unknown_field', 'nickname'],
      [{ firstName: 'x'.repeat(101) }, 'too_long', 'firstName'],
      [{ firstName: 5 }, 'wrong_type', 'firstName'],
      [{ lifecycleStage: 'golden' }, 'unknown_stage', 'lifecycleStage'],
      [{ lifecycleStage: 'mql' }, 'owner_required', 'ownerId'],
      [{ companyId: 'cmp_doesnotexist' }, 'company_not_found', 'companyId'],
      [{ companyId: '' }, 'company_not_found', 'companyId'],
      [{ ownerId: '' }, 'user_not_found', 'ownerId'],
    ];
    for (const [body, code, field] of cases) {
      const result = await call(server.url, 'POST', '/api/v1/people', { token, body });
      expect(result.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(result.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }

    const malformed = await call(server.url, 'POST', '/api/v1/people', {
      token,
      rawBody: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
  });

  it('pages through a sorted list with cursors', async () => {
    for (let i = 0; i < 7; i++) {
      await call(server.url, 'POST', '/api/v1/people', {
        token,
        body: { email: `page${i}@paging.test`, lastName: `Page${i}` },
      });
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/people?q=paging.test&sort=last_name&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(server.url, 'GET', query, { token });
      seen.push(...page.body.data.map((p: { lastName: string }) => p.lastName));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual(['Page0', 'Page1', 'Page2', 'Page3', 'Page4', 'Page5', 'Page6']);
  });

  it('refuses a cursor of another sort or a forged one with 400, never 500', async () => {
    const byName = await call(server.url, 'GET', '/api/v1/people?sort=last_name&limit=1', {
      token,
    });
    const cursor = byName.body.nextCursor as string;
    const forged = Buffer.from(JSON.stringify([{ x: 1 }, 'per_x'])).toString('base64url');

    for (const query of [
      `sort=created_at&cursor=${cursor}`,
      `cursor=${forged}`,
      'cursor=%%%',
      'createdAfter=yesterday',
    ]) {
      const result = await call(server.url, 'GET', `/api/v1/people?${query}`, { token });
      expect(result.status, query).toBe(400);
    }
  });
});
