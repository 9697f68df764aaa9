import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DAY_MS, decayFactor } from './decay.js';
import { engagementScore, matches } from './engagement-score.js';
import type { ScoredEvent, ScoringDefinition } from './scoring-model.js';
import { STARTER_MODEL } from './starter-model.js';

const NOW = Date.UTC(2026, 11, 1);

function page(path: string, daysAgo: number, id = `${path}-${daysAgo}`): ScoredEvent {
  return { id, type: 'page', name: null, path, properties: {}, at: NOW - daysAgo * DAY_MS };
}

function track(
  name: string,
  daysAgo: number,
  properties: Record<string, unknown> = {},
): ScoredEvent {
  return {
    id: `${name}-${daysAgo}`,
    type: 'track',
    name,
    path: null,
    properties,
    at: NOW - daysAgo * DAY_MS,
  };
}

const noDecay: ScoringDefinition = { ...STARTER_MODEL, decay: { kind: 'none' } };

describe('engagementScore', () => {
  it('counts a capped rule at most max times in any window', () => {
    const views = [0.1, 0.2, 0.3, 0.4, 0.5].map((d) => page('/pricing', d));
    const result = engagementScore(noDecay, views, NOW);
    const pricing = result.contributions.filter((c) => c.ruleId === 'pricing-page');

    expect(pricing).toHaveLength(3);
    expect(result.skipped.filter((s) => s.ruleId === 'pricing-page')).toHaveLength(2);
  });

  it('counts again once the window has moved on', () => {
    const views = [70, 69, 68, 67, 20, 19].map((d) => page('/pricing/enterprise', d));
    const pricing = engagementScore(noDecay, views, NOW).contributions.filter(
      (c) => c.ruleId === 'pricing-page',
    );

    expect(pricing.map((c) => Math.round((NOW - c.at) / DAY_MS))).toEqual([70, 69, 68, 20, 19]);
  });

  it('halves points every half-life and explains every point', () => {
    const result = engagementScore(STARTER_MODEL, [track('Demo Requested', 30)], NOW);

    expect(result.contributions).toEqual([
      expect.objectContaining({ ruleId: 'demo-requested', points: 40, decayed: 20 }),
    ]);
    expect(result.score).toBe(20);
  });

  it('decays linearly to zero', () => {
    expect(decayFactor({ kind: 'linear', days: 10 }, 5 * DAY_MS)).toBeCloseTo(0.5);
    expect(decayFactor({ kind: 'linear', days: 10 }, 11 * DAY_MS)).toBe(0);
    expect(decayFactor({ kind: 'half_life', days: 7 }, -DAY_MS)).toBe(1);
  });

  it('caps the total and never goes below zero', () => {
    const lots = Array.from({ length: 6 }, (_, i) => track('Demo Requested', i));
    expect(engagementScore(noDecay, lots, NOW)).toMatchObject({ score: 100, capped: true });

    expect(engagementScore(noDecay, [track('Unsubscribed', 1)], NOW).score).toBe(0);
  });

  it('ignores events after now, so a replay sees only the past', () => {
    const future = { ...track('Demo Requested', 0), at: NOW + DAY_MS };

    expect(engagementScore(noDecay, [future], NOW).score).toBe(0);
  });

  it('matches names case-insensitively, paths by prefix and properties', () => {
    expect(matches({ name: 'demo requested' }, track('Demo Requested', 0))).toBe(true);
    expect(matches({ path: '/pricing*' }, page('/PRICING/teams', 0))).toBe(true);
    expect(matches({ path: '/pricing' }, page('/pricing/teams', 0))).toBe(false);
    expect(
      matches(
        {
          name: 'Form Submitted',
          properties: [{ attribute: 'form', operator: 'equals', value: 'contact' }],
        },
        track('Form Submitted', 0, { form: 'Contact' }),
      ),
    ).toBe(true);
  });

  const eventOf = (what: fc.Arbitrary<string>) =>
    fc.record({
      kind: fc.constantFrom('page', 'track'),
      what,
      daysAgo: fc.double({ min: 0, max: 200, noNaN: true }),
    });
  const eventArb = eventOf(
    fc.constantFrom(
      '/pricing',
      '/blog',
      'Demo Requested',
      'Form Submitted',
      'Email Clicked',
      'Unsubscribed',
    ),
  );
  const toEvent = (e: { kind: string; what: string; daysAgo: number }, i: number): ScoredEvent =>
    e.kind === 'page'
      ? page(e.what, e.daysAgo, `e${i}`)
      : { ...track(e.what, e.daysAgo), id: `e${i}` };

  it('always stays between 0 and the cap, whatever the events', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (raw) => {
        const { score } = engagementScore(STARTER_MODEL, raw.map(toEvent), NOW);

        return score >= 0 && score <= STARTER_MODEL.engagementCap;
      }),
    );
  });

  it('never drops when a newer positive event arrives (without decay)', () => {
    const positive = eventOf(fc.constantFrom('/pricing', 'Demo Requested', 'Form Submitted'));
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), positive, (raw, extra) => {
        const events = raw.map(toEvent);
        const before = engagementScore(noDecay, events, NOW).score;
        const newest = { ...toEvent(extra, 999), at: NOW };

        return engagementScore(noDecay, [...events, newest], NOW).score >= before;
      }),
    );
  });

  it('adds up to the sum of its explained contributions when not capped', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (raw) => {
        const result = engagementScore(STARTER_MODEL, raw.map(toEvent), NOW);
        const sum = result.contributions.reduce((s, c) => s + c.decayed, 0);

        return result.capped || sum < 0 || Math.abs(result.score - sum) < 0.05;
      }),
    );
  });
});
