import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { newWorkspace, startServer, type TestServer } from './support/api.js';
import { footprint, send } from './support/ingest.js';
import { describeEachStore } from './support/stores.js';

const TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;

// Values a careless or hostile client sends: any JSON, and text no store can keep.
const anything = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    'a\ud800b',
    '\udc00',
    '',
    ' ',
    '9999-99-99',
    '0001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    1e308,
    -1,
    'x'.repeat(300),
  ),
  fc.integer(),
);

const traits = fc.oneof(
  anything,
  fc.record(
    {
      email: fc.oneof(anything, fc.constantFrom('a@b.co', 'Ada@Example.com', 'ada@gmail.com')),
      firstName: anything,
      name: anything,
      phone: anything,
      employees: anything,
      website: anything,
      industry: anything,
    },
    { requiredKeys: [] },
  ),
);

const FIELDS = [
  'type',
  'userId',
  'anonymousId',
  'previousId',
  'groupId',
  'event',
  'name',
  'messageId',
  'timestamp',
  'sentAt',
  'traits',
  'properties',
  'context',
] as const;

// A well-formed message of some type, with up to two of its fields replaced by anything.
const message = fc
  .tuple(
    fc.record({
      type: fc.constantFrom(...TYPES),
      userId: fc.constantFrom('fuzz-user-1', 'fuzz-user-2', 42, undefined),
      anonymousId: fc.constantFrom('fuzz-anon-1', 'fuzz-anon-2'),
      previousId: fc.constantFrom('fuzz-anon-1', 'fuzz-user-2'),
      groupId: fc.constantFrom('fuzz-group', 'fuzz-group-2'),
      event: fc.constantFrom('Demo Requested', 'Fuzzed'),
      name: fc.constantFrom('Pricing', 'Home'),
      messageId: fc.uuid(),
      traits: fc.record({
        email: fc.constantFrom('a@b.co', 'Ada@Example.com', 'ada@gmail.com', undefined),
        name: fc.constantFrom('Ada Lovelace', undefined),
        employees: fc.constantFrom(10, '250', 'many'),
      }),
      properties: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), {
        maxKeys: 3,
      }),
    }),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(anything, traits)), {
      maxLength: 2,
      size: 'xsmall',
    }),
  )
  .map(([base, overrides]) => ({ ...base, ...Object.fromEntries(overrides) }));

const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.option(arbitrary, { freq: 4, nil: undefined });

const request = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...TYPES), message)
      .map(([type, body]) => ({ path: `/v1/${type}`, body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TYPES), fc.jsonValue({ maxDepth: 3 }))
      .map(([type, body]) => ({ path: `/v1/${type}`, body })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        batch: fc.array(
          fc.oneof({ weight: 6, arbitrary: message }, { weight: 1, arbitrary: anything }),
          { maxLength: 6 },
        ),
        context: sometimes(anything),
        sentAt: sometimes(anything),
      })
      .map((body) => ({ path: '/v1/batch', body })),
  },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 2 }).map((body) => ({ path: '/v1/batch', body })),
  },
);

describeEachStore('ingest under fuzzed input', (scratch) => {
  let server: TestServer;
  let writeKey: string;
  let workspaceId: string;

  beforeAll(async () => {
    server = await startServer(scratch().store);
    const created = await newWorkspace(scratch().store);
    writeKey = created.writeKey.token;
    workspaceId = created.workspaceId;
  });

  afterAll(() => server.close());

  it('answers any body with 200 or a 4xx naming code and field, never a 5xx, and never half writes', async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ path, body }) => {
        const before = await footprint(scratch().store, workspaceId);
        const result = await send(server.url, path, writeKey, body);
        const after = await footprint(scratch().store, workspaceId);
        const context = `${path} ${JSON.stringify(body).slice(0, 300)} → ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`;

        expect(result.status, context).toBeLessThan(500);
        stored += after.events - before.events;
        if (result.status !== 200) {
          expect(result.status, context).toBeGreaterThanOrEqual(400);
          expect(result.body.error.code, context).toMatch(/^[a-z_]+$/);
          expect(typeof result.body.error.field, context).toBe('string');
          expect(after, context).toEqual(before);

          return;
        }

        expect(result.body.success, context).toBe(true);
        const items = path === '/v1/batch' ? (body as { batch: unknown[] }).batch.length : 1;
        const rejected: { index: number; code: string; field: string }[] =
          result.body.rejected ?? [];
        for (const r of rejected)
          expect(r.code.length > 0 && r.field.length > 0, context).toBe(true);
        expect(after.events - before.events, context).toBeLessThanOrEqual(items - rejected.length);
        expect(after.events >= before.events && after.audit_log >= before.audit_log, context).toBe(
          true,
        );
      }),
      { numRuns: 150 },
    );
    // Not a vacuous run: well-formed messages got through and were stored.
    expect(stored).toBeGreaterThan(5);
  });
});
