import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';

import { openStore, type Dialect, type Store } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

/** The PostgreSQL server the suite uses; each test file gets a database of its own on it. */
export const PG_ADMIN_URL =
  process.env.BATON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');

    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresReachable = await probePostgres();

if (!postgresReachable) {
  console.warn(
    `PostgreSQL is not reachable at ${PG_ADMIN_URL}: skipping the PostgreSQL runs of this file.`,
  );
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface ScratchStore {
  readonly store: Store;
  /** For the CLI and the server: the environment that points at this store. */
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

/** A new, empty, unmigrated store of `dialect` that nothing else uses. */
export async function scratchStore(dialect: Dialect): Promise<ScratchStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
    const file = join(dir, 'baton.sqlite');
    const store = openStore({ kind: 'sqlite', file });

    return {
      store,
      env: { BATON_DATA_DIR: dir },
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const name = `baton_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const store = openStore({ kind: 'postgres', url: url.toString(), poolSize: 5 });

  return {
    store,
    env: { DATABASE_URL: url.toString() },
    dispose: async () => {
      await store.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/**
 * Runs `body` once per store, each with a fresh migrated store. PostgreSQL runs are skipped,
 * with a message, where no server is reachable.
 */
export function describeEachStore(
  name: string,
  body: (get: () => ScratchStore, dialect: Dialect) => void,
): void {
  for (const dialect of DIALECTS) {
    const run = dialect === 'postgres' && !postgresReachable ? describe.skip : describe;

    run(`${name} [${dialect}]`, () => {
      let scratch: ScratchStore | undefined;

      beforeAll(async () => {
        scratch = await scratchStore(dialect);
        await migrate(scratch.store);
      });

      afterAll(async () => {
        await scratch?.dispose();
      });

      body(() => {
        if (!scratch) throw new Error('store not ready');

        return scratch;
      }, dialect);
    });
  }
}
