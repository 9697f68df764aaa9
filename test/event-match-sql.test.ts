import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';

import { rulesMatching } from '../src/scoring/engagement-score.js';
import { scanHits } from '../src/scoring/event-scan.repository.js';
import { toScoredEvent } from '../src/scoring/scored-event.js';
import type {
  Condition,
  EngagementRule,
  EventMatcher,
  ScoringDefinition,
} from '../src/scoring/scoring-model.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import { newWorkspace } from './support/api.js';
import { addPerson } from './support/history.js';
import { describeEachStore } from './support/stores.js';

/**
 * The SQL translation of engagement rules (event-match-sql.ts) against the pure `matches`, on
 * generated events stored in a real store and generated rules: for every event, the rules SQL
 * (with its unsure rows handed to `matches`) says count it are the rules `matches` says count
 * the stored event. Names, paths and values aim at the edges: case, blanks, non-ASCII text
 * (the Kelvin sign lowercases to "k", "İ" to two characters), numbers as text, huge and
 * fractional numbers, booleans, nulls, nested objects and arrays, a property named
 * `properties`, prototype names.
 */

const T0 = Date.UTC(2026, 0, 1);

const texts = [
  'Pro',
  'pro',
  ' PRO ',
  '\tpro',
  'Prö',
  'İstanbul',
  'istanbul',
  '\u212A',
  'k',
  '',
  ' ',
  '12',
  ' 12 ',
  '0x10',
  '1e3',
  'Demo Requested',
  'gmail.com',
  'x@GMAIL.com',
  '/pricing',
];
const numbers = [0, -0, 1, 12, 12.5, 0.1, 1e-7, 2 ** 53 + 2, -3, 1e300, 5000];
const keys = [
  'plan',
  'seats',
  'path',
  'properties',
  'tier',
  'a b',
  'x-y',
  'constructor',
  'length',
  'Plan',
];

const scalarArb = fc.oneof(
  fc.constantFrom(...texts),
  fc.constantFrom(...numbers),
  fc.boolean(),
  fc.constant(null),
);
const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const propertiesArb = fc.dictionary(fc.constantFrom(...keys), valueArb, { maxKeys: 5 });

const pathArb = fc.constantFrom('/pricing', '/PRICING/plans', '/Prıcing', '/blog', '', '/prö');
const eventArb = fc.record({
  type: fc.constantFrom('track', 'page', 'screen', 'identify'),
  name: fc.option(
    fc.constantFrom('Demo Requested', 'demo requested', 'DEMO', 'Démo', '\u212Aick', 'kick', ''),
    { nil: null },
  ),
  properties: propertiesArb,
  pathIn: fc.constantFrom('properties', 'context', 'both', 'none'),
  path: pathArb,
  contextPath: fc.oneof(pathArb, fc.constant(7)),
});

const attributeArb = fc.constantFrom(
  'plan',
  'seats',
  'properties',
  'properties.plan',
  'properties.properties',
  'plan.tier',
  'plan.seats',
  'a b',
  'x-y',
  'constructor',
  'plan.length',
  'Plan',
  'path',
);
const conditionArb: fc.Arbitrary<Condition> = attributeArb.chain((attribute) =>
  fc.oneof(
    fc
      .oneof(fc.constantFrom(...texts), fc.constantFrom(...numbers), fc.boolean())
      .map((value): Condition => ({ attribute, operator: 'equals', value })),
    fc
      .array(fc.oneof(fc.constantFrom(...texts), fc.constantFrom(...numbers)), {
        minLength: 1,
        maxLength: 3,
      })
      .map((value): Condition => ({ attribute, operator: 'one_of', value })),
    fc
      .constantFrom('ro', 'PR', 'k', 'i', '1', ' ', 'ö')
      .map((value): Condition => ({ attribute, operator: 'contains', value })),
    fc
      .record({
        min: fc.option(fc.constantFrom(-1, 0, 10, 12.5), { nil: undefined }),
        max: fc.option(fc.constantFrom(0, 12, 100, 1e301), { nil: undefined }),
      })
      .filter((r) => r.min !== undefined || r.max !== undefined)
      .map(({ min, max }): Condition => ({
        attribute,
        operator: 'range',
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      })),
    fc
      .constantFrom('exists', 'missing', 'free_mail')
      .map((operator): Condition => ({ attribute, operator }) as Condition),
  ),
);
const matcherArb: fc.Arbitrary<EventMatcher> = fc.record(
  {
    type: fc.constantFrom('track', 'page', 'screen', 'identify'),
    name: fc.constantFrom('Demo Requested', 'demo REQUESTED', 'kick', 'démo'),
    path: fc.constantFrom('/pricing', '/pricing*', '/PRICING*', '/prö', '*', '/blog'),
    properties: fc.array(conditionArb, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const rulesArb = fc.array(matcherArb, { minLength: 1, maxLength: 6 }).map((matchers) =>
  matchers.map((match, i): EngagementRule => ({
    id: `r${i}`,
    label: `Rule ${i}`,
    match,
    points: 1,
  })),
);

describeEachStore('engagement rules in SQL', (scratch) => {
  let workspaceId: WorkspaceId;

  beforeAll(async () => {
    workspaceId = (await newWorkspace(scratch().store, 'Match Co')).workspaceId;
  });

  it('count the same events as matches() does, for generated rules and events', async () => {
    const store = scratch().store;
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        async (rules, events) => {
          const personId = await addPerson(store, workspaceId, { email: null });
          const rows = events.map((e, i) => {
            const at = new Date(T0 + i * 1000).toISOString();
            const properties =
              e.pathIn === 'properties' || e.pathIn === 'both'
                ? { ...e.properties, path: e.path }
                : e.properties;
            const context =
              e.pathIn === 'context' || e.pathIn === 'both'
                ? { page: { path: e.contextPath } }
                : {};
            const id = newId('event');

            return {
              id,
              workspace_id: workspaceId,
              message_id: `m-${id}`,
              type: e.type,
              name: e.name,
              person_id: personId,
              anonymous_id: null,
              user_id: null,
              properties: JSON.stringify(properties),
              context: JSON.stringify(context),
              occurred_at: at,
              received_at: at,
            };
          });
          await store.db.insertInto('events').values(rows).execute();

          const definition: ScoringDefinition = { ...STARTER_MODEL, engagementRules: rules };
          const scan = await scanHits(
            store.db,
            workspaceId,
            { first: personId, last: personId },
            [definition],
            {
              everyEvent: true,
            },
          );
          const stored = await store.db
            .selectFrom('events')
            .select(['id', 'type', 'name', 'properties', 'context', 'occurred_at'])
            .where('person_id', '=', personId)
            .orderBy('occurred_at')
            .execute();
          const expected = stored.map((row) => {
            const event = toScoredEvent(row);

            return { at: event.at, rules: rulesMatching(definition, event) };
          });

          expect(scan.hitsOf(personId, 0)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads several models at once, each with its own rule numbers', async () => {
    const store = scratch().store;
    const personId = await addPerson(store, workspaceId, { email: null });
    const at = new Date(T0).toISOString();
    const id = newId('event');
    await store.db
      .insertInto('events')
      .values({
        id,
        workspace_id: workspaceId,
        message_id: `m-${id}`,
        type: 'page',
        name: null,
        person_id: personId,
        anonymous_id: null,
        user_id: null,
        properties: JSON.stringify({ path: '/pricing/enterprise' }),
        context: '{}',
        occurred_at: at,
        received_at: at,
      })
      .execute();
    const pageOnly: ScoringDefinition = {
      ...STARTER_MODEL,
      engagementRules: [{ id: 'p', label: 'Page', match: { type: 'page' }, points: 1 }],
    };
    // 31 rules in the second model: its masks span two numbers.
    const many: ScoringDefinition = {
      ...STARTER_MODEL,
      engagementRules: Array.from({ length: 31 }, (_, i) => ({
        id: `r${i}`,
        label: `Rule ${i}`,
        match: i % 2 === 0 ? { path: '/pricing*' } : { type: 'track' as const },
        points: 1,
      })),
    };

    const scan = await scanHits(store.db, workspaceId, { first: personId, last: personId }, [
      pageOnly,
      many,
    ]);

    expect(scan.hitsOf(personId, 0)).toEqual([{ at: T0, rules: [0] }]);
    expect(scan.hitsOf(personId, 1)).toEqual([
      { at: T0, rules: Array.from({ length: 16 }, (_, i) => i * 2) },
    ]);
  });
});
