/**
 * The people list's state as it lives in the URL: filters, sort and the page's cursor. Pure, so
 * that links, reloads and the back button all land on the same page.
 */

export const SORT_FIELDS = ['created_at', 'updated_at', 'email', 'last_name'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export interface Sort {
  readonly field: SortField;
  readonly direction: SortDirection;
}

export interface PeopleListState {
  readonly q: string;
  readonly stage: string;
  readonly ownerId: string;
  readonly companyId: string;
  readonly sort: Sort;
  /** Where this page starts; empty for the first page. */
  readonly cursor: string;
}

export const DEFAULT_SORT: Sort = { field: 'created_at', direction: 'desc' };
export const PAGE_SIZE = 50;

const FILTERS = ['q', 'stage', 'ownerId', 'companyId'] as const;
type Filter = (typeof FILTERS)[number];

function isSortField(text: string): text is SortField {
  return (SORT_FIELDS as readonly string[]).includes(text);
}

/** `-email` → email descending; anything unknown → the default sort. */
export function parseSort(text: string | null): Sort {
  if (!text) return DEFAULT_SORT;

  const direction: SortDirection = text.startsWith('-') ? 'desc' : 'asc';
  const field = text.replace(/^-/, '');

  return isSortField(field) ? { field, direction } : DEFAULT_SORT;
}

export function formatSort(sort: Sort): string {
  return sort.direction === 'desc' ? `-${sort.field}` : sort.field;
}

export function readListState(params: URLSearchParams): PeopleListState {
  const text = (name: string) => params.get(name)?.trim() ?? '';

  return {
    q: text('q'),
    stage: text('stage'),
    ownerId: text('ownerId'),
    companyId: text('companyId'),
    sort: parseSort(params.get('sort')),
    cursor: text('cursor'),
  };
}

/** The URL's query for `state`; defaults are left out so that plain links stay plain. */
export function writeListState(state: PeopleListState): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    if (state[name]) params.set(name, state[name]);
  }
  const sort = formatSort(state.sort);
  if (sort !== formatSort(DEFAULT_SORT)) params.set('sort', sort);
  if (state.cursor) params.set('cursor', state.cursor);

  return params;
}

/** A changed filter starts again at the first page. */
export function withFilter(state: PeopleListState, name: Filter, value: string): PeopleListState {
  return { ...state, [name]: value.trim(), cursor: '' };
}

/** Clicking a column: sort by it ascending, or flip the direction if it is already the sort. */
export function toggleSort(state: PeopleListState, field: SortField): PeopleListState {
  const direction: SortDirection =
    state.sort.field === field && state.sort.direction === 'asc' ? 'desc' : 'asc';

  return { ...state, sort: { field, direction }, cursor: '' };
}

/** The query parameters of `GET /api/v1/people` for `state`. */
export function apiParams(state: PeopleListState): Record<string, string | number> {
  const params: Record<string, string | number> = {
    limit: PAGE_SIZE,
    sort: formatSort(state.sort),
  };
  for (const name of FILTERS) {
    if (state[name]) params[name] = state[name];
  }
  if (state.cursor) params.cursor = state.cursor;

  return params;
}

export function hasFilters(state: PeopleListState): boolean {
  return FILTERS.some((name) => state[name] !== '');
}
