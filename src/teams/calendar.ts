import { invalid } from '../shared/app-error.js';

/**
 * A team's working-hours calendar, and working-time arithmetic over it. Pure: no I/O, no
 * clock. SLA clocks (issue #4 onwards) count in the working minutes computed here.
 *
 * Working time is defined instant by instant: an instant is working time when the wall clock
 * of the calendar's time zone shows a time inside one of that weekday's intervals, on a date
 * that is not a holiday. `workingMinutesBetween` measures exactly that set, so across a DST
 * change an interval 01:00–04:00 lasts two real hours in spring and four in autumn.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WorkingInterval {
  /** Wall-clock `HH:MM`, inclusive. */
  readonly start: string;
  /** Wall-clock `HH:MM`, exclusive; `24:00` ends the day. */
  readonly end: string;
}

// Arrays are mutable in the type only so that views pass straight into response schemas.
export type WeeklyHours = Readonly<Record<Weekday, WorkingInterval[]>>;

export interface TeamCalendar {
  /** An IANA time zone name, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  readonly weeklyHours: WeeklyHours;
  /** Local dates `YYYY-MM-DD` without working time, sorted. */
  readonly holidays: string[];
}

export interface CalendarInput {
  readonly timeZone?: string;
  readonly weeklyHours?: Partial<Record<Weekday, readonly WorkingInterval[]>>;
  readonly holidays?: readonly string[];
}

/** An instant: a Date or epoch milliseconds. */
export type Instant = Date | number;

const NINE_TO_FIVE: WorkingInterval[] = [{ start: '09:00', end: '17:00' }];

/** Monday to Friday, 09:00 to 17:00 UTC, no holidays. */
export const DEFAULT_CALENDAR: TeamCalendar = {
  timeZone: 'UTC',
  weeklyHours: {
    mon: NINE_TO_FIVE,
    tue: NINE_TO_FIVE,
    wed: NINE_TO_FIVE,
    thu: NINE_TO_FIVE,
    fri: NINE_TO_FIVE,
    sat: [],
    sun: [],
  },
  holidays: [],
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------
// Validation

/** True when `zone` is an IANA time zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 100) return false;

  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });

    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight of a `HH:MM` text, or undefined when it is not one. */
export function parseClock(text: string): number | undefined {
  if (!TIME.test(text)) return undefined;

  const [hours, minutes] = text.split(':').map(Number);

  return hours! * 60 + minutes!;
}

/** True for a real calendar date `YYYY-MM-DD` (no 2023-02-29). */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;

  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));

  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function checkDay(day: Weekday, intervals: readonly WorkingInterval[], field: string): void {
  let previousEnd = -1;

  intervals.forEach((interval, index) => {
    const at = `${field}.weeklyHours.${day}.${index}`;
    const start = parseClock(interval.start);
    const end = parseClock(interval.end);
    if (start === undefined || start === 24 * 60) {
      throw invalid(
        'invalid_time',
        `${at}.start must be a time HH:MM from 00:00 to 23:59.`,
        `${at}.start`,
      );
    }
    if (end === undefined) {
      throw invalid(
        'invalid_time',
        `${at}.end must be a time HH:MM from 00:00 to 24:00.`,
        `${at}.end`,
      );
    }
    if (start >= end) {
      throw invalid('invalid_interval', `${at} must start before it ends.`, `${at}.end`);
    }
    if (start < previousEnd) {
      throw invalid(
        'overlapping_intervals',
        `${at} must start after the previous interval of ${day} ends; list intervals in order.`,
        `${at}.start`,
      );
    }

    previousEnd = end;
  });
}

function checkHolidays(holidays: readonly string[], field: string): string[] {
  const seen = new Set<string>();

  holidays.forEach((date, index) => {
    const at = `${field}.holidays.${index}`;
    if (!isIsoDate(date)) throw invalid('invalid_date', `${at} must be a date YYYY-MM-DD.`, at);
    if (seen.has(date)) throw invalid('duplicate_holiday', `${at} lists ${date} twice.`, at);

    seen.add(date);
  });

  return [...seen].sort();
}

/**
 * Checks a calendar and fills in what is left out (`UTC`, Monday to Friday 09:00–17:00, no
 * holidays). When `weeklyHours` is given, a weekday it leaves out has no working time.
 * Errors name the field, e.g. `calendar.weeklyHours.mon.1.start`.
 */
export function validateCalendar(input: CalendarInput, field = 'calendar'): TeamCalendar {
  const timeZone = input.timeZone ?? DEFAULT_CALENDAR.timeZone;
  if (!isTimeZone(timeZone)) {
    throw invalid(
      'invalid_time_zone',
      `${field}.timeZone must be an IANA time zone such as Europe/Berlin.`,
      `${field}.timeZone`,
    );
  }

  const given = input.weeklyHours;
  const weeklyHours = given
    ? (Object.fromEntries(WEEKDAYS.map((day) => [day, given[day] ?? []])) as Record<
        Weekday,
        readonly WorkingInterval[]
      >)
    : DEFAULT_CALENDAR.weeklyHours;
  for (const day of WEEKDAYS) checkDay(day, weeklyHours[day], field);

  const holidays = checkHolidays(input.holidays ?? [], field);

  return {
    timeZone,
    weeklyHours: Object.fromEntries(
      WEEKDAYS.map((day) => [day, weeklyHours[day].map(({ start, end }) => ({ start, end }))]),
    ) as Record<Weekday, WorkingInterval[]>,
    holidays,
  };
}

// ---------------------------------------------------------------------------------------
// Time zone offsets

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }

  return formatter;
}

/** How far the wall clock of `timeZone` is ahead of UTC at `ms`, in milliseconds. */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }

  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  const whole = Math.floor(ms / 1000) * 1000;

  return wall - whole;
}

// Offsets change at most a few times a year; sampling every 6 hours cannot miss one, and
// a binary search finds it to the second.
const SAMPLE_MS = 6 * 60 * MINUTE_MS;

function transitionIn(timeZone: string, from: number, to: number): number {
  const target = zoneOffsetMs(timeZone, to);
  let low = from;
  let high = to;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (middle <= low) break;
    if (zoneOffsetMs(timeZone, middle) === target) high = middle;
    else low = middle;
  }

  return high;
}

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly offset: number;
}

/** Splits [from, to) into pieces with one UTC offset each. */
function segmentsOf(timeZone: string, from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let start = from;
  let offset = zoneOffsetMs(timeZone, from);

  for (let probe = from; probe < to;) {
    const next = Math.min(probe + SAMPLE_MS, to);
    const nextOffset = zoneOffsetMs(timeZone, next);
    if (nextOffset !== offset) {
      const change = transitionIn(timeZone, probe, next);
      if (change > start) segments.push({ from: start, to: Math.min(change, to), offset });
      start = change;
      offset = nextOffset;
    }
    probe = next;
  }
  if (to > start) segments.push({ from: start, to, offset });

  return segments;
}

// ---------------------------------------------------------------------------------------
// Working time

interface LocalDay {
  readonly date: string;
  readonly weekday: Weekday;
}

function localDay(dayIndex: number): LocalDay {
  const date = new Date(dayIndex * DAY_MS);

  return { date: date.toISOString().slice(0, 10), weekday: WEEKDAYS[date.getUTCDay()]! };
}

function intervalsOn(calendar: TeamCalendar, day: LocalDay): readonly WorkingInterval[] {
  return calendar.holidays.includes(day.date) ? [] : calendar.weeklyHours[day.weekday];
}

function toMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('The instant is not a valid time.');

  return ms;
}

/** True when the calendar's team is at work at `instant`. */
export function isWorkingTime(calendar: TeamCalendar, instant: Instant): boolean {
  const ms = toMs(instant);
  const local = ms + zoneOffsetMs(calendar.timeZone, ms);
  const dayIndex = Math.floor(local / DAY_MS);
  const minute = (local - dayIndex * DAY_MS) / MINUTE_MS;

  return intervalsOn(calendar, localDay(dayIndex)).some(
    (interval) => parseClock(interval.start)! <= minute && minute < parseClock(interval.end)!,
  );
}

/** Working milliseconds in a piece of time that has one UTC offset. */
function workingMsIn(calendar: TeamCalendar, segment: Segment): number {
  const localFrom = segment.from + segment.offset;
  const localTo = segment.to + segment.offset;
  let total = 0;

  for (let day = Math.floor(localFrom / DAY_MS); day * DAY_MS < localTo; day++) {
    for (const interval of intervalsOn(calendar, localDay(day))) {
      const start = day * DAY_MS + parseClock(interval.start)! * MINUTE_MS;
      const end = day * DAY_MS + parseClock(interval.end)! * MINUTE_MS;
      total += Math.max(0, Math.min(end, localTo) - Math.max(start, localFrom));
    }
  }

  return total;
}

/**
 * Working minutes in [from, to): real elapsed minutes during which the team is at work.
 * Zero when `to` is not after `from`. Fractional when the instants are not whole minutes.
 */
export function workingMinutesBetween(calendar: TeamCalendar, from: Instant, to: Instant): number {
  const start = toMs(from);
  const end = toMs(to);
  if (end <= start) return 0;

  const ms = segmentsOf(calendar.timeZone, start, end).reduce(
    (sum, segment) => sum + workingMsIn(calendar, segment),
    0,
  );

  return ms / MINUTE_MS;
}
