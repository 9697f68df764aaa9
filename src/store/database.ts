import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

import { statementName } from './compiled-query.js';
import type { Database } from './schema.js';
import { InlineLimitsPlugin } from './inline-limits.plugin.js';
import { deferBegin } from './postgres-deferred-begin.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { allowDirectReads } from './sqlite-direct-read.js';
import { dropSampledStatistics } from './statistics.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where the data lives, without credentials: a file path or host/database. */
  readonly location: string;
  close(): Promise<void>;
}

/**
 * SQLite checkpoints: `inline`, SQLite's default, by the connection that commits; `background`
 * on a thread of their own (`sqlite-checkpointer.ts`), for a server, whose event loop would
 * otherwise stop while one runs.
 */
export type SqliteCheckpoints = 'inline' | 'background';

export type StoreOptions =
  | { readonly kind: 'sqlite'; readonly file: string; readonly checkpoints?: SqliteCheckpoints }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

// PostgreSQL hands back timestamps as Date, bigints as strings and jsonb as objects; the
// parsers below make both stores answer in the same shapes: ISO strings, numbers, JSON text.
const PG_TIMESTAMPTZ = 1184;
const PG_INT8 = 20;
const PG_JSONB = 3802;
const PG_NUMERIC = 1700;
const PG_FLOAT8 = 701;

function configurePgTypes(): void {
  pg.types.setTypeParser(PG_TIMESTAMPTZ, (value) => new Date(value).toISOString());
  pg.types.setTypeParser(PG_INT8, (value) => Number(value));
  pg.types.setTypeParser(PG_NUMERIC, (value) => Number(value));
  pg.types.setTypeParser(PG_FLOAT8, (value) => Number(value));
  pg.types.setTypeParser(PG_JSONB, (value) => value);
}

function openSqlite(file: string, checkpoints: SqliteCheckpoints = 'inline'): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });

  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A 64 MB page cache (the default is 2 MB), and a checkpoint every 10,000 pages of WAL
  // (default 1,000): an ingest request dirties hundreds of index pages, and checkpointing
  // less often writes each hot page back once instead of over and over (issue #3's bench).
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('wal_autocheckpoint = 10000');
  dropSampledStatistics(sqlite);

  cachePreparedStatements(sqlite);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new InlineLimitsPlugin()],
  });
  allowDirectReads(db, sqlite);

  const checkpointer =
    checkpoints === 'background' && file !== ':memory:' ? startCheckpointer(file) : undefined;
  const close = async () => {
    await checkpointer?.stop();
    await db.destroy();
  };

  return { db, dialect: 'sqlite', location: file, close };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh, and on a hot path preparing costs more than running it.
 * This keeps the last statements by SQL text and reuses them (a statement still busy
 * iterating a stream is never handed out twice).
 */
function cachePreparedStatements(sqlite: SQLite.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();

  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) return cached;

    const statement = prepare(source);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);

    return statement;
  }) as typeof sqlite.prepare;
}

type QueryArgs = Parameters<pg.PoolClient['query']>;

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it each time; for a lookup
 * by key, planning is most of the work. The hot queries (`runCompiled`) are sent as named
 * statements instead, which each connection prepares once.
 */
function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;

  client.query = ((...args: QueryArgs) => {
    const [text, values] = args;
    const name = typeof text === 'string' ? statementName(text) : undefined;

    return name ? query({ name, text, values }) : query(...args);
  }) as typeof client.query;
}

function openPostgres(url: string, poolSize = 10): Store {
  configurePgTypes();

  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that the server ends (a restart, a failover, a dropped database)
  // reports here; the pool discards it and the next query opens a new one. Without a
  // listener, Node would treat it as an uncaught error and stop the whole process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    useNamedStatements(client);
    deferBegin(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);

  return {
    db,
    dialect: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

/** What a long-running server opens: the same store, with SQLite's checkpoints off its thread. */
export function serverStoreOptions(options: StoreOptions): StoreOptions {
  return options.kind === 'sqlite' ? { ...options, checkpoints: 'background' } : options;
}

/** Opens the store; nothing is created until `migrate` runs. */
export function openStore(options: StoreOptions): Store {
  switch (options.kind) {
    case 'sqlite':
      return openSqlite(options.file, options.checkpoints);
    case 'postgres':
      return openPostgres(options.url, options.poolSize);
    default: {
      const never: never = options;
      throw new Error(`Unknown store ${JSON.stringify(never)}`);
    }
  }
}
