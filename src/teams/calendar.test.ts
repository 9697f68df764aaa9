import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AppError } from '../shared/app-error.js';
import {
  DEFAULT_CALENDAR,
  isIsoDate,
  isWorkingTime,
  validateCalendar,
  WEEKDAYS,
  workingMinutesBetween,
  zoneOffsetMs,
  type CalendarInput,
  type TeamCalendar,
  type Weekday,
  type WorkingInterval,
} from './calendar.js';

const at = (iso: string) => Date.parse(iso);
const allDay: readonly WorkingInterval[] = [{ start: '00:00', end: '24:00' }];

function calendar(input: CalendarInput): TeamCalendar {
  return validateCalendar(input);
}

function rejection(input: unknown): { code: string; field?: string } {
  try {
    validateCalendar(input as CalendarInput);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field };
    throw error;
  }

  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('validateCalendar', () => {
  it('fills in UTC, Monday to Friday 09:00–17:00 and no holidays', () => {
    expect(validateCalendar({})).toEqual(DEFAULT_CALENDAR);
  });

  it('treats weekdays left out of weeklyHours as days off and sorts holidays', () => {
    const result = validateCalendar({
      timeZone: 'Europe/Berlin',
      weeklyHours: {
        mon: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '24:00' },
        ],
      },
      holidays: ['2025-12-25', '2025-01-01'],
    });

    expect(result.weeklyHours.mon).toHaveLength(2);
    expect(result.weeklyHours.tue).toEqual([]);
    expect(result.holidays).toEqual(['2025-01-01', '2025-12-25']);
  });

  it('accepts touching intervals', () => {
    const hours = {
      wed: [
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '13:00' },
      ],
    };

    expect(validateCalendar({ weeklyHours: hours }).weeklyHours.wed).toHaveLength(2);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'invalid_time_zone', 'calendar.timeZone'],
    [{ timeZone: '' }, 'invalid_time_zone', 'calendar.timeZone'],
    [
      { weeklyHours: { mon: [{ start: '9:00', end: '17:00' }] } },
      'invalid_time',
      'calendar.weeklyHours.mon.0.start',
    ],
    [
      { weeklyHours: { mon: [{ start: '24:00', end: '24:00' }] } },
      'invalid_time',
      'calendar.weeklyHours.mon.0.start',
    ],
    [
      { weeklyHours: { tue: [{ start: '09:00', end: '24:01' }] } },
      'invalid_time',
      'calendar.weeklyHours.tue.0.end',
    ],
    [
      { weeklyHours: { tue: [{ start: '09:00', end: '25:00' }] } },
      'invalid_time',
      'calendar.weeklyHours.tue.0.end',
    ],
    [
      { weeklyHours: { fri: [{ start: '17:00', end: '09:00' }] } },
      'invalid_interval',
      'calendar.weeklyHours.fri.0.end',
    ],
    [
      { weeklyHours: { fri: [{ start: '09:00', end: '09:00' }] } },
      'invalid_interval',
      'calendar.weeklyHours.fri.0.end',
    ],
    [
      {
        weeklyHours: {
          sat: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      },
      'overlapping_intervals',
      'calendar.weeklyHours.sat.1.start',
    ],
    [
      {
        weeklyHours: {
          sun: [
            { start: '13:00', end: '14:00' },
            { start: '09:00', end: '12:00' },
          ],
        },
      },
      'overlapping_intervals',
      'calendar.weeklyHours.sun.1.start',
    ],
    [{ holidays: ['2023-02-29'] }, 'invalid_date', 'calendar.holidays.0'],
    [{ holidays: ['2025-1-01'] }, 'invalid_date', 'calendar.holidays.0'],
    [{ holidays: ['2024-02-29', '2024-02-29'] }, 'duplicate_holiday', 'calendar.holidays.1'],
  ])('rejects %j with %s naming %s', (input, code, field) => {
    expect(rejection(input)).toEqual({ code, field });
  });

  it('knows real dates from impossible ones', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
  });
});

describe('isWorkingTime', () => {
  const utc = DEFAULT_CALENDAR;

  it('follows the weekly hours, start inclusive and end exclusive', () => {
    expect(isWorkingTime(utc, at('2025-06-02T09:00:00Z'))).toBe(true); // a Monday
    expect(isWorkingTime(utc, at('2025-06-02T08:59:59.999Z'))).toBe(false);
    expect(isWorkingTime(utc, at('2025-06-02T16:59:59Z'))).toBe(true);
    expect(isWorkingTime(utc, at('2025-06-02T17:00:00Z'))).toBe(false);
    expect(isWorkingTime(utc, new Date('2025-06-07T12:00:00Z'))).toBe(false); // a Saturday
  });

  it('has no working time on a holiday', () => {
    const withHoliday = calendar({ holidays: ['2025-06-02'] });

    expect(isWorkingTime(withHoliday, at('2025-06-02T12:00:00Z'))).toBe(false);
    expect(isWorkingTime(withHoliday, at('2025-06-03T12:00:00Z'))).toBe(true);
  });

  it('reads the wall clock of the time zone, across a DST change in Berlin', () => {
    const berlin = calendar({ timeZone: 'Europe/Berlin' });

    // Winter (CET, UTC+1): 09:00 local is 08:00 UTC.
    expect(isWorkingTime(berlin, at('2024-03-29T07:30:00Z'))).toBe(false);
    expect(isWorkingTime(berlin, at('2024-03-29T08:00:00Z'))).toBe(true);
    // Summer (CEST, UTC+2) after 31 March: 09:00 local is 07:00 UTC.
    expect(isWorkingTime(berlin, at('2024-04-01T07:00:00Z'))).toBe(true);
    expect(isWorkingTime(berlin, at('2024-04-01T15:00:00Z'))).toBe(false);
  });

  it('takes holidays as local dates', () => {
    const tokyo = calendar({
      timeZone: 'Asia/Tokyo',
      weeklyHours: { mon: allDay, tue: allDay },
      holidays: ['2025-06-03'],
    });

    // 2025-06-02T16:00Z is already Tuesday 3 June, 01:00, in Tokyo.
    expect(isWorkingTime(tokyo, at('2025-06-02T14:59:00Z'))).toBe(true);
    expect(isWorkingTime(tokyo, at('2025-06-02T16:00:00Z'))).toBe(false);
  });
});

describe('workingMinutesBetween', () => {
  it('counts a UTC working week', () => {
    expect(
      workingMinutesBetween(
        DEFAULT_CALENDAR,
        at('2025-06-02T00:00:00Z'),
        at('2025-06-09T00:00:00Z'),
      ),
    ).toBe(5 * 480);
  });

  it('clips to the range and is zero for an empty or reversed range', () => {
    const from = at('2025-06-02T16:30:00Z');

    expect(workingMinutesBetween(DEFAULT_CALENDAR, from, at('2025-06-03T09:15:00Z'))).toBe(45);
    expect(workingMinutesBetween(DEFAULT_CALENDAR, from, from)).toBe(0);
    expect(workingMinutesBetween(DEFAULT_CALENDAR, at('2025-06-03T09:15:00Z'), from)).toBe(0);
    expect(workingMinutesBetween(DEFAULT_CALENDAR, from, from + 30_000)).toBe(0.5);
  });

  it('measures the short and the long day in Berlin', () => {
    const sundays = calendar({ timeZone: 'Europe/Berlin', weeklyHours: { sun: allDay } });
    const early = calendar({
      timeZone: 'Europe/Berlin',
      weeklyHours: { sun: [{ start: '01:00', end: '04:00' }] },
    });

    // 31 March 2024: clocks jump from 02:00 to 03:00. 27 October 2024: from 03:00 back to 02:00.
    expect(
      workingMinutesBetween(sundays, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z')),
    ).toBe(23 * 60);
    expect(
      workingMinutesBetween(sundays, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z')),
    ).toBe(25 * 60);
    expect(
      workingMinutesBetween(early, at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z')),
    ).toBe(2 * 60);
    expect(
      workingMinutesBetween(early, at('2024-10-26T00:00:00Z'), at('2024-10-28T00:00:00Z')),
    ).toBe(4 * 60);
  });

  it('keeps office hours at their wall-clock time across the DST change in New York', () => {
    const newYork = calendar({ timeZone: 'America/New_York' });

    // Friday 8 March 2024 (EST) and Monday 11 March 2024 (EDT): 8 hours each.
    expect(
      workingMinutesBetween(newYork, at('2024-03-08T00:00:00Z'), at('2024-03-12T00:00:00Z')),
    ).toBe(2 * 480);
    expect(isWorkingTime(newYork, at('2024-03-08T14:00:00Z'))).toBe(true); // 09:00 EST
    expect(isWorkingTime(newYork, at('2024-03-11T13:00:00Z'))).toBe(true); // 09:00 EDT
    expect(isWorkingTime(newYork, at('2024-03-11T21:00:00Z'))).toBe(false); // 17:00 EDT
    expect(isWorkingTime(newYork, at('2024-11-04T21:30:00Z'))).toBe(true); // 16:30 EST
  });

  it('finds the offsets the runtime knows', () => {
    expect(zoneOffsetMs('Europe/Berlin', at('2024-01-15T12:00:00Z'))).toBe(60 * 60_000);
    expect(zoneOffsetMs('America/New_York', at('2024-07-15T12:00:00Z'))).toBe(-4 * 60 * 60_000);
    expect(zoneOffsetMs('Asia/Kathmandu', at('2024-07-15T12:00:00.500Z'))).toBe(
      (5 * 60 + 45) * 60_000,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Properties. Everything lives on a 15-minute grid (interval bounds, range ends and every
// offset change of the zones below), so stepping by 15 minutes counts working time exactly.

const STEP_MS = 15 * 60_000;
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Sao_Paulo',
  'Pacific/Apia',
];
// Offset changes worth landing near: DST in Berlin and New York, Lord Howe's half hour, and
// the day Samoa skipped (30 December 2011).
const TRANSITIONS = [
  '2024-03-31T01:00:00Z',
  '2024-10-27T01:00:00Z',
  '2024-03-10T07:00:00Z',
  '2024-11-03T06:00:00Z',
  '2024-04-06T15:00:00Z',
  '2011-12-30T10:00:00Z',
].map(at);

const quarterText = (q: number) =>
  `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;

const dayHours = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const intervals: WorkingInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    intervals.push({ start: quarterText(sorted[i]!), end: quarterText(sorted[i + 1]!) });
  }

  return intervals;
});

const weeklyHours = fc.record(
  Object.fromEntries(WEEKDAYS.map((day) => [day, dayHours])) as Record<Weekday, typeof dayHours>,
);

const anyCalendar = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weeklyHours,
    holidays: fc.uniqueArray(
      fc
        .date({ min: new Date('2010-01-01'), max: new Date('2031-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { maxLength: 5 },
    ),
  })
  .map((input) => validateCalendar(input));

const gridInstant = fc.oneof(
  fc
    .integer({
      min: at('2010-01-01T00:00:00Z') / STEP_MS,
      max: at('2030-12-31T00:00:00Z') / STEP_MS,
    })
    .map((q) => q * STEP_MS),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -4 * 96, max: 4 * 96 }))
    .map(([t, q]) => t + q * STEP_MS),
);

const range = fc
  .tuple(gridInstant, fc.integer({ min: 0, max: 4 * 96 }))
  .map(([from, steps]) => [from, from + steps * STEP_MS] as const);

function countByStepping(cal: TeamCalendar, from: number, to: number): number {
  let minutes = 0;
  for (let t = from; t < to; t += STEP_MS) if (isWorkingTime(cal, t)) minutes += 15;

  return minutes;
}

describe('working time properties', () => {
  it('workingMinutesBetween measures exactly the instants isWorkingTime accepts', () => {
    fc.assert(
      fc.property(anyCalendar, range, (cal, [from, to]) => {
        expect(workingMinutesBetween(cal, from, to)).toBe(countByStepping(cal, from, to));
      }),
      { numRuns: 150 },
    );
  });

  it('is additive and bounded by elapsed time', () => {
    fc.assert(
      fc.property(
        anyCalendar,
        range,
        fc.integer({ min: 0, max: 1000 }),
        (cal, [from, to], split) => {
          const middle = from + Math.floor(((to - from) * split) / 1000);
          const whole = workingMinutesBetween(cal, from, to);

          expect(whole).toBeGreaterThanOrEqual(0);
          expect(whole).toBeLessThanOrEqual((to - from) / 60_000);
          expect(
            workingMinutesBetween(cal, from, middle) + workingMinutesBetween(cal, middle, to),
          ).toBeCloseTo(whole, 6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts a whole week as the sum of its days in a zone without DST', () => {
    fc.assert(
      fc.property(weeklyHours, fc.integer({ min: 0, max: 1000 }), (hours, week) => {
        const cal = validateCalendar({ timeZone: 'UTC', weeklyHours: hours });
        const monday = at('2001-01-01T00:00:00Z') + week * 7 * 24 * 3_600_000;
        const expected = WEEKDAYS.flatMap((day) => cal.weeklyHours[day]).reduce(
          (sum, { start, end }) => {
            const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

            return sum + minutes(end) - minutes(start);
          },
          0,
        );

        expect(workingMinutesBetween(cal, monday, monday + 7 * 24 * 3_600_000)).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('validation is idempotent and refuses with an AppError, never a crash', () => {
    fc.assert(
      fc.property(anyCalendar, (cal) => {
        expect(validateCalendar(cal)).toEqual(cal);
      }),
      { numRuns: 100 },
    );

    const interval = fc.record({
      start: fc.string({ maxLength: 6 }),
      end: fc.string({ maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        fc.record({
          timeZone: fc.oneof(fc.string(), fc.constantFrom(...ZONES)),
          weeklyHours: fc.record({ mon: fc.array(interval, { maxLength: 3 }) }),
          holidays: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
        }),
        (input) => {
          try {
            validateCalendar(input);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).field).toMatch(/^calendar\./);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
