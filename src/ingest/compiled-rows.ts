import type { Slot } from '../store/compiled-query.js';

/**
 * Helpers for the hot statements of ingest, identity and scoring that run through
 * `runCompiled` (built once per shape): a shape is a statement with a given number of rows or
 * list values, and these turn rows and lists into slots and back into arguments.
 */

/** `count` slots from `first` on, for an `in (...)` list. */
export function slotList(slot: Slot, first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => slot(first + i));
}

/** `count` rows of slots, one slot per column (row by row), for a multi-row insert. */
export function slotRows<Row>(
  slot: Slot,
  columns: readonly (keyof Row & string)[],
  count: number,
  first = 0,
): Row[] {
  return Array.from(
    { length: count },
    (_, r) =>
      Object.fromEntries(
        columns.map((column, c) => [column, slot(first + r * columns.length + c)]),
      ) as Row,
  );
}

/** The arguments of `rows` in the order `slotRows` gave their slots. */
export function rowArgs<Row>(
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): unknown[] {
  const args: unknown[] = [];
  for (const row of rows) for (const column of columns) args.push(row[column]);

  return args;
}
