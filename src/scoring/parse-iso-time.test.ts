import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseIsoTime } from './event-scan.repository.js';

describe('parseIsoTime', () => {
  it('reads every ISO instant as Date.parse does', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(-62e12), max: new Date(253e12), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString();
          expect(parseIsoTime(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves whatever else to Date.parse, out-of-range fields included', () => {
    const shaped = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([y, mo, d, h, mi, s, ms]) => {
        const pad = (n: number, w: number) => String(n).padStart(w, '0');

        return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
      });
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string({ maxLength: 30 })), (text) => {
        expect(parseIsoTime(text)).toStrictEqual(Date.parse(text));
      }),
      { numRuns: 3000 },
    );
  });
});
