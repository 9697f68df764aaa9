import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

async function count(store: Store, table: 'deals' | 'audit_log'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

describeEachStore('deals API', (scratch) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;
  let adminId: string;
  let personId: string;
  let companyId: string;
  let foreignPersonId: string;
  let foreignCompanyId: string;

  const deal = (extra: Record<string, unknown> = {}) => ({
    name: 'Acme rollout',
    amountMinor: 1_250_000,
    currency: 'EUR',
    stage: 'qualification',
    status: 'open',
    ...extra,
  });

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const workspace = await newWorkspace(scratch().store);
    const other = await newWorkspace(scratch().store, 'Other Co');
    token = workspace.apiKey.token;
    otherToken = other.apiKey.token;
    adminId = workspace.adminUserId;
    personId = (
      await call(server.url, 'POST', '/api/v1/people', {
        token,
        body: { email: 'buyer@acme.example' },
      })
    ).body.id;
    companyId = (
      await call(server.url, 'POST', '/api/v1/companies', { token, body: { name: 'Acme' } })
    ).body.id;
    foreignPersonId = (
      await call(server.url, 'POST', '/api/v1/people', {
        token: otherToken,
        body: { email: 'x@other.example' },
      })
    ).body.id;
    foreignCompanyId = (
      await call(server.url, 'POST', '/api/v1/companies', {
        token: otherToken,
        body: { name: 'Other' },
      })
    ).body.id;
  });

  afterAll(() => server.close());

  it('creates, reads, wins and lists a deal, with its own audit actions', async () => {
    const created = await call(server.url, 'POST', '/api/v1/deals', {
      token,
      body: deal({ personId, companyId, ownerId: adminId, closeDate: '2025-09-30' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme rollout',
      personId,
      companyId,
      ownerId: adminId,
      amountMinor: 1_250_000,
      currency: 'EUR',
      stage: 'qualification',
      status: 'open',
      closeDate: '2025-09-30',
    });

    const id = created.body.id as string;
    const staged = await call(server.url, 'PATCH', `/api/v1/deals/${id}`, {
      token,
      body: { stage: 'negotiation' },
    });
    expect(staged.body.stage).toBe('negotiation');
    const won = await call(server.url, 'PATCH', `/api/v1/deals/${id}`, {
      token,
      body: { status: 'won', amountMinor: 1_300_000 },
    });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: 'won', amountMinor: 1_300_000 });
    const reopened = await call(server.url, 'PATCH', `/api/v1/deals/${id}`, {
      token,
      body: { status: 'open' },
    });
    const lost = await call(server.url, 'PATCH', `/api/v1/deals/${id}`, {
      token,
      body: { status: 'lost', closeDate: null },
    });
    expect(reopened.body.status).toBe('open');
    expect(lost.body).toMatchObject({ status: 'lost', closeDate: null });

    const read = await call(server.url, 'GET', `/api/v1/deals/${id}`, { token });
    expect(read.body).toEqual(lost.body);

    const audit = await call(server.url, 'GET', `/api/v1/audit?subjectId=${id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'deal.lost',
      'deal.reopened',
      'deal.won',
      'deal.stage_changed',
      'deal.created',
    ]);
    expect(audit.body.data[2]).toMatchObject({
      before: { status: 'open', amount_minor: 1_250_000 },
      after: { status: 'won', amount_minor: 1_300_000 },
    });

    for (const query of [
      'status=lost',
      `personId=${personId}`,
      `companyId=${companyId}`,
      `ownerId=${adminId}`,
      'q=ROLLOUT',
    ]) {
      const listed = await call(server.url, 'GET', `/api/v1/deals?${query}`, { token });
      expect(
        listed.body.data.map((d: { id: string }) => d.id),
        query,
      ).toEqual([id]);
    }
  });

  it('answers 404 for deals, people and companies of another workspace', async () => {
    const own = await call(server.url, 'POST', '/api/v1/deals', { token, body: deal() });

    const read = await call(server.url, 'GET', `/api/v1/deals/${own.body.id}`, {
      token: otherToken,
    });
    expect(read.status).toBe(404);
    expect(read.body.error).toMatchObject({ code: 'deal_not_found', field: 'id' });
    const patch = await call(server.url, 'PATCH', `/api/v1/deals/${own.body.id}`, {
      token: otherToken,
      body: { status: 'won' },
    });
    expect(patch.status).toBe(404);

    for (const [field, value, code] of [
      ['personId', foreignPersonId, 'person_not_found'],
      ['companyId', foreignCompanyId, 'company_not_found'],
    ] as const) {
      const result = await call(server.url, 'POST', '/api/v1/deals', {
        token,
        body: deal({ [field]: value }),
      });
      expect(result.status).toBe(404);
      expect(result.body.error).toMatchObject({ code, field });
    }

    expect(
      (await call(server.url, 'GET', `/api/v1/deals/${own.body.id}`, { token })).body.status,
    ).toBe('open');
  });

  it('names the field and the reason for bad input, and writes nothing', async () => {
    const store = scratch().store;
    const existing = await call(server.url, 'POST', '/api/v1/deals', {
      token,
      body: deal({ name: 'Untouched' }),
    });
    const before = { deals: await count(store, 'deals'), audit: await count(store, 'audit_log') };
    const cases: [unknown, string, string][] = [
      [{ ...deal(), name: undefined }, 'required', 'name'],
      [{ ...deal(), amountMinor: undefined }, 'required', 'amountMinor'],
      [deal({ amountMinor: -1 }), 'invalid', 'amountMinor'],
      [deal({ amountMinor: 10.5 }), 'wrong_type', 'amountMinor'],
      [deal({ amountMinor: 1e20 }), 'invalid', 'amountMinor'],
      [deal({ amountMinor: '100' }), 'wrong_type', 'amountMinor'],
      [deal({ currency: 'eur' }), 'invalid_currency', 'currency'],
      [deal({ currency: 'EU' }), 'invalid_currency', 'currency'],
      [deal({ currency: 'EURO' }), 'too_long', 'currency'],
      [deal({ status: 'pending' }), 'not_allowed', 'status'],
      [deal({ stage: '' }), 'required', 'stage'],
      [deal({ closeDate: '2025-02-29' }), 'invalid_date', 'closeDate'],
      [deal({ closeDate: '30.09.2025' }), 'invalid_date', 'closeDate'],
      [deal({ ownerId: 'usr_nobody' }), 'user_not_found', 'ownerId'],
      [deal({ ownerId: '' }), 'user_not_found', 'ownerId'],
      [deal({ personId: '' }), 'person_not_found', 'personId'],
      [deal({ probability: 0.5 }), 'unknown_field', 'probability'],
    ];
    for (const [body, code, field] of cases) {
      const result = await call(server.url, 'POST', '/api/v1/deals', { token, body });
      expect(result.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(result.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }

    const patch = await call(server.url, 'PATCH', `/api/v1/deals/${existing.body.id}`, {
      token,
      body: { status: 'won', personId: 'per_nobody' },
    });
    expect(patch.body.error).toMatchObject({ code: 'person_not_found', field: 'personId' });

    expect(await count(store, 'deals')).toBe(before.deals);
    expect(await count(store, 'audit_log')).toBe(before.audit);
    expect(
      (await call(server.url, 'GET', `/api/v1/deals/${existing.body.id}`, { token })).body.status,
    ).toBe('open');
  });

  it('sorts by amount and close date with cursors', async () => {
    const amounts = [500, 100, 300, 100, 900];
    for (const [i, amountMinor] of amounts.entries()) {
      await call(server.url, 'POST', '/api/v1/deals', {
        token,
        body: deal({
          name: `Sorted ${i}`,
          amountMinor,
          closeDate: i % 2 ? `2025-0${i + 1}-01` : null,
        }),
      });
    }

    const collect = async (sort: string): Promise<string[]> => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(
          server.url,
          'GET',
          `/api/v1/deals?q=sorted&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token },
        );
        expect(page.status).toBe(200);
        names.push(...page.body.data.map((d: { name: string }) => d.name));
        cursor = page.body.nextCursor;
      } while (cursor);

      return names;
    };

    expect(await collect('-amount')).toEqual([
      'Sorted 4',
      'Sorted 0',
      'Sorted 2',
      'Sorted 3',
      'Sorted 1',
    ]);
    expect(await collect('amount')).toEqual([
      'Sorted 1',
      'Sorted 3',
      'Sorted 2',
      'Sorted 0',
      'Sorted 4',
    ]);
    expect((await collect('close_date')).slice(3)).toEqual(['Sorted 1', 'Sorted 3']);

    const amountPage = await call(server.url, 'GET', '/api/v1/deals?q=sorted&sort=amount&limit=1', {
      token,
    });
    const mixed = await call(
      server.url,
      'GET',
      `/api/v1/deals?sort=name&cursor=${amountPage.body.nextCursor}`,
      { token },
    );
    expect(mixed.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
  });
});
