import { invalid } from './app-error.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export type SortDirection = 'asc' | 'desc';

/** Where the previous page stopped: the sort value and id of its last row. */
export interface Cursor {
  readonly value: string | number | null;
  readonly id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const value = parsed[0] as unknown;
      if (value === null || typeof value === 'string' || typeof value === 'number') {
        return { value, id: parsed[1] };
      }
    }
  } catch {
    // fall through to the error below
  }

  throw invalid('invalid_cursor', 'cursor is not one this API gave out.', 'cursor');
}

/** Parses `sort=-created_at` style parameters against the fields a list allows. */
export function parseSort<F extends string>(
  text: string | undefined,
  allowed: readonly F[],
  fallback: F,
): { field: F; direction: SortDirection } {
  if (!text) return { field: fallback, direction: 'desc' };

  const direction: SortDirection = text.startsWith('-') ? 'desc' : 'asc';
  const field = text.replace(/^[-+]/, '');
  if (!(allowed as readonly string[]).includes(field)) {
    throw invalid(
      'invalid_sort',
      `sort must be one of ${allowed.join(', ')}, optionally with a leading -.`,
      'sort',
    );
  }

  return { field: field as F, direction };
}

/** Page of rows plus the cursor for the next one, taking `limit + 1` rows to know. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => Cursor,
): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];

  return { data, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}

export type CursorValueKind = 'time' | 'text' | 'number';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * Checks that a cursor's sort value has the type its sort column needs; a cursor from another
 * sort (or a forged one) would otherwise reach PostgreSQL as a comparison it cannot make.
 */
export function expectCursorValue(cursor: Cursor, kind: CursorValueKind): Cursor {
  const ok =
    kind === 'number'
      ? typeof cursor.value === 'number' && Number.isFinite(cursor.value)
      : kind === 'time'
        ? typeof cursor.value === 'string' &&
          ISO_TIME.test(cursor.value) &&
          Number.isFinite(Date.parse(cursor.value))
        : typeof cursor.value === 'string';
  if (!ok)
    throw invalid('invalid_cursor', 'cursor does not belong to this list and sort.', 'cursor');

  return cursor;
}

/** A date-time filter as the stores compare it: UTC ISO with milliseconds. */
export function timeFilter(value: string, field: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw invalid('invalid_format', `${field} must be a valid date-time.`, field);

  return new Date(ms).toISOString();
}
