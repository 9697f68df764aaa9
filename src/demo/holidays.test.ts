import { describe, expect, it } from 'vitest';

import { berlinHolidays, easterSunday, usFederalHolidays } from './holidays.js';

describe('holidays', () => {
  it('finds Easter Sunday', () => {
    expect(['2024', '2025', '2026', '2027'].map((y) => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
    ]);
  });

  it("lists Berlin's holidays of 2025", () => {
    expect(berlinHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-03-08',
      '2025-04-18',
      '2025-04-21',
      '2025-05-01',
      '2025-05-29',
      '2025-06-09',
      '2025-10-03',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('lists the US federal holidays of 2026, observed on weekdays', () => {
    expect(usFederalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('never lists a weekend day for the US', () => {
    for (let year = 2000; year < 2060; year++) {
      for (const date of usFederalHolidays(year))
        expect([0, 6]).not.toContain(new Date(date).getUTCDay());
    }
  });
});
