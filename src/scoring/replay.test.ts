import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { meets } from './criteria.js';
import { decayAccumulator } from './decay-accumulator.js';
import { DAY_MS, decayFactor } from './decay.js';
import { engagementScore, ruleHits } from './engagement-score.js';
import { fitScore } from './fit-score.js';
import { firstTimeMet } from './replay.js';
import type { Decay, Profile, ScoredEvent, ScoringDefinition } from './scoring-model.js';
import { STARTER_MODEL } from './starter-model.js';

const T0 = Date.UTC(2026, 0, 1);
const profile: Profile = {
  person: { title: 'VP Marketing', email: 'vp@acme.io' },
  company: { industry: 'Software', employees: 300 },
  stage: 'lead',
};

const decayArb: fc.Arbitrary<Decay> = fc.oneof(
  fc.constant<Decay>({ kind: 'none' }),
  fc.integer({ min: 1, max: 60 }).map((days): Decay => ({ kind: 'half_life', days })),
  fc.integer({ min: 1, max: 60 }).map((days): Decay => ({ kind: 'linear', days })),
);

const eventsArb = fc
  .array(
    fc.record({
      what: fc.constantFrom(
        '/pricing',
        '/blog',
        'Demo Requested',
        'Form Submitted',
        'Webinar Attended',
        'Unsubscribed',
      ),
      day: fc.double({ min: 0, max: 120, noNaN: true }),
    }),
    { maxLength: 40 },
  )
  .map((raw) =>
    raw
      .map((e, i): ScoredEvent =>
        e.what.startsWith('/')
          ? {
              id: `e${i}`,
              type: 'page',
              name: null,
              path: e.what,
              properties: {},
              at: T0 + e.day * DAY_MS,
            }
          : {
              id: `e${i}`,
              type: 'track',
              name: e.what,
              path: null,
              properties: {},
              at: T0 + e.day * DAY_MS,
            },
      )
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)),
  );

describe('decayAccumulator', () => {
  it('sums like adding decayed points one by one', () => {
    fc.assert(
      fc.property(
        decayArb,
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: -30, max: 40 })),
          { maxLength: 30 },
        ),
        (decay, raw) => {
          const points = raw
            .map(([day, p]) => ({ at: T0 + day * DAY_MS, p }))
            .sort((a, b) => a.at - b.at);
          const acc = decayAccumulator(decay);
          for (const { at, p } of points) acc.add(at, p);

          const at = T0 + 101 * DAY_MS;
          const expected = points.reduce(
            (sum, { at: t, p }) => sum + p * decayFactor(decay, at - t),
            0,
          );

          return Math.abs(acc.valueAt(at) - expected) < 1e-6;
        },
      ),
    );
  });
});

describe('firstTimeMet', () => {
  it('finds the demo request that made a lead an MQL', () => {
    const events: ScoredEvent[] = [
      { id: 'a', type: 'page', name: null, path: '/pricing', properties: {}, at: T0 },
      {
        id: 'b',
        type: 'track',
        name: 'Webinar Attended',
        path: null,
        properties: {},
        at: T0 + DAY_MS,
      },
      {
        id: 'c',
        type: 'track',
        name: 'Demo Requested',
        path: null,
        properties: {},
        at: T0 + 2 * DAY_MS,
      },
    ];
    const fit = fitScore(STARTER_MODEL, profile);

    expect(
      firstTimeMet(
        STARTER_MODEL,
        profile,
        fit,
        ruleHits(STARTER_MODEL, events, true),
        STARTER_MODEL.mql,
        T0 + 10 * DAY_MS,
      ),
    ).toBe(T0 + 2 * DAY_MS);
    expect(
      firstTimeMet(
        STARTER_MODEL,
        profile,
        fit,
        ruleHits(STARTER_MODEL, events, true),
        STARTER_MODEL.mql,
        T0 + DAY_MS,
      ),
    ).toBeUndefined();
  });

  it('agrees with scoring from scratch after every event', () => {
    fc.assert(
      fc.property(decayArb, eventsArb, (decay, events) => {
        const model: ScoringDefinition = { ...STARTER_MODEL, decay };
        const fit = fitScore(model, profile);
        const until = T0 + 200 * DAY_MS;

        const brute = events.find((e) => {
          const engagement = engagementScore(
            model,
            events.filter((x) => x.at <= e.at),
            e.at,
          ).score;

          return meets(model.mql, { grade: fit.grade, fit: fit.points, engagement, profile });
        });

        return (
          firstTimeMet(model, profile, fit, ruleHits(model, events, true), model.mql, until) ===
          brute?.at
        );
      }),
      { numRuns: 300 },
    );
  });
});
