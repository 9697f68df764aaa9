import { normalizeDomain } from '../companies/domain.js';
import { AppError } from '../shared/app-error.js';
import { validateEmail } from '../users/user.validation.js';

/**
 * Segment traits split into what Baton keeps in columns and what stays free-form. Pure.
 * A person's common traits (email, first and last name, title, phone) become columns; a
 * group's (name, industry, employees, website) become the company's. The rest is kept as
 * traits JSON, where newer values win over older ones.
 */
export interface PersonFields {
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly title?: string;
  readonly phone?: string;
}

export interface ProfileTraits {
  readonly fields: PersonFields;
  readonly rest: Record<string, unknown>;
}

export interface CompanyFields {
  readonly name?: string;
  readonly industry?: string;
  readonly employees?: number;
  readonly domain?: string;
}

export interface CompanyTraits {
  readonly fields: CompanyFields;
  readonly rest: Record<string, unknown>;
}

export interface TraitProblem {
  readonly code: 'wrong_type' | 'too_long' | 'invalid_email';
  readonly field: string;
  readonly message: string;
}

export type TraitsResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: TraitProblem };

const PERSON_KEYS = new Set([
  'email',
  'firstName',
  'first_name',
  'lastName',
  'last_name',
  'name',
  'title',
  'phone',
]);
const COMPANY_KEYS = new Set(['name', 'industry']);
const MAX_NAME = 200;
const MAX_PHONE = 50;
const MAX_EMPLOYEES = 2_147_483_647;

class TraitError extends Error {
  constructor(readonly problem: TraitProblem) {
    super(problem.message);
  }
}

function fail(code: TraitProblem['code'], field: string, message: string): never {
  throw new TraitError({ code, field, message });
}

/** A text trait: absent when missing, null or blank; numbers are taken as text (phones). */
function text(
  traits: Record<string, unknown>,
  key: string,
  max: number,
  prefix: string,
): string | undefined {
  const value = traits[key];
  if (value === undefined || value === null) return undefined;

  const field = `${prefix}.${key}`;
  if (typeof value !== 'string' && typeof value !== 'number')
    fail('wrong_type', field, `${field} must be a string.`);

  const trimmed = String(value).trim();
  if (trimmed.length > max) fail('too_long', field, `${field} must be at most ${max} characters.`);

  return trimmed === '' ? undefined : trimmed;
}

function emailOf(traits: Record<string, unknown>, prefix: string): string | undefined {
  const value = text(traits, 'email', 254, prefix);
  if (value === undefined) return undefined;

  try {
    return validateEmail(value, `${prefix}.email`);
  } catch (error) {
    if (error instanceof AppError) fail('invalid_email', `${prefix}.email`, error.message);
    throw error;
  }
}

/** "Ada King Lovelace" → first "Ada", last "King Lovelace"; one word is a first name. */
export function splitName(name: string): { firstName?: string; lastName?: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { firstName: words[0]! };

  return { firstName: words[0]!, lastName: words.slice(1).join(' ') };
}

function withoutKeys(
  traits: Record<string, unknown>,
  keys: ReadonlySet<string>,
): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(traits)) {
    if (!keys.has(key)) rest[key] = value;
  }

  return rest;
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function capture<T>(build: () => T): TraitsResult<T> {
  try {
    return { ok: true, value: build() };
  } catch (error) {
    if (error instanceof TraitError) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** A person's traits from an identify call; `prefix` names them in errors (`traits`). */
export function personTraits(
  traits: Record<string, unknown>,
  prefix = 'traits',
): TraitsResult<ProfileTraits> {
  return capture(() => {
    const split = splitName(text(traits, 'name', MAX_NAME * 2, prefix) ?? '');
    const fields: PersonFields = {
      email: emailOf(traits, prefix),
      firstName:
        text(traits, 'firstName', MAX_NAME, prefix) ??
        text(traits, 'first_name', MAX_NAME, prefix) ??
        split.firstName,
      lastName:
        text(traits, 'lastName', MAX_NAME, prefix) ??
        text(traits, 'last_name', MAX_NAME, prefix) ??
        split.lastName,
      title: text(traits, 'title', MAX_NAME, prefix),
      phone: text(traits, 'phone', MAX_PHONE, prefix),
    };
    if ((fields.firstName?.length ?? 0) > MAX_NAME)
      fail('too_long', `${prefix}.name`, `${prefix}.name is too long.`);
    if ((fields.lastName?.length ?? 0) > MAX_NAME)
      fail('too_long', `${prefix}.name`, `${prefix}.name is too long.`);

    return { fields: definedOnly(fields), rest: withoutKeys(traits, PERSON_KEYS) };
  });
}

/** The host of a website trait (`https://www.acme.com/about` → `acme.com`), if it has one. */
export function domainOfWebsite(website: string): string | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`;
  try {
    const host = new URL(candidate).hostname.replace(/^www\./, '');

    return normalizeDomain(host);
  } catch {
    return undefined;
  }
}

function employeesOf(traits: Record<string, unknown>): number | undefined {
  const value = traits.employees;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (
    typeof number !== 'number' ||
    !Number.isInteger(number) ||
    number < 0 ||
    number > MAX_EMPLOYEES
  )
    return undefined;

  return number;
}

/**
 * A company's traits from a group call. A website or employee count Baton cannot read is not
 * an error: it stays in the traits as sent, and the column stays as it was.
 */
export function companyTraits(
  traits: Record<string, unknown>,
  prefix = 'traits',
): TraitsResult<CompanyTraits> {
  return capture(() => {
    const website =
      typeof traits.website === 'string' ? domainOfWebsite(traits.website) : undefined;
    const domain = typeof traits.domain === 'string' ? domainOfWebsite(traits.domain) : undefined;
    const employees = employeesOf(traits);
    const fields: CompanyFields = {
      name: text(traits, 'name', MAX_NAME, prefix),
      industry: text(traits, 'industry', MAX_NAME, prefix),
      employees,
      domain: domain ?? website,
    };
    // The website stays as sent (a full URL says more than the domain); what became a column goes.
    const rest = withoutKeys(traits, COMPANY_KEYS);
    if (employees !== undefined) delete rest.employees;
    if (domain !== undefined) delete rest.domain;

    return { fields: definedOnly(fields), rest };
  });
}

/** The domain of an e-mail address: `ada@Acme.com` → `acme.com`. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** A company name guessed from its domain: `acme-labs.co.uk` → `Acme-labs`. */
export function nameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;

  return label.charAt(0).toUpperCase() + label.slice(1);
}
