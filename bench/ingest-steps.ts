/**
 * `npx tsx bench/ingest-steps.ts`: where one ingest request's time goes, without HTTP. Calls
 * `ingestMessages` in-process on generated batches (the `bench:ingest` traffic) against a fresh
 * SQLite store and times every SQLite statement by its SQL text (better-sqlite3's statement
 * methods wrapped; on PostgreSQL `pg.Client#query`), so that a change can be measured step by step. A profiling aid, not a
 * benchmark with a target.
 *
 * Knobs: BENCH_BATCHES (300), BENCH_BATCH (100), BENCH_INGEST_PEOPLE (3000), BENCH_TOP (25),
 * BENCH_STORE (sqlite; postgres times each query from sending to answer), BENCH_PRAGMAS
 * (SQLite pragmas to set first, `;`-separated), BENCH_WAL_FRAMES=1 (SQLite: WAL pages written),
 * BENCH_KEEP=1 (keep the store and print where it is).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';

import { checkItems, sharedOf } from '../src/ingest/ingest-items.js';
import { ingestMessages } from '../src/ingest/ingest.service.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { createWorkspace } from '../src/workspaces/workspace.service.js';
import { freshStore } from './bench-store.js';
import { batchBody } from './ingest-workload.js';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const PEOPLE = Number(process.env.BENCH_INGEST_PEOPLE ?? 3000);
const TOP = Number(process.env.BENCH_TOP ?? 25);
const STORE = process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';

interface Timing {
  calls: number;
  ms: number;
}

const timings = new Map<string, Timing>();

function record(source: string, ms: number): void {
  const key = source
    .replace(/\s+/g, ' ')
    .replace(/((\?|\$\d+), )+(\?|\$\d+)/g, '?…')
    .slice(0, 140);
  const t = timings.get(key) ?? { calls: 0, ms: 0 };
  t.calls++;
  t.ms += ms;
  timings.set(key, t);
}

/** PostgreSQL: every query of a client, from sending to its answer. */
function timedPg(): void {
  const proto = pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = proto.query!;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    const text = typeof config === 'string' ? config : config.text;
    const started = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise)
      void result.then(
        () => record(text, performance.now() - started),
        () => record(text, performance.now() - started),
      );

    return result;
  };
}

function timed(name: 'run' | 'all' | 'get'): void {
  const statementProto = Object.getPrototypeOf(
    new SQLite(':memory:').prepare('select 1'),
  ) as Record<string, (...args: unknown[]) => unknown>;
  const original = statementProto[name]!;
  statementProto[name] = function (this: { source: string }, ...args: unknown[]) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const key = this.source
        .replace(/\s+/g, ' ')
        .replace(/(\?, )+\?/g, '?…')
        .slice(0, 140);
      const t = timings.get(key) ?? { calls: 0, ms: 0 };
      t.calls++;
      t.ms += performance.now() - started;
      timings.set(key, t);
    }
  };
}

async function main(): Promise<void> {
  for (const name of ['run', 'all', 'get'] as const) timed(name);
  timedPg();

  const scratch = await freshStore(STORE);
  try {
    const workspace = await createWorkspace(scratch.store.db, {
      name: 'Ingest steps',
      adminEmail: 'bench@example.com',
      adminPassword: 'bench-password-1234',
    });
    const scope = {
      workspaceId: workspace.workspaceId as WorkspaceId,
      actor: { type: 'system' as const, id: 'bench' },
    };
    for (const pragma of (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean))
      await sql.raw(`pragma ${pragma}`).execute(scratch.store.db);
    const run = randomUUID().slice(0, 8);
    if (process.env.BENCH_WAL_FRAMES)
      await sql.raw('pragma wal_checkpoint(TRUNCATE)').execute(scratch.store.db);
    timings.clear();

    let total = 0;
    let stored = 0;
    const cpuBefore = process.cpuUsage();
    for (let b = 0; b < BATCHES; b++) {
      const body = JSON.parse(batchBody(run, b * BATCH, BATCH, PEOPLE)) as Record<string, unknown>;
      const started = performance.now();
      const checked = checkItems(body.batch as unknown[], {
        receivedAt: Date.now(),
        shared: sharedOf(body),
      });
      const outcome = await ingestMessages(scratch.store, scope, checked.items);
      total += performance.now() - started;
      stored += outcome.stored;
    }

    if (process.env.BENCH_WAL_FRAMES) {
      const result = await sql.raw('pragma wal_checkpoint(PASSIVE)').execute(scratch.store.db);
      console.log('wal_checkpoint:', JSON.stringify(result.rows));
    }
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)}, system ${(cpu.system / 1000).toFixed(0)}), including building the batches; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
    );
    const sqlMs = [...timings.values()].reduce((s, t) => s + t.ms, 0);
    console.log(
      `${BATCHES} batches of ${BATCH}: ${stored} stored in ${total.toFixed(0)} ms = ${Math.round((stored / total) * 1000)} events/s; SQL ${sqlMs.toFixed(0)} ms (${((100 * sqlMs) / total).toFixed(0)} %)`,
    );
    for (const [sql, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP))
      console.log(
        `${t.ms.toFixed(0).padStart(7)} ms ${String(t.calls).padStart(6)}× ${(t.ms / t.calls).toFixed(3).padStart(7)}  ${sql}`,
      );
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${scratch.store.location}`);
    else await scratch.dispose();
  }
}

await main();
