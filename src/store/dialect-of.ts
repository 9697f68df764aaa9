import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';

import type { Dialect } from './database.js';
import type { Database } from './schema.js';

/** Which store a handle (or a transaction on it) talks to, for the few queries that differ. */
export function dialectOf(db: Kysely<Database> | Transaction<Database>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
