import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { backtestReport, weekStart } from './backtest-report.js';
import { DAY_MS } from './decay.js';

const MON = Date.UTC(2026, 10, 2); // Monday 2 November 2026

describe('weekStart', () => {
  it('is the Monday at midnight UTC', () => {
    expect(new Date(weekStart(MON + 3 * DAY_MS + 5000)).toISOString()).toBe(
      '2026-11-02T00:00:00.000Z',
    );
    expect(weekStart(MON)).toBe(MON);
    expect(weekStart(MON - 1)).toBe(MON - 7 * DAY_MS);
  });

  it('is a Monday at or before the instant, less than a week before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (at) => {
        const w = weekStart(at);

        return w <= at && at - w < 7 * DAY_MS && new Date(w).getUTCDay() === 1 && w % DAY_MS === 0;
      }),
    );
  });
});

describe('backtestReport', () => {
  it('counts MQLs per week for both models, with their conversions', () => {
    const report = backtestReport({
      from: MON,
      to: MON + 14 * DAY_MS - 1,
      draft: new Map([
        ['p1', MON + DAY_MS],
        ['p2', MON + 8 * DAY_MS],
        ['p3', MON - DAY_MS],
      ]),
      published: new Map([['p1', MON + 2 * DAY_MS]]),
      outcomes: new Map([
        ['p1', { convertedAt: MON + 3 * DAY_MS, wonAt: MON + 9 * DAY_MS }],
        ['p2', { convertedAt: MON }],
      ]),
    });

    expect(
      report.weeks.map((w) => [
        w.weekStart.slice(0, 10),
        w.draft.mqls,
        w.draft.converted,
        w.published.mqls,
      ]),
    ).toEqual([
      ['2026-11-02', 1, 1, 1],
      ['2026-11-09', 1, 0, 0],
    ]);
    expect(report.totals.draft).toEqual({ mqls: 2, converted: 1, won: 1, conversionRate: 0.5 });
    expect(report.overlap).toEqual({ both: 1, draftOnly: 1, publishedOnly: 0 });
  });

  it('never counts more than qualified inside the period, nor conversions beyond MQLs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: -30, max: 60 }), fc.option(fc.integer({ min: -30, max: 90 }))),
          { maxLength: 50 },
        ),
        (rows) => {
          const draft = new Map(rows.map(([d], i) => [`p${i}`, MON + d * DAY_MS]));
          const outcomes = new Map(
            rows.map(([, c], i) => [`p${i}`, c === null ? {} : { convertedAt: MON + c * DAY_MS }]),
          );
          const report = backtestReport({
            from: MON,
            to: MON + 28 * DAY_MS,
            draft,
            published: new Map(),
            outcomes,
          });
          const inside = rows.filter(([d]) => d >= 0 && d <= 28).length;

          return (
            report.totals.draft.mqls === inside &&
            report.weeks.every((w) => w.draft.converted <= w.draft.mqls)
          );
        },
      ),
    );
  });
});
