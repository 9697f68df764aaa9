import type SQLite from 'better-sqlite3';
import type { CompiledQuery, Kysely, Transaction } from 'kysely';

import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// The SQLite connection behind each store's dialect adapter (a transaction shares it).
const connections = new WeakMap<object, SQLite.Database>();

/** Lets `readDirectly` reach the connection behind `db`; called once when a store opens. */
export function allowDirectReads(db: Kysely<Database>, sqlite: SQLite.Database): void {
  connections.set(db.getExecutor().adapter, sqlite);
}

/**
 * Runs a compiled SELECT on the SQLite connection at once, without Kysely's connection queue,
 * or answers `undefined` when it must go through Kysely after all: on PostgreSQL, inside a
 * transaction (it must see the transaction's writes, and only its own connection may), and
 * while another statement is still being iterated on the connection.
 *
 * The queue only orders work on the one connection; a read that runs to completion before
 * this function returns cannot interleave with anything, and outside a transaction it sees
 * exactly what a queued read would. What it saves is the queue's promises and Kysely's
 * per-query plumbing, about a tenth of a lookup by key. `prepare` answers from the store's
 * cache of statements by text (`database.ts`), so each text is compiled once.
 */
export function readDirectly<Row>(db: Db, compiled: CompiledQuery<Row>): Row[] | undefined {
  if (db.isTransaction) return undefined;

  const sqlite = connections.get(db.getExecutor().adapter);
  if (!sqlite || sqlite.inTransaction) return undefined;

  const statement = sqlite.prepare(compiled.sql);
  if (!statement.reader || statement.busy) return undefined;

  return statement.all(compiled.parameters) as Row[];
}
