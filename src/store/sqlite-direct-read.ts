import type SQLite from 'better-sqlite3';
import type { CompiledQuery, Kysely, Transaction } from 'kysely';

import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A connection and its prepared reads, by SQL text. */
interface Connection {
  readonly sqlite: SQLite.Database;
  readonly statements: Map<string, SQLite.Statement>;
}

// The texts come from `runCompiled`'s templates, a few hundred at most; past this many the
// map starts again rather than grow without bound.
const MAX_STATEMENTS = 1_000;

// The SQLite connection behind each store's dialect adapter (a transaction shares it).
const connections = new WeakMap<object, Connection>();

/** Lets `readDirectly` reach the connection behind `db`; called once when a store opens. */
export function allowDirectReads(db: Kysely<Database>, sqlite: SQLite.Database): void {
  connections.set(db.getExecutor().adapter, { sqlite, statements: new Map() });
}

// better-sqlite3 compiles the SQL anew on every `prepare`; a kept statement runs again as is
// (SQLite prepares it again by itself if the schema has changed since).
function preparedRead(connection: Connection, text: string): SQLite.Statement {
  let statement = connection.statements.get(text);
  if (!statement) {
    if (connection.statements.size >= MAX_STATEMENTS) connection.statements.clear();
    statement = connection.sqlite.prepare(text);
    connection.statements.set(text, statement);
  }

  return statement;
}

/**
 * Runs a compiled SELECT on the SQLite connection at once, without Kysely's connection queue,
 * or answers `undefined` when it must go through Kysely after all: on PostgreSQL, inside a
 * transaction (it must see the transaction's writes, and only its own connection may), and
 * while another statement is still being iterated on the connection.
 *
 * The queue only orders work on the one connection; a read that runs to completion before
 * this function returns cannot interleave with anything, and outside a transaction it sees
 * exactly what a queued read would. What it saves is the queue's promises, Kysely's per-query
 * plumbing and compiling the SQL again: each text is prepared once per connection.
 */
export function readDirectly<Row>(db: Db, compiled: CompiledQuery<Row>): Row[] | undefined {
  if (db.isTransaction) return undefined;

  const connection = connections.get(db.getExecutor().adapter);
  if (!connection || connection.sqlite.inTransaction) return undefined;

  const statement = preparedRead(connection, compiled.sql);
  if (!statement.reader || statement.busy) return undefined;

  return statement.all(compiled.parameters) as Row[];
}
