import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  apiParams,
  DEFAULT_SORT,
  parseSort,
  readListState,
  SORT_FIELDS,
  toggleSort,
  withFilter,
  writeListState,
  type PeopleListState,
} from '../../src/web/people/list-state.js';

const text = fc.string({ maxLength: 30 }).map((s) => s.trim());
const state: fc.Arbitrary<PeopleListState> = fc.record({
  q: text,
  stage: text,
  ownerId: text,
  companyId: text,
  sort: fc.record({
    field: fc.constantFrom(...SORT_FIELDS),
    direction: fc.constantFrom('asc' as const, 'desc' as const),
  }),
  cursor: text,
});

describe('people list state in the URL', () => {
  it('reads back what it wrote, for any state', () => {
    fc.assert(
      fc.property(state, (s) => {
        const url = new URLSearchParams(writeListState(s).toString());

        expect(readListState(url)).toEqual(s);
      }),
    );
  });

  it('leaves defaults out of the URL', () => {
    const plain = readListState(new URLSearchParams());

    expect(plain).toEqual({
      q: '',
      stage: '',
      ownerId: '',
      companyId: '',
      sort: DEFAULT_SORT,
      cursor: '',
    });
    expect(writeListState(plain).toString()).toBe('');
  });

  it('falls back to the default sort for anything it does not know', () => {
    expect(parseSort('-email')).toEqual({ field: 'email', direction: 'desc' });
    expect(parseSort('last_name')).toEqual({ field: 'last_name', direction: 'asc' });
    expect(parseSort('password')).toEqual(DEFAULT_SORT);
    expect(parseSort('--email')).toEqual(DEFAULT_SORT);
  });

  it('starts at the first page when a filter or the sort changes', () => {
    fc.assert(
      fc.property(state, text, fc.constantFrom(...SORT_FIELDS), (s, value, field) => {
        expect(withFilter(s, 'q', value).cursor).toBe('');
        expect(toggleSort(s, field).cursor).toBe('');
      }),
    );
  });

  it('sorts a new column ascending and flips the current one', () => {
    const s = readListState(new URLSearchParams('sort=email'));

    expect(toggleSort(s, 'email').sort).toEqual({ field: 'email', direction: 'desc' });
    expect(toggleSort(toggleSort(s, 'email'), 'email').sort).toEqual({
      field: 'email',
      direction: 'asc',
    });
    expect(toggleSort(s, 'created_at').sort).toEqual({ field: 'created_at', direction: 'asc' });
  });

  it('asks the API for one page with only the filters that are set', () => {
    const s = readListState(new URLSearchParams('q=ada&stage=mql&sort=-updated_at&cursor=abc'));

    expect(apiParams(s)).toEqual({
      limit: 50,
      sort: '-updated_at',
      q: 'ada',
      stage: 'mql',
      cursor: 'abc',
    });
  });
});
