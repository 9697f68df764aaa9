import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  companyTraits,
  domainOfWebsite,
  emailDomain,
  nameFromDomain,
  personTraits,
  splitName,
} from './profile-traits.js';

describe('personTraits', () => {
  it('puts the common traits in columns and keeps the rest', () => {
    const result = personTraits({
      email: ' Ada@Example.COM ',
      first_name: 'Ada',
      lastName: 'Lovelace',
      title: 'Countess',
      phone: 4420,
      plan: 'pro',
    });

    expect(result).toEqual({
      ok: true,
      value: {
        fields: {
          email: 'ada@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
          title: 'Countess',
          phone: '4420',
        },
        rest: { plan: 'pro' },
      },
    });
  });

  it('splits a name when first and last names are not given, and prefers them when they are', () => {
    expect(personTraits({ name: 'Grace Brewster Hopper' })).toMatchObject({
      value: { fields: { firstName: 'Grace', lastName: 'Brewster Hopper' } },
    });
    expect(personTraits({ name: 'Grace Hopper', firstName: 'Amazing' })).toMatchObject({
      value: { fields: { firstName: 'Amazing', lastName: 'Hopper' } },
    });
    expect(splitName('  Cher ')).toEqual({ firstName: 'Cher' });
    expect(splitName('')).toEqual({});
  });

  it('takes null and blank values as absent', () => {
    expect(personTraits({ email: null, firstName: '  ', title: '' })).toEqual({
      ok: true,
      value: { fields: {}, rest: {} },
    });
  });

  it('names the field and the reason for a bad common trait', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ email: 'nope' }, 'invalid_email', 'traits.email'],
      [{ email: 5 }, 'invalid_email', 'traits.email'],
      [{ email: ['a@b.co'] }, 'wrong_type', 'traits.email'],
      [{ firstName: { a: 1 } }, 'wrong_type', 'traits.firstName'],
      [{ title: 'x'.repeat(201) }, 'too_long', 'traits.title'],
      [{ name: `${'x'.repeat(250)} y` }, 'too_long', 'traits.name'],
    ];
    for (const [traits, code, field] of cases) {
      expect(personTraits(traits), JSON.stringify(traits).slice(0, 40)).toMatchObject({
        ok: false,
        problem: { code, field },
      });
    }
  });

  it('answers any traits with fields or a named problem, never a crash', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('email', 'name', 'firstName', 'last_name', 'title', 'phone', 'x'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        (traits) => {
          const result = personTraits(traits);

          return result.ok
            ? !('email' in result.value.rest)
            : result.problem.field.startsWith('traits.');
        },
      ),
    );
  });
});

describe('companyTraits', () => {
  it('reads name, industry, employees and the domain of a website', () => {
    const result = companyTraits({
      name: 'Initech',
      industry: 'Software',
      employees: '250',
      website: 'https://www.initech.example/about',
      plan: 'gold',
    });

    expect(result).toEqual({
      ok: true,
      value: {
        fields: {
          name: 'Initech',
          industry: 'Software',
          employees: 250,
          domain: 'initech.example',
        },
        rest: { website: 'https://www.initech.example/about', plan: 'gold' },
      },
    });
  });

  it('keeps what it cannot read in the traits instead of refusing it', () => {
    const result = companyTraits({ employees: 'lots', website: 'not a site', domain: '???' });

    expect(result).toEqual({
      ok: true,
      value: { fields: {}, rest: { employees: 'lots', website: 'not a site', domain: '???' } },
    });
    expect(companyTraits({ employees: 1e12 })).toMatchObject({
      value: { fields: {}, rest: { employees: 1e12 } },
    });
  });
});

describe('domains', () => {
  it('reads hosts, e-mail domains and names', () => {
    expect(domainOfWebsite('acme.com')).toBe('acme.com');
    expect(domainOfWebsite('http://WWW.Acme.co.uk:8080/x')).toBe('acme.co.uk');
    expect(domainOfWebsite('localhost')).toBeUndefined();
    expect(emailDomain('ada@Acme.com')).toBe('acme.com');
    expect(nameFromDomain('acme-labs.co.uk')).toBe('Acme-labs');
  });
});
