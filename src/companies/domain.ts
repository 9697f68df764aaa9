import { invalid } from '../shared/app-error.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A company's web domain as a lower-cased host name: `Example.COM` → `example.com`. A pasted
 * URL (`https://www.example.com/about`) is not guessed at; it is refused, naming the field.
 */
export function normalizeDomain(value: string, field = 'domain'): string {
  const domain = value.trim().toLowerCase().replace(/\.$/, '');
  const labels = domain.split('.');
  const valid =
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1]!);
  if (!valid) {
    throw invalid('invalid_domain', `${field} must be a host name such as example.com.`, field);
  }

  return domain;
}

/** ISO 3166-1 alpha-2 country codes are two letters; stored upper case. */
export function normalizeCountry(value: string, field = 'country'): string {
  const country = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) {
    throw invalid(
      'invalid_country',
      `${field} must be a two-letter ISO 3166 country code such as DE.`,
      field,
    );
  }

  return country;
}
