/**
 * Public holidays for the demo teams' calendars, computed for any year. Pure. Germany's
 * nationwide holidays plus Berlin's International Women's Day; the United States' federal
 * holidays (observed on the nearest weekday when they fall on a weekend).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;

  return iso(year, month, day);
}

/** The `nth` weekday (0 = Sunday) of a month; `nth` = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): string {
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const day = 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7;

    return iso(year, month, day);
  }

  const lastDay = new Date(Date.UTC(year, month, 0));
  const back = (lastDay.getUTCDay() - weekday + 7) % 7;

  return iso(year, month, lastDay.getUTCDate() - back);
}

/** Saturday holidays are observed on Friday, Sunday ones on Monday (US federal rule). */
function observed(date: string): string {
  const weekday = new Date(date).getUTCDay();
  if (weekday === 6) return shift(date, -1);
  if (weekday === 0) return shift(date, 1);

  return date;
}

export function berlinHolidays(year: number): string[] {
  const easter = easterSunday(year);

  return [
    iso(year, 1, 1),
    iso(year, 3, 8),
    shift(easter, -2),
    shift(easter, 1),
    iso(year, 5, 1),
    shift(easter, 39),
    shift(easter, 50),
    iso(year, 10, 3),
    iso(year, 12, 25),
    iso(year, 12, 26),
  ].sort();
}

export function usFederalHolidays(year: number): string[] {
  return [
    observed(iso(year, 1, 1)),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    nthWeekday(year, 5, 1, -1),
    observed(iso(year, 6, 19)),
    observed(iso(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 10, 1, 2),
    observed(iso(year, 11, 11)),
    nthWeekday(year, 11, 4, 4),
    observed(iso(year, 12, 25)),
  ].sort();
}
