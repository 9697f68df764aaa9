/** The backtest's period and chart data, pure. */
import type { BacktestReportView, Totals } from './scoring-types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_BACKTEST_DAYS = 90;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` days up to and including today (UTC), as YYYY-MM-DD. */
export function defaultPeriod(
  now: number,
  days = DEFAULT_BACKTEST_DAYS,
): { from: string; to: string } {
  return { from: isoDay(now - days * DAY_MS), to: isoDay(now) };
}

/** Why the period cannot be backtested, or undefined when it can. */
export function periodIssue(
  from: string,
  to: string,
): { field: 'from' | 'to'; message: string } | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || !Number.isFinite(Date.parse(from))) {
    return { field: 'from', message: 'A date, YYYY-MM-DD.' };
  }
  if (!day.test(to) || !Number.isFinite(Date.parse(to))) {
    return { field: 'to', message: 'A date, YYYY-MM-DD.' };
  }
  if (from > to) return { field: 'from', message: 'Starts after the end.' };

  return undefined;
}

export interface ChartRow {
  /** "Mar 2" style label of the week's Monday. */
  readonly week: string;
  readonly weekStart: string;
  readonly draft: number;
  readonly published: number;
  readonly draftConverted: number;
  readonly publishedConverted: number;
}

const weekLabel = new Intl.DateTimeFormat('en', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** One row a week: MQLs of the draft and the published model, and how many converted. */
export function chartRows(report: BacktestReportView): ChartRow[] {
  return report.weeks.map((week) => ({
    week: weekLabel.format(new Date(week.weekStart)),
    weekStart: week.weekStart,
    draft: week.draft.mqls,
    published: week.published.mqls,
    draftConverted: week.draft.converted,
    publishedConverted: week.published.converted,
  }));
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;
}

/** "+12 MQLs (+25%)" for the draft against the published model. */
export function difference(draft: Totals, published: Totals): string {
  const delta = draft.mqls - published.mqls;
  const sign = delta > 0 ? '+' : '';
  if (published.mqls === 0) return `${sign}${delta} MQLs`;

  return `${sign}${delta} MQLs (${sign}${Math.round((delta / published.mqls) * 100)}%)`;
}
