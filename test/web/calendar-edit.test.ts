import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { WEEKDAYS, type TeamCalendar } from '../../src/web/api/types.js';
import {
  addHoliday,
  addRange,
  calendarIssues,
  emptyWeek,
  normalizeCalendar,
  removeHoliday,
  removeRange,
  setRange,
  weeklyMinutes,
} from '../../src/web/settings/calendar-edit.js';

function officeWeek(): TeamCalendar {
  const weeklyHours = emptyWeek();
  for (const day of WEEKDAYS.slice(0, 5)) weeklyHours[day] = [{ start: '09:00', end: '17:00' }];

  return { timeZone: 'Europe/Berlin', weeklyHours, holidays: [] };
}

describe('team calendar editing', () => {
  it('counts the working minutes of a week', () => {
    expect(weeklyMinutes(officeWeek())).toBe(5 * 8 * 60);
  });

  it('accepts an office week and names the field of each slip', () => {
    expect(calendarIssues(officeWeek())).toEqual([]);

    const backwards = setRange(officeWeek(), 'tue', 0, { start: '17:00', end: '09:00' });
    expect(calendarIssues(backwards)).toEqual([
      { field: 'calendar.weeklyHours.tue.0.end', message: 'Ends before it starts.' },
    ]);

    const garbled = setRange(officeWeek(), 'mon', 0, { start: '9', end: '17:00' });
    expect(calendarIssues(garbled)[0]?.field).toBe('calendar.weeklyHours.mon.0.start');

    const overlapping = setRange(addRange(officeWeek(), 'wed'), 'wed', 1, {
      start: '16:00',
      end: '18:00',
    });
    expect(calendarIssues(overlapping)).toEqual([
      { field: 'calendar.weeklyHours.wed.1.start', message: 'Overlaps the range before.' },
    ]);

    expect(calendarIssues({ ...officeWeek(), timeZone: '' })[0]?.field).toBe('calendar.timeZone');
  });

  it('adds a valid range after the last one and removes it again', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEEKDAYS), (day) => {
        const added = addRange(officeWeek(), day);

        expect(calendarIssues(added)).toEqual([]);
        expect(added.weeklyHours[day]).toHaveLength(officeWeek().weeklyHours[day].length + 1);
        expect(removeRange(added, day, added.weeklyHours[day].length - 1)).toEqual(officeWeek());
      }),
    );
  });

  it('keeps holidays sorted, unique and well-formed', () => {
    const dates = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));

    fc.assert(
      fc.property(fc.array(dates, { maxLength: 20 }), (days) => {
        const calendar = days.reduce(addHoliday, officeWeek());

        expect(calendar.holidays).toEqual([...new Set(days)].sort());
        expect(days.reduce(removeHoliday, calendar).holidays).toEqual([]);
      }),
    );
    expect(addHoliday(officeWeek(), 'next friday').holidays).toEqual([]);
  });

  it('fills in missing weekdays of a calendar from the server', () => {
    const partial = {
      timeZone: 'UTC',
      weeklyHours: { mon: [{ start: '08:00', end: '12:00' }] },
      holidays: ['2026-01-02', '2026-01-01'],
    } as unknown as TeamCalendar;
    const normal = normalizeCalendar(partial);

    expect(Object.keys(normal.weeklyHours)).toEqual([...WEEKDAYS]);
    expect(normal.holidays).toEqual(['2026-01-01', '2026-01-02']);
  });
});
