import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DAY_MS } from './decay.js';
import { engagementOfHits, engagementScore, ruleHits } from './engagement-score.js';
import type { Decay, EngagementRule, ScoredEvent, ScoringDefinition } from './scoring-model.js';
import { STARTER_MODEL } from './starter-model.js';

const NOW = Date.UTC(2026, 5, 1);

const decayArb: fc.Arbitrary<Decay> = fc.oneof(
  fc.constant<Decay>({ kind: 'none' }),
  fc.integer({ min: 1, max: 90 }).map((days): Decay => ({ kind: 'half_life', days })),
  fc.integer({ min: 1, max: 90 }).map((days): Decay => ({ kind: 'linear', days })),
);

// The starter model's rules with other points and caps (negative points never capped, as
// validation requires), under another decay and total cap.
const modelArb: fc.Arbitrary<ScoringDefinition> = fc
  .record({
    decay: decayArb,
    engagementCap: fc.integer({ min: 1, max: 300 }),
    rules: fc.tuple(
      ...STARTER_MODEL.engagementRules.map(() =>
        fc.record({
          points: fc.oneof(fc.integer({ min: -40, max: 60 }), fc.double({ min: 0.1, max: 9.9 })),
          cap: fc.option(
            fc.record({
              max: fc.integer({ min: 1, max: 6 }),
              windowDays: fc.integer({ min: 1, max: 60 }),
            }),
          ),
        }),
      ),
    ),
  })
  .map(({ decay, engagementCap, rules }) => ({
    ...STARTER_MODEL,
    decay,
    engagementCap,
    engagementRules: STARTER_MODEL.engagementRules.map((rule, i): EngagementRule => {
      const { points, cap } = rules[i]!;
      const { cap: _ignored, ...rest } = rule;

      return cap && points > 0 ? { ...rest, points, cap } : { ...rest, points };
    }),
  }));

const eventsArb: fc.Arbitrary<ScoredEvent[]> = fc
  .array(
    fc.record({
      what: fc.constantFrom(
        '/pricing',
        '/blog',
        'Demo Requested',
        'Form Submitted',
        'Unsubscribed',
        'Email Clicked',
        'identify',
      ),
      // Whole hours, so that several events share an instant; some after now.
      hours: fc.integer({ min: -48, max: 24 * 200 }),
    }),
    { maxLength: 60 },
  )
  .map((raw) =>
    raw.map(({ what, hours }, i): ScoredEvent => {
      const at = NOW - hours * 3_600_000;
      if (what.startsWith('/'))
        return { id: `e${i}`, type: 'page', name: null, path: what, properties: {}, at };
      if (what === 'identify')
        return { id: `e${i}`, type: 'identify', name: null, path: null, properties: {}, at };

      return { id: `e${i}`, type: 'track', name: what, path: null, properties: {}, at };
    }),
  );

describe('engagementOfHits', () => {
  it('gives the same score as engagementScore, to the last bit', () => {
    fc.assert(
      fc.property(modelArb, eventsArb, fc.integer({ min: -5, max: 5 }), (model, events, shift) => {
        const now = NOW + shift * DAY_MS;

        expect(engagementOfHits(model, ruleHits(model, events), now)).toBe(
          engagementScore(model, events, now).score,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('does not care how events of one instant are ordered', () => {
    fc.assert(
      fc.property(modelArb, eventsArb, (model, events) => {
        const hits = ruleHits(model, events);
        const reordered = [...hits].sort((a, b) => a.at - b.at || b.rules.length - a.rules.length);

        expect(engagementOfHits(model, reordered, NOW)).toBe(engagementOfHits(model, hits, NOW));
      }),
      { numRuns: 200 },
    );
  });
});
