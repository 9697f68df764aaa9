import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { openStore, type Dialect, type Store, type StoreOptions } from '../src/store/database.js';
import { migrate } from '../src/store/migrator.js';

export interface BenchStore {
  readonly store: Store;
  /** How to open the same store again (another process, say). */
  readonly options: StoreOptions;
  dispose(): Promise<void>;
}

/** The PostgreSQL server to bench on: `DATABASE_URL`'s server, else the local one. */
export function postgresServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// A closed pool's connections take a moment to leave the server; dropping the database with
// force before then kills them mid-goodbye, and the pool reports that as an unhandled error.
async function backendsGone(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const result = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [database],
      );
      if (result.rows[0]?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await adminQuery(postgresServerUrl(), 'select 1');

    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh, migrated store that nothing else uses: a SQLite file in a temp dir, or a new
 * database on the PostgreSQL server (never the database `DATABASE_URL` names itself).
 */
export async function freshStore(dialect: Dialect): Promise<BenchStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
    const options: StoreOptions = { kind: 'sqlite', file: join(dir, 'baton.sqlite') };
    const store = openStore(options);
    await migrate(store);

    return {
      store,
      options,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const server = postgresServerUrl();
  const name = `baton_bench_${process.pid}`;
  await adminQuery(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const options: StoreOptions = { kind: 'postgres', url: url.toString() };
  const store = openStore(options);
  await migrate(store);

  return {
    store,
    options,
    dispose: async () => {
      await store.close();
      await backendsGone(server, name);
      await adminQuery(server, `drop database if exists ${name} with (force)`);
    },
  };
}
