/**
 * `npm run bench:ingest`: Segment ingest through `/v1/batch` (100 events a request, dedupe,
 * identity, scoring and lifecycle on), in events/s, next to two baselines measured in the same
 * run: a bare `node:http` server that checks the write key, parses the batch and inserts its
 * rows into SQLite with message-id dedupe, and the same rows inserted straight with
 * better-sqlite3. Then freshness: single `/v1/track` events at a steady rate (evenly spaced, on
 * at most BENCH_CONNECTIONS connections: `paced-load.ts`), their p99 from when each was due,
 * and a check that a person's score and stage are current when the request returns. Every server runs
 * in a child process whose peak resident memory (VmHWM) is reported.
 *
 * Knobs (environment): BENCH_DURATION seconds per run (10), BENCH_WARMUP seconds (3),
 * BENCH_CONNECTIONS (10), BENCH_BATCH events a request (100), BENCH_INGEST_PEOPLE (3000),
 * BENCH_FRESH_RATE single events/s (500), BENCH_STORES (sqlite,postgres), BENCH_CPU_PROF=<dir>
 * to profile the servers with --cpu-prof.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openBareStore } from './bare-ingest.js';
import { freshStore, postgresReachable } from './bench-store.js';
import { runIngestLoad, type IngestLoadResult, type IngestLoadSpec } from './ingest-load.js';
import { message, rowOf, type BareRow } from './ingest-workload.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { createWorkspace } from '../src/workspaces/workspace.service.js';
import type { Dialect } from '../src/store/database.js';
import { checkFreshness, countsOf, type Freshness } from './freshness.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const PEOPLE = Number(process.env.BENCH_INGEST_PEOPLE ?? 3000);
const FRESH_RATE = Number(process.env.BENCH_FRESH_RATE ?? 500);

/** The issue's targets. */
const MIN_RATIO = 0.8;
const MAX_P99_MS = 20;
const MAX_RSS_BYTES = 500 * 2 ** 20;

interface Run {
  readonly name: string;
  readonly load: IngestLoadResult;
  readonly peakRss: number;
}

interface StoreRun {
  readonly dialect: Dialect;
  readonly batch: Run;
  readonly fresh: Run;
  readonly freshness: Freshness;
  readonly stored: number;
  readonly people: number;
}

const basic = (token: string): string => `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rate = (value: number): string => Math.round(value).toLocaleString('en');
const loadavg = (): string =>
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function spec(url: string, token: string, overrides: Partial<IngestLoadSpec>): IngestLoadSpec {
  return {
    url,
    path: '/v1/batch',
    authorization: basic(token),
    run: randomUUID().slice(0, 8),
    people: PEOPLE,
    perRequest: BATCH,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    ...overrides,
  };
}

/** A warm-up, then the measured run; non-2xx answers are counted and reported, not hidden. */
async function loadBatches(server: ServerProcess, token: string): Promise<IngestLoadResult> {
  if (WARMUP > 0)
    await runIngestLoad(spec(server.url, token, { connections: 2, durationSeconds: WARMUP }));
  const result = await runIngestLoad(spec(server.url, token, {}));
  if (result.non2xx > 0 || result.errors > 0)
    console.log(
      `  ${server.url}: answers ${JSON.stringify(result.statuses)}, ${result.errors} errors (timeouts included)`,
    );

  return result;
}

/** The same rows as the bare server stores, inserted straight: `seconds` of insert time. */
function rawInsert(dir: string, seconds: number): { eventsPerSecond: number; events: number } {
  const store = openBareStore(join(dir, 'raw.sqlite'));
  const run = randomUUID().slice(0, 8);
  let spent = 0;
  let events = 0;
  try {
    for (let request = 0; spent < seconds * 1000; request++) {
      // The rows of one request, built as the bare server builds them, then timed alone.
      const receivedAt = new Date().toISOString();
      const rows: BareRow[] = [];
      for (let i = 0; i < BATCH; i++) {
        const body = JSON.parse(
          JSON.stringify(message(run, request * BATCH + i, PEOPLE, Date.now())),
        );
        rows.push(rowOf('ws_bench', body, randomUUID(), receivedAt)!);
      }
      const started = performance.now();
      events += store.insert(rows);
      spent += performance.now() - started;
    }
  } finally {
    store.close();
  }

  return { eventsPerSecond: events / (spent / 1000), events };
}

async function bareServer(dir: string): Promise<Run> {
  const token = randomUUID();
  const file = join(dir, 'bare.sqlite');
  const server = await startServerProcess({
    kind: 'bare',
    file,
    writeKey: token,
    workspaceId: 'ws_bench',
  });
  try {
    const load = await loadBatches(server, token);
    const memory = await server.memory();

    return { name: 'bare node:http + SQLite', load, peakRss: memory.peak };
  } finally {
    await server.stop();
  }
}

/** Single events at a steady rate, after a warm-up at the same rate (as the batch run has). */
async function loadSingleEvents(server: ServerProcess, token: string): Promise<IngestLoadResult> {
  const single = { path: '/v1/track', overallRate: FRESH_RATE } as const;
  if (WARMUP > 0)
    await runIngestLoad(spec(server.url, token, { ...single, durationSeconds: WARMUP }));

  return runIngestLoad(spec(server.url, token, single));
}

async function baton(dialect: Dialect): Promise<StoreRun> {
  const scratch = await freshStore(dialect);
  try {
    const workspace = await createWorkspace(scratch.store.db, {
      name: 'Ingest bench',
      adminEmail: 'bench@example.com',
      adminPassword: 'bench-password-1234',
    });
    const token = workspace.writeKey.token;
    const server = await startServerProcess({ kind: 'baton', store: scratch.options });
    try {
      console.log(`[${dialect}] Baton /v1/batch: ${WARMUP} s warm-up, ${DURATION} s measured`);
      const batch = await loadBatches(server, token);
      const afterBatch = await server.memory();

      console.log(
        `[${dialect}] Baton /v1/track at ${FRESH_RATE} events/s: ${WARMUP} s warm-up, ${DURATION} s measured`,
      );
      const fresh = await loadSingleEvents(server, token);
      const freshness = await checkFreshness(
        scratch.store,
        workspace.workspaceId,
        server.url,
        basic(token),
      );
      const afterFresh = await server.memory();
      const counts = await countsOf(scratch.store, workspace.workspaceId);

      return {
        dialect,
        batch: { name: `Baton /v1/batch (${dialect})`, load: batch, peakRss: afterBatch.peak },
        fresh: {
          name: `Baton /v1/track at ${FRESH_RATE}/s (${dialect})`,
          load: fresh,
          peakRss: afterFresh.peak,
        },
        freshness,
        ...counts,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.dispose();
  }
}

function report(raw: { eventsPerSecond: number }, bare: Run, stores: readonly StoreRun[]): string {
  const lines = [
    '| Run | events/s | req/s | p50 ms | p99 ms | peak RSS | ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    `| raw better-sqlite3 insert (no HTTP) | ${rate(raw.eventsPerSecond)} | | | | | |`,
    `| ${bare.name} | ${rate(bare.load.eventsPerSecond)} | ${rate(bare.load.requestsPerSecond)} | ${bare.load.p50.toFixed(1)} | ${bare.load.p99.toFixed(1)} | ${mb(bare.peakRss)} | ${(bare.load.eventsPerSecond / raw.eventsPerSecond).toFixed(2)} × raw |`,
  ];
  for (const store of stores) {
    const ratio = store.batch.load.eventsPerSecond / bare.load.eventsPerSecond;
    const failures = store.batch.load.non2xx + store.batch.load.errors;
    const failed =
      failures > 0
        ? `; answers ${JSON.stringify(store.batch.load.statuses)}, ${store.batch.load.errors} errors`
        : '';
    lines.push(
      `| ${store.batch.name} | ${rate(store.batch.load.eventsPerSecond)} | ${rate(store.batch.load.requestsPerSecond)} | ${store.batch.load.p50.toFixed(1)} | ${store.batch.load.p99.toFixed(1)} | ${mb(store.batch.peakRss)} | ${ratio.toFixed(2)} × bare (${ratio >= MIN_RATIO ? 'met' : 'MISSED'} ≥ ${MIN_RATIO})${failed} |`,
    );
  }
  lines.push(
    '',
    '| Freshness | offered/s | answered/s | p50 ms | p99 ms | max ms | sent late ms | p99 < 20 ms | current after return | peak RSS < 500 MB |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |');
  for (const store of stores) {
    const f = store.fresh.load;
    lines.push(
      `| ${store.fresh.name} | ${rate(FRESH_RATE)} | ${rate(f.requestsPerSecond)} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${f.max.toFixed(1)} | ${(f.maxSendLag ?? Number.NaN).toFixed(1)} | ${f.p99 < MAX_P99_MS ? 'met' : 'MISSED'} | ${store.freshness.current ? 'yes' : `NO: ${store.freshness.detail}`} | ${mb(store.fresh.peakRss)} ${store.fresh.peakRss < MAX_RSS_BYTES ? 'met' : 'MISSED'} |`,
    );
  }

  return lines.join('\n');
}

async function main(): Promise<void> {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const settings = {
    duration: DURATION,
    warmup: WARMUP,
    connections: CONNECTIONS,
    batch: BATCH,
    people: PEOPLE,
    freshRate: FRESH_RATE,
  };
  const loadBefore = loadavg();
  console.log(`Baton ingest benchmark, ${new Date().toISOString()}; load average ${loadBefore}`);
  console.log(
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; ${JSON.stringify(settings)}`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'baton-ingest-bench-'));
  try {
    console.log(`raw better-sqlite3 insert: ${DURATION} s of inserts`);
    const raw = rawInsert(dir, DURATION);
    console.log(`bare node:http server: ${WARMUP} s warm-up, ${DURATION} s measured`);
    const bare = await bareServer(dir);

    const stores: StoreRun[] = [];
    const asked = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as Dialect[];
    for (const dialect of asked) {
      if (dialect === 'postgres' && !(await postgresReachable())) {
        console.log('PostgreSQL is not reachable: skipped.');
        continue;
      }
      const result = await baton(dialect);
      console.log(`[${dialect}] stored ${result.stored} events for ${result.people} people`);
      stores.push(result);
    }

    const loadAfter = loadavg();
    console.log(
      `\n${report(raw, bare, stores)}\n\nload average before ${loadBefore}, after ${loadAfter}`,
    );

    const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(out, { recursive: true });
    const file = join(out, `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), machine, settings, loadBefore, loadAfter, raw, bare, stores }, null, 2)}\n`,
    );
    console.log(`Results written to ${file}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
