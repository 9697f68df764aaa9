/**
 * `npm run schema:snapshot`: migrates a scratch store of each dialect, reads its schema back
 * and writes src/store/schema.snapshot.json. PostgreSQL is the server of `BATON_TEST_PG_URL`
 * (default postgres://postgres@127.0.0.1:5432/postgres); a scratch database is made and dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { openStore, type Dialect, type Store } from './database.js';
import { introspectSchema, type SchemaShape } from './introspect.js';
import { migrate } from './migrator.js';
import {
  readSchemaSnapshot,
  SCHEMA_SNAPSHOT_FILE,
  writeSchemaSnapshot,
} from './schema-snapshot.js';

const PG_SERVER = process.env.BATON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function migratedShape(store: Store): Promise<SchemaShape> {
  await migrate(store);

  return introspectSchema(store);
}

async function sqliteShape(): Promise<SchemaShape> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-schema-'));
  const store = openStore({ kind: 'sqlite', file: join(dir, 'baton.sqlite') });
  try {
    return await migratedShape(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresShape(): Promise<SchemaShape> {
  const name = `baton_schema_${process.pid}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  const store = openStore({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  try {
    return await migratedShape(store);
  } finally {
    await store.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

async function main(): Promise<void> {
  const snapshot = readSchemaSnapshot();
  const takers: Record<Dialect, () => Promise<SchemaShape>> = {
    sqlite: sqliteShape,
    postgres: postgresShape,
  };
  let failed = false;

  for (const [dialect, take] of Object.entries(takers) as [Dialect, () => Promise<SchemaShape>][]) {
    try {
      snapshot[dialect] = await take();
      console.log(`${dialect}: schema read`);
    } catch (error) {
      failed = true;
      console.error(
        `${dialect}: could not read the schema (${String(error)}); its snapshot is left as it was.`,
      );
    }
  }

  writeSchemaSnapshot(snapshot);
  console.log(`Wrote ${SCHEMA_SNAPSHOT_FILE}`);
  if (failed) process.exitCode = 1;
}

await main();
