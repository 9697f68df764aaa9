import type { Compilable, CompiledQuery, Kysely, Transaction } from 'kysely';

import type { Database } from './schema.js';
import { readDirectly } from './sqlite-direct-read.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stands for the i-th argument while a query is built once; never reaches the store. */
export type Slot = (index: number) => string;

interface Template {
  readonly compiled: CompiledQuery;
  readonly isSelect: boolean;
  /** For each parameter: the argument it comes from, or the constant the builder put there. */
  readonly sources: readonly ({ arg: number } | { value: unknown })[];
}

const SLOT_MARK = '\u0000baton-slot:';

function slot(index: number): string {
  return `${SLOT_MARK}${index}`;
}

function sourceOf(parameter: unknown): Template['sources'][number] {
  if (typeof parameter === 'string' && parameter.startsWith(SLOT_MARK)) {
    return { arg: Number(parameter.slice(SLOT_MARK.length)) };
  }

  return { value: parameter };
}

// SQL texts that PostgreSQL connections prepare once as named statements (see `database.ts`):
// the templates' texts, so the set is as small as the number of query shapes.
const namedStatements = new Map<string, string>();

/** The statement name under which a PostgreSQL connection keeps `sql` prepared, if it does. */
export function statementName(sql: string): string | undefined {
  return namedStatements.get(sql);
}

// Templates per dialect adapter (a transaction shares its database's adapter), then per key.
const templates = new WeakMap<object, Map<string, Template>>();

function templateFor(db: Db, key: string, build: (slot: Slot) => Compilable<unknown>): Template {
  const adapter = db.getExecutor().adapter;
  let byKey = templates.get(adapter);
  if (!byKey) {
    byKey = new Map();
    templates.set(adapter, byKey);
  }

  let template = byKey.get(key);
  if (!template) {
    const compiled = build(slot).compile();
    template = {
      compiled,
      isSelect: compiled.query.kind === 'SelectQueryNode',
      sources: compiled.parameters.map(sourceOf),
    };
    byKey.set(key, template);
    if (!namedStatements.has(compiled.sql)) {
      namedStatements.set(compiled.sql, `baton_${namedStatements.size + 1}`);
    }
  }

  return template;
}

/**
 * Runs a query that a hot path issues again and again with other values. Kysely builds and
 * compiles a query on every call, which costs more than a key lookup in the store; this builds
 * it once per `key` and dialect, with `slot(i)` where the i-th of `args` goes, and afterwards
 * only fills in the values. `key` must name everything that changes the query's shape (which
 * filters are present, the sort); values go through `args` only. On PostgreSQL the text also
 * becomes a named statement, so that the server parses and plans it once per connection; on
 * SQLite a SELECT runs on the connection at once when it may (`readDirectly`).
 */
export async function runCompiled<Row>(
  db: Db,
  key: string,
  build: (slot: Slot) => Compilable<Row>,
  args: readonly unknown[],
): Promise<Row[]> {
  const { compiled, isSelect, sources } = templateFor(db, key, build);
  const parameters = sources.map((source) => ('arg' in source ? args[source.arg] : source.value));
  const query = { ...compiled, parameters } as CompiledQuery<Row>;

  const rows = isSelect ? readDirectly(db, query) : undefined;
  if (rows) return rows;

  return (await db.executeQuery<Row>(query)).rows;
}
