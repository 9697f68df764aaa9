import { sql, type Expression, type SqlBool } from 'kysely';

import type { Cursor, SortDirection } from '../shared/pagination.js';

/**
 * The rows after `cursor` in a list ordered by `expr` then `idColumn` (e.g. `people.id`):
 * keyset pagination, the same for every list of the API.
 */
export function afterCursor(
  expr: Expression<string | number>,
  idColumn: string,
  cursor: Cursor,
  direction: SortDirection,
): Expression<SqlBool> {
  const op = sql.raw(direction === 'desc' ? '<' : '>');
  const id = sql.ref(idColumn);

  return sql<SqlBool>`(${expr} ${op} ${cursor.value} or (${expr} = ${cursor.value} and ${id} ${op} ${cursor.id}))`;
}
