import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Store } from '../src/store/database.js';
import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

/**
 * Property tests over the API's validation: whatever JSON arrives, the answer is a 2xx or a
 * 4xx naming a code, a message and a field, never a 5xx; and a refused request writes nothing.
 */

interface Endpoint {
  readonly path: string;
  /** A body the endpoint accepts (give it a unique value each call where names must differ). */
  readonly valid: () => Record<string, unknown>;
  /** String fields and their longest allowed length. */
  readonly limits: Readonly<Record<string, number>>;
  readonly known: readonly string[];
}

let serial = 0;
const unique = (prefix: string) => `${prefix} ${++serial}`;

const ENDPOINTS: readonly Endpoint[] = [
  {
    path: '/api/v1/people',
    valid: () => ({ firstName: 'Ada' }),
    limits: {
      firstName: 100,
      lastName: 100,
      title: 200,
      phone: 50,
      source: 100,
      lifecycleStage: 50,
      reason: 500,
    },
    known: [
      'email',
      'userId',
      'firstName',
      'lastName',
      'title',
      'phone',
      'companyId',
      'lifecycleStage',
      'ownerId',
      'source',
      'traits',
      'reason',
    ],
  },
  {
    path: '/api/v1/companies',
    valid: () => ({ name: 'Acme' }),
    limits: { name: 200, industry: 100, region: 100, domain: 253 },
    known: [
      'name',
      'domain',
      'industry',
      'employees',
      'annualRevenue',
      'region',
      'country',
      'ownerId',
      'traits',
    ],
  },
  {
    path: '/api/v1/teams',
    valid: () => ({ name: unique('Team'), kind: 'sales' }),
    limits: { name: 100 },
    known: ['name', 'kind', 'managerId', 'calendar'],
  },
  {
    path: '/api/v1/deals',
    valid: () => ({
      name: 'Deal',
      amountMinor: 100,
      currency: 'EUR',
      stage: 'qualification',
      status: 'open',
    }),
    limits: { name: 200, stage: 100 },
    known: [
      'name',
      'personId',
      'companyId',
      'ownerId',
      'amountMinor',
      'currency',
      'stage',
      'status',
      'closeDate',
    ],
  },
];

const TABLES = [
  'people',
  'identities',
  'companies',
  'teams',
  'team_members',
  'deals',
  'audit_log',
] as const;

async function rowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }

  return counts;
}

// secure-json-parse refuses these keys outright (as malformed JSON), before any schema runs.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const endpoint = fc.constantFrom(...ENDPOINTS);

/** Bodies that reach deep into the schemas: known keys with arbitrary values, or any JSON. */
const bodyFor = (target: Endpoint) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
    fc.dictionary(
      fc.constantFrom(...target.known),
      fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }),
      { maxKeys: 5 },
    ),
    fc
      .dictionary(fc.constantFrom(...target.known), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
      .map((extra) => ({ ...target.valid(), ...extra })),
  );

const unknownKey = (target: Endpoint) =>
  fc
    .string({ minLength: 1, maxLength: 30 })
    .filter((key) => !target.known.includes(key) && !FORBIDDEN_KEYS.has(key));

describeEachStore('API validation properties', (scratch) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    token = (await newWorkspace(scratch().store)).apiKey.token;
  });

  afterAll(() => server.close());

  async function expectRefusedCleanly(
    target: Endpoint,
    body: unknown,
  ): Promise<{ status: number; error?: { code: string; field: string } }> {
    const before = await rowCounts(scratch().store);
    const result = await call(server.url, 'POST', target.path, { token, body });

    expect(result.status, JSON.stringify(body)).toBeLessThan(500);
    if (result.status >= 400) {
      expect(result.status, JSON.stringify(body)).toBeLessThan(500);
      expect(typeof result.body.error?.code, JSON.stringify(result.body)).toBe('string');
      expect(typeof result.body.error?.message, JSON.stringify(result.body)).toBe('string');
      expect(typeof result.body.error?.field, JSON.stringify(result.body)).toBe('string');
      expect(await rowCounts(scratch().store), JSON.stringify(body)).toEqual(before);
    } else {
      expect(result.status).toBe(201);
    }

    return { status: result.status, error: result.body.error };
  }

  it('answers any JSON body with a 2xx or a 4xx naming code, message and field, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        endpoint.chain((target) => fc.tuple(fc.constant(target), bodyFor(target))),
        async ([target, body]) => {
          await expectRefusedCleanly(target, body);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses any unknown field by name, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        endpoint.chain((target) =>
          fc.tuple(fc.constant(target), unknownKey(target), fc.jsonValue({ maxDepth: 1 })),
        ),
        async ([target, key, value]) => {
          const refused = await expectRefusedCleanly(target, { ...target.valid(), [key]: value });

          expect(refused.status).toBe(400);
          expect(refused.error).toMatchObject({ code: 'unknown_field', field: key });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses over-long strings with too_long, naming the field, and writes nothing', async () => {
    const overLong = endpoint.chain((target) =>
      fc
        .constantFrom(...Object.entries(target.limits))
        .chain(([field, max]) =>
          fc.tuple(
            fc.constant(target),
            fc.constant(field),
            fc.string({ minLength: max + 1, maxLength: max + 60, unit: 'grapheme-ascii' }),
          ),
        ),
    );

    await fc.assert(
      fc.asyncProperty(overLong, async ([target, field, text]) => {
        // Padding with letters keeps the string over the limit even after trimming.
        const value = `a${text}a`;
        const refused = await expectRefusedCleanly(target, { ...target.valid(), [field]: value });

        expect(refused.status).toBe(400);
        expect(refused.error).toMatchObject({ code: 'too_long', field });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses text no store can keep (NUL, broken Unicode) by field, on every store alike', async () => {
    const broken = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', 'x\udc00y');
    const target = endpoint.chain((t) =>
      fc.tuple(fc.constant(t), fc.constantFrom(...Object.keys(t.limits)), broken),
    );

    await fc.assert(
      fc.asyncProperty(target, async ([t, field, text]) => {
        const refused = await expectRefusedCleanly(t, { ...t.valid(), [field]: `ok ${text}` });

        expect(refused.status).toBe(400);
        expect(refused.error).toMatchObject({ code: 'invalid_character', field });
      }),
      { numRuns: 30 },
    );

    const inTraits = await expectRefusedCleanly(ENDPOINTS[1]!, {
      name: 'Acme',
      traits: { notes: ['fine', 'bad\u0000'] },
    });
    expect(inTraits.error).toMatchObject({ code: 'invalid_character', field: 'traits.notes.1' });

    for (const path of [
      '/api/v1/companies?q=%00',
      '/api/v1/people?q=a%00b',
      '/api/v1/deals?stage=%00',
      '/api/v1/teams/%00',
    ]) {
      const result = await call(server.url, 'GET', path, { token });
      expect(result.status, path).toBe(400);
      expect(result.body.error.code, path).toBe('invalid_character');
    }
  });

  it('accepts the valid bodies the properties start from', async () => {
    for (const target of ENDPOINTS) {
      const result = await call(server.url, 'POST', target.path, { token, body: target.valid() });
      expect(result.status, target.path).toBe(201);
    }
  });
});
