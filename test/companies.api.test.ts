import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

async function count(store: Store, table: 'companies' | 'audit_log'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

describeEachStore('companies API', (scratch) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;
  let adminId: string;
  let otherAdminId: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const workspace = await newWorkspace(scratch().store);
    const other = await newWorkspace(scratch().store, 'Other Co');
    token = workspace.apiKey.token;
    otherToken = other.apiKey.token;
    adminId = workspace.adminUserId;
    otherAdminId = other.adminUserId;
  });

  afterAll(() => server.close());

  it('creates, reads, updates and lists a company', async () => {
    const created = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: {
        name: 'Acme GmbH',
        domain: 'ACME.example',
        industry: 'Manufacturing',
        employees: 250,
        annualRevenue: 12.5e6,
        region: 'EMEA',
        country: 'de',
        ownerId: adminId,
        traits: { tier: 'A' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme GmbH',
      domain: 'acme.example',
      country: 'DE',
      employees: 250,
      annualRevenue: 12.5e6,
      ownerId: adminId,
      traits: { tier: 'A' },
    });

    const id = created.body.id as string;
    const patched = await call(server.url, 'PATCH', `/api/v1/companies/${id}`, {
      token,
      body: { employees: 300, industry: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ employees: 300, industry: null, domain: 'acme.example' });

    const read = await call(server.url, 'GET', `/api/v1/companies/${id}`, { token });
    expect(read.body).toEqual(patched.body);

    for (const query of ['q=acme', 'q=ACME.EX', 'region=EMEA', `ownerId=${adminId}`]) {
      const listed = await call(server.url, 'GET', `/api/v1/companies?${query}`, { token });
      expect(
        listed.body.data.map((c: { id: string }) => c.id),
        query,
      ).toEqual([id]);
    }
    const none = await call(server.url, 'GET', '/api/v1/companies?industry=Manufacturing', {
      token,
    });
    expect(none.body.data).toEqual([]);

    const audit = await call(server.url, 'GET', `/api/v1/audit?subjectId=${id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'company.updated',
      'company.created',
    ]);
    expect(audit.body.data[0]).toMatchObject({ actorType: 'api_key', subjectType: 'company' });
  });

  it('answers 404, never data, for a company of another workspace', async () => {
    const created = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: { name: 'Secret Inc' },
    });
    const id = created.body.id as string;

    const read = await call(server.url, 'GET', `/api/v1/companies/${id}`, { token: otherToken });
    expect(read.status).toBe(404);
    expect(read.body.error).toMatchObject({ code: 'company_not_found', field: 'id' });

    const patched = await call(server.url, 'PATCH', `/api/v1/companies/${id}`, {
      token: otherToken,
      body: { name: 'Mine now' },
    });
    expect(patched.status).toBe(404);

    const owner = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: { name: 'X', ownerId: otherAdminId },
    });
    expect(owner.status).toBe(404);
    expect(owner.body.error).toMatchObject({ code: 'user_not_found', field: 'ownerId' });

    expect((await call(server.url, 'GET', `/api/v1/companies/${id}`, { token })).body.name).toBe(
      'Secret Inc',
    );
  });

  it('keeps domains unique per workspace, in any case', async () => {
    const first = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: { name: 'Twin A', domain: 'twin.example' },
    });
    const again = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: { name: 'Twin B', domain: 'TWIN.example' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'domain_taken', field: 'domain' });

    const other = await call(server.url, 'POST', '/api/v1/companies', {
      token: otherToken,
      body: { name: 'Twin', domain: 'twin.example' },
    });
    expect(other.status).toBe(201);

    const second = await call(server.url, 'POST', '/api/v1/companies', {
      token,
      body: { name: 'Twin C' },
    });
    const moved = await call(server.url, 'PATCH', `/api/v1/companies/${second.body.id}`, {
      token,
      body: { domain: 'twin.example' },
    });
    expect(moved.status).toBe(409);

    const same = await call(server.url, 'PATCH', `/api/v1/companies/${first.body.id}`, {
      token,
      body: { domain: 'Twin.Example' },
    });
    expect(same.status).toBe(200);
  });

  it('lets exactly one of several racing requests take a domain', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        call(server.url, 'POST', '/api/v1/companies', {
          token,
          body: { name: `Racer ${i}`, domain: 'race.example' },
        }),
      ),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'domain_taken', field: 'domain' });
    }
  });

  it('names the field and the reason for bad input, and writes nothing', async () => {
    const store = scratch().store;
    const before = {
      companies: await count(store, 'companies'),
      audit: await count(store, 'audit_log'),
    };
    const cases: [unknown, string, string][] = [
      [{}, 'required', 'name'],
      [{ name: '' }, 'required', 'name'],
      [{ name: 'x'.repeat(201) }, 'too_long', 'name'],
      [{ name: 'X', website: 'x' }, 'unknown_field', 'website'],
      [{ name: 'X', domain: 'https://acme.example/about' }, 'invalid_domain', 'domain'],
      [{ name: 'X', domain: 'localhost' }, 'invalid_domain', 'domain'],
      [{ name: 'X', domain: 'a..b' }, 'invalid_domain', 'domain'],
      [{ name: 'X', domain: '-bad.example' }, 'invalid_domain', 'domain'],
      [{ name: 'X', country: 'D1' }, 'invalid_country', 'country'],
      [{ name: 'X', country: 'DEU' }, 'too_long', 'country'],
      [{ name: 'X', employees: -1 }, 'invalid', 'employees'],
      [{ name: 'X', employees: 1.5 }, 'wrong_type', 'employees'],
      [{ name: 'X', annualRevenue: '100' }, 'wrong_type', 'annualRevenue'],
      [{ name: 'X', ownerId: 'usr_nobody' }, 'user_not_found', 'ownerId'],
      [{ name: 'X', traits: { big: 'x'.repeat(20_000) } }, 'too_long', 'traits'],
    ];
    for (const [body, code, field] of cases) {
      const result = await call(server.url, 'POST', '/api/v1/companies', { token, body });
      expect(result.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(result.body.error, JSON.stringify(body).slice(0, 80)).toMatchObject({ code, field });
    }

    expect(await count(store, 'companies')).toBe(before.companies);
    expect(await count(store, 'audit_log')).toBe(before.audit);
  });

  it('pages through companies by name and refuses a cursor of another sort', async () => {
    for (const name of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) {
      await call(server.url, 'POST', '/api/v1/companies', {
        token,
        body: { name: `Paged ${name}` },
      });
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        server.url,
        'GET',
        `/api/v1/companies?q=paged&sort=-name&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      seen.push(...page.body.data.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      'Paged Echo',
      'Paged Delta',
      'Paged Charlie',
      'Paged Bravo',
      'Paged Alpha',
    ]);

    const byName = await call(server.url, 'GET', '/api/v1/companies?q=paged&sort=name&limit=1', {
      token,
    });
    const mixed = await call(
      server.url,
      'GET',
      `/api/v1/companies?sort=created_at&cursor=${byName.body.nextCursor}`,
      { token },
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });

    const badSort = await call(server.url, 'GET', '/api/v1/companies?sort=revenue', { token });
    expect(badSort.body.error).toMatchObject({ code: 'invalid_sort', field: 'sort' });
    const tooMany = await call(server.url, 'GET', '/api/v1/companies?limit=201', { token });
    expect(tooMany.body.error).toMatchObject({ field: 'limit' });
  });
});
