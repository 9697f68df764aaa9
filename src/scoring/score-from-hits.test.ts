import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DAY_MS } from './decay.js';
import { engagementScore, ruleHits } from './engagement-score.js';
import { HitCache } from './hit-cache.js';
import { scorePerson } from './score-person.js';
import { mergeHits, scoreFromHits } from './score-from-hits.js';
import type { Decay, ScoredEvent, ScoringDefinition } from './scoring-model.js';
import { STARTER_MODEL } from './starter-model.js';

const NOW = Date.UTC(2026, 5, 1);

const modelArb: fc.Arbitrary<ScoringDefinition> = fc
  .record({
    decay: fc.oneof(
      fc.constant<Decay>({ kind: 'none' }),
      fc.integer({ min: 1, max: 90 }).map((days): Decay => ({ kind: 'half_life', days })),
      fc.integer({ min: 1, max: 90 }).map((days): Decay => ({ kind: 'linear', days })),
    ),
    engagementCap: fc.integer({ min: 1, max: 300 }),
    caps: fc.array(
      fc.option(
        fc.record({
          max: fc.integer({ min: 1, max: 4 }),
          windowDays: fc.integer({ min: 1, max: 40 }),
        }),
      ),
      {
        minLength: STARTER_MODEL.engagementRules.length,
        maxLength: STARTER_MODEL.engagementRules.length,
      },
    ),
  })
  .map(({ decay, engagementCap, caps }) => ({
    ...STARTER_MODEL,
    decay,
    engagementCap,
    engagementRules: STARTER_MODEL.engagementRules.map((rule, i) => {
      const { cap: _ignored, ...rest } = rule;
      const cap = caps[i];

      return cap && rule.points > 0 ? { ...rest, cap } : rest;
    }),
  }));

// Whole hours, so that several events share an instant; some in the future of `now`.
const eventsArb = (prefix: string): fc.Arbitrary<ScoredEvent[]> =>
  fc
    .array(
      fc.record({
        what: fc.constantFrom(
          '/pricing',
          '/blog',
          'Demo Requested',
          'Email Clicked',
          'Unsubscribed',
        ),
        hours: fc.integer({ min: -24, max: 24 * 120 }),
      }),
      { maxLength: 30 },
    )
    .map((raw) =>
      raw.map(({ what, hours }, i): ScoredEvent => {
        const at = NOW - hours * 3_600_000;
        const id = `${prefix}${i}`;

        return what.startsWith('/')
          ? { id, type: 'page', name: null, path: what, properties: {}, at }
          : { id, type: 'track', name: what, path: null, properties: {}, at };
      }),
    );

describe('scoring from remembered hits plus new events', () => {
  it('gives exactly what scoring every event from scratch gives, in any order of arrival', () => {
    fc.assert(
      fc.property(
        modelArb,
        eventsArb('a'),
        eventsArb('b'),
        eventsArb('c'),
        fc.integer({ min: -3, max: 3 }),
        (model, first, second, third, shift) => {
          const now = NOW + shift * DAY_MS;
          const profile = { person: { title: 'VP Marketing' }, company: {}, stage: 'lead' };
          // Three requests: hits remembered after each, the next request's events merged in.
          let hits = ruleHits(model, first);
          hits = mergeHits(hits, ruleHits(model, second));
          hits = mergeHits(hits, ruleHits(model, third));
          const all = [...first, ...second, ...third];

          const fromScratch = scorePerson(model, profile, all, now);
          const incremental = scoreFromHits(model, profile, hits, now);
          expect(incremental.engagement).toBe(engagementScore(model, all, now).score);
          expect(incremental.engagement).toBe(fromScratch.engagement.score);
          expect(incremental.fit).toEqual(fromScratch.fit);
          expect(incremental.mql).toEqual(fromScratch.mql);
          expect(incremental.sql).toEqual(fromScratch.sql);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps hits in time order when merging', () => {
    const at = (n: number) => ({ at: n, rules: [0] });
    expect(
      mergeHits([at(1), at(5), at(9)], [at(0), at(5), at(7), at(12)]).map((h) => h.at),
    ).toEqual([0, 1, 5, 5, 7, 9, 12]);
    expect(mergeHits([], [at(3)]).map((h) => h.at)).toEqual([3]);
    expect(mergeHits([at(3)], []).map((h) => h.at)).toEqual([3]);
  });
});

describe('HitCache', () => {
  it('keeps the most recently used people up to its bound', () => {
    const cache = new HitCache(2);
    const entry = (count: number) => ({ versionId: 'v1', count, hits: [] });
    cache.set('w', 'a', entry(1));
    cache.set('w', 'b', entry(2));
    expect(cache.get('w', 'a')?.count).toBe(1);
    cache.set('w', 'c', entry(3));

    expect(cache.get('w', 'b')).toBeUndefined();
    expect(cache.get('w', 'a')?.count).toBe(1);
    expect(cache.get('w', 'c')?.count).toBe(3);
    expect(cache.get('other', 'a')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
