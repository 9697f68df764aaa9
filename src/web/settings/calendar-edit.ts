/**
 * Editing a team's working-hours calendar, as pure functions over the calendar value. The
 * server has the last word; these catch the obvious slips before a round trip.
 */
import { WEEKDAYS, type TeamCalendar, type TimeRange, type Weekday } from '../api/types.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An end may also be 24:00, the end of the day. */
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const DEFAULT_RANGE: TimeRange = { start: '09:00', end: '17:00' };

export function emptyWeek(): Record<Weekday, TimeRange[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** Copes with a calendar whose week lacks days: they are days without hours. */
export function normalizeCalendar(calendar: TeamCalendar): TeamCalendar {
  const weeklyHours = emptyWeek();
  for (const day of WEEKDAYS) weeklyHours[day] = [...(calendar.weeklyHours[day] ?? [])];

  return { timeZone: calendar.timeZone, weeklyHours, holidays: [...calendar.holidays].sort() };
}

export function setRange(
  calendar: TeamCalendar,
  day: Weekday,
  index: number,
  range: TimeRange,
): TeamCalendar {
  const ranges = calendar.weeklyHours[day].map((r, i) => (i === index ? range : r));

  return { ...calendar, weeklyHours: { ...calendar.weeklyHours, [day]: ranges } };
}

/** A new range after the day's last one, or the usual office hours on an empty day. */
export function addRange(calendar: TeamCalendar, day: Weekday): TeamCalendar {
  const ranges = calendar.weeklyHours[day];
  const last = ranges.at(-1);
  const next = last && last.end < '23:00' ? { start: last.end, end: '24:00' } : DEFAULT_RANGE;

  return { ...calendar, weeklyHours: { ...calendar.weeklyHours, [day]: [...ranges, next] } };
}

export function removeRange(calendar: TeamCalendar, day: Weekday, index: number): TeamCalendar {
  const ranges = calendar.weeklyHours[day].filter((_, i) => i !== index);

  return { ...calendar, weeklyHours: { ...calendar.weeklyHours, [day]: ranges } };
}

export function addHoliday(calendar: TeamCalendar, date: string): TeamCalendar {
  if (!DATE.test(date) || calendar.holidays.includes(date)) return calendar;

  return { ...calendar, holidays: [...calendar.holidays, date].sort() };
}

export function removeHoliday(calendar: TeamCalendar, date: string): TeamCalendar {
  return { ...calendar, holidays: calendar.holidays.filter((d) => d !== date) };
}

export interface CalendarIssue {
  /** The field path the server would name, e.g. `calendar.weeklyHours.mon.0.end`. */
  readonly field: string;
  readonly message: string;
}

function rangeIssues(day: Weekday, ranges: readonly TimeRange[]): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  ranges.forEach((range, index) => {
    const field = `calendar.weeklyHours.${day}.${index}`;
    if (!TIME.test(range.start)) issues.push({ field: `${field}.start`, message: 'Use HH:MM.' });
    else if (!END.test(range.end)) issues.push({ field: `${field}.end`, message: 'Use HH:MM.' });
    else if (range.end <= range.start) {
      issues.push({ field: `${field}.end`, message: 'Ends before it starts.' });
    } else {
      const previous = ranges[index - 1];
      if (previous && range.start < previous.end) {
        issues.push({ field: `${field}.start`, message: 'Overlaps the range before.' });
      }
    }
  });

  return issues;
}

/** What is wrong with `calendar`, by field; empty when it may be saved. */
export function calendarIssues(calendar: TeamCalendar): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  if (!calendar.timeZone) issues.push({ field: 'calendar.timeZone', message: 'Pick a time zone.' });
  for (const day of WEEKDAYS) issues.push(...rangeIssues(day, calendar.weeklyHours[day]));

  return issues;
}

/** Working minutes in a week, for a one-line summary of the calendar. */
export function weeklyMinutes(calendar: TeamCalendar): number {
  let total = 0;
  for (const day of WEEKDAYS) {
    for (const range of calendar.weeklyHours[day])
      total += minutesOf(range.end) - minutesOf(range.start);
  }

  return total;
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);

  return hours * 60 + minutes;
}
