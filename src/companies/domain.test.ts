import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AppError } from '../shared/app-error.js';
import { normalizeCountry, normalizeDomain } from './domain.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}:${error.field}`;
    throw error;
  }

  return undefined;
}

describe('normalizeDomain', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['  shop.example.co.uk ', 'shop.example.co.uk'],
    ['example.com.', 'example.com'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['a-b.io', 'a-b.io'],
  ])('turns %j into %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each([
    'https://example.com',
    'example.com/about',
    'localhost',
    'example..com',
    '-example.com',
    'example-.com',
    'exa mple.com',
    '127.0.0.1',
    'user@example.com',
    `${'a'.repeat(64)}.com`,
    '',
  ])('refuses %j, naming the field', (input) => {
    expect(codeOf(() => normalizeDomain(input, 'domain'))).toBe('invalid_domain:domain');
  });

  it('is idempotent and lower-cases whatever it accepts', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('com', 'de', 'io', 'example'),
        (labels, tld) => {
          const domain = normalizeDomain([...labels, tld].join('.'));

          expect(domain).toBe(domain.toLowerCase());
          expect(normalizeDomain(domain)).toBe(domain);
        },
      ),
    );
  });

  it('never throws anything but an AppError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (input) => {
        const code = codeOf(() => normalizeDomain(input));
        expect(code === undefined || code === 'invalid_domain:domain').toBe(true);
      }),
    );
  });
});

describe('normalizeCountry', () => {
  it('upper-cases two-letter codes and refuses anything else', () => {
    expect(normalizeCountry(' de ')).toBe('DE');
    expect(codeOf(() => normalizeCountry('DEU'))).toBe('invalid_country:country');
    expect(codeOf(() => normalizeCountry('D1'))).toBe('invalid_country:country');
  });
});
