import { DAY_MS } from './decay.js';

/** What happened to a lead after it qualified, as far as history tells. */
export interface Outcome {
  /** When sales accepted it (SAL) or later stages were reached; undefined if never. */
  readonly convertedAt?: number;
  /** When a deal of theirs was won; undefined if never. */
  readonly wonAt?: number;
}

export interface WeekFigures {
  readonly mqls: number;
  /** Of those MQLs, how many went on to be accepted by sales or further. */
  readonly converted: number;
  readonly won: number;
}

export interface BacktestWeek {
  /** Monday 00:00 UTC of the week, ISO. */
  readonly weekStart: string;
  readonly draft: WeekFigures;
  readonly published: WeekFigures;
}

export interface BacktestReport {
  readonly from: string;
  readonly to: string;
  readonly weeks: readonly BacktestWeek[];
  readonly totals: {
    readonly draft: WeekFigures & { conversionRate: number };
    readonly published: WeekFigures & { conversionRate: number };
  };
  /** People both models qualify, and those only one of them does. */
  readonly overlap: {
    readonly both: number;
    readonly draftOnly: number;
    readonly publishedOnly: number;
  };
}

/** Monday 00:00 UTC of the week that holds `at`. */
export function weekStart(at: number): number {
  const day = Math.floor(at / DAY_MS);
  const weekday = (day + 3) % 7; // 1970-01-01 was a Thursday: Monday is 0.

  return (day - weekday) * DAY_MS;
}

function emptyWeeks(
  from: number,
  to: number,
): Map<number, { draft: WeekFigures; published: WeekFigures }> {
  const weeks = new Map<number, { draft: WeekFigures; published: WeekFigures }>();
  for (let w = weekStart(from); w <= to; w += 7 * DAY_MS) {
    weeks.set(w, {
      draft: { mqls: 0, converted: 0, won: 0 },
      published: { mqls: 0, converted: 0, won: 0 },
    });
  }

  return weeks;
}

function add(figures: WeekFigures, outcome: Outcome | undefined, qualifiedAt: number): WeekFigures {
  const converted = outcome?.convertedAt !== undefined && outcome.convertedAt >= qualifiedAt;
  const won = outcome?.wonAt !== undefined && outcome.wonAt >= qualifiedAt;

  return {
    mqls: figures.mqls + 1,
    converted: figures.converted + (converted ? 1 : 0),
    won: figures.won + (won ? 1 : 0),
  };
}

function total(
  weeks: readonly BacktestWeek[],
  side: 'draft' | 'published',
): WeekFigures & { conversionRate: number } {
  const sum = weeks.reduce(
    (acc, w) => ({
      mqls: acc.mqls + w[side].mqls,
      converted: acc.converted + w[side].converted,
      won: acc.won + w[side].won,
    }),
    { mqls: 0, converted: 0, won: 0 },
  );

  return { ...sum, conversionRate: sum.mqls === 0 ? 0 : sum.converted / sum.mqls };
}

/**
 * MQLs per week that a draft and the published model would have produced between `from`
 * and `to`, and how those leads went on to convert. A lead counts in the week it first
 * qualified under each model, if that falls inside the period.
 */
export function backtestReport(input: {
  readonly from: number;
  readonly to: number;
  readonly draft: ReadonlyMap<string, number>;
  readonly published: ReadonlyMap<string, number>;
  readonly outcomes: ReadonlyMap<string, Outcome>;
}): BacktestReport {
  const weeks = emptyWeeks(input.from, input.to);
  const inPeriod = (at: number) => at >= input.from && at <= input.to;

  for (const side of ['draft', 'published'] as const) {
    for (const [personId, at] of input[side]) {
      if (!inPeriod(at)) continue;

      const week = weeks.get(weekStart(at))!;
      week[side] = add(week[side], input.outcomes.get(personId), at);
    }
  }

  const list = [...weeks.entries()].map(([start, figures]) => ({
    weekStart: new Date(start).toISOString(),
    ...figures,
  }));
  const draftIds = [...input.draft].filter(([, at]) => inPeriod(at)).map(([id]) => id);
  const publishedIds = new Set(
    [...input.published].filter(([, at]) => inPeriod(at)).map(([id]) => id),
  );
  const both = draftIds.filter((id) => publishedIds.has(id)).length;

  return {
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    weeks: list,
    totals: { draft: total(list, 'draft'), published: total(list, 'published') },
    overlap: { both, draftOnly: draftIds.length - both, publishedOnly: publishedIds.size - both },
  };
}
