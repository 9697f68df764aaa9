/**
 * `npm run bench:api`: throughput and latency of the people API on a 100k-person workspace,
 * next to a bare Fastify route answering the same JSON from memory, on each reachable store.
 *
 * Knobs (environment): BENCH_PEOPLE (100000), BENCH_DURATION seconds per run (10),
 * BENCH_CONNECTIONS (10), BENCH_ROUNDS (2: bare and API alternate, the better run of each counts),
 * BENCH_STORES (sqlite,postgres), BENCH_SCENARIOS (all; else a comma-separated list of
 * id, stage, owner, cold).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';

import { createApiKey } from '../src/api-keys/api-key.service.js';
import { buildApp } from '../src/app/build-app.js';
import { seedDemo } from '../src/demo/demo.service.js';
import { countPeople } from '../src/people/people.repository.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import type { Dialect, Store } from '../src/store/database.js';
import { freshStore, postgresReachable } from './bench-store.js';
import { runLoad } from './load.js';
import {
  printStore,
  type FixedRun,
  type MeasuredRun,
  type StoreResult,
  type ThroughputRun,
} from './report.js';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SCENARIOS = process.env.BENCH_SCENARIOS?.split(',');
const SEED = 42;
const FIXED_RATE = 1_000;
const WARMUP = { connections: 2, durationSeconds: 3 };

interface Workload {
  readonly token: string;
  readonly personPaths: string[];
  readonly ownerId: string;
  /** Pages of the whole workspace before random times: more people than the API's cache keeps. */
  readonly coldPagePaths: string[];
}

const COLD_PAGES = 5_000;

/** The demo workspace: teams, reps, companies, people with traits, events, activities, deals. */
async function seed(
  store: Store,
): Promise<{ workspaceId: WorkspaceId; seconds: number; seeder: string }> {
  const started = performance.now();
  const workspace = await seedDemo(store, { people: PEOPLE, seed: SEED });
  const seconds = (performance.now() - started) / 1000;

  return { workspaceId: workspace.workspaceId, seconds, seeder: `seedDemo (seed ${SEED})` };
}

/** A read key, real person ids in random order, and the owner with the most people. */
async function workload(store: Store, workspaceId: WorkspaceId): Promise<Workload> {
  const key = await createApiKey(
    store.db,
    { workspaceId, actor: { type: 'system', id: 'bench' } },
    { name: 'bench', scope: 'read' },
  );
  const ids = await store.db
    .selectFrom('people')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .orderBy(sql`random()`)
    .limit(5_000)
    .execute();
  const owner = await store.db
    .selectFrom('people')
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('owner_id', 'is not', null)
    .groupBy('owner_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();

  const span = await store.db
    .selectFrom('people')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const first = Date.parse(String(span.first));
  const last = Date.parse(String(span.last));
  const coldPagePaths = Array.from({ length: COLD_PAGES }, () => {
    const before = new Date(first + Math.random() * (last - first)).toISOString();

    return `/api/v1/people?createdBefore=${encodeURIComponent(before)}&limit=50`;
  });

  return {
    token: key.token,
    personPaths: ids.map((row) => `/api/v1/people/${row.id}`),
    ownerId: owner.owner_id!,
    coldPagePaths,
  };
}

async function fetchJson(url: string, token?: string): Promise<unknown> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status !== 200)
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);

  return response.json();
}

/** The baseline: Fastify with nothing else, answering JSON fetched once from the real API. */
async function bareServer(answers: {
  person: unknown;
  byStage: unknown;
  byOwner: unknown;
  byTime: unknown;
}): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.get('/api/v1/people/:id', async () => answers.person);
  app.get('/api/v1/people', async (request) => {
    const query = request.query as { ownerId?: string; createdBefore?: string };
    if (query.ownerId) return answers.byOwner;

    return query.createdBefore ? answers.byTime : answers.byStage;
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  return { app, url };
}

async function measure(
  url: string,
  paths: string[],
  token: string | undefined,
  overallRate?: number,
): Promise<MeasuredRun> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (!overallRate) await runLoad({ url, paths, headers, ...WARMUP });
  // Both servers live in this process and autocannon in a child, so this process's CPU time
  // during a run is the server's.
  const cpuBefore = process.cpuUsage();
  const result = await runLoad({
    url,
    paths,
    headers,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    overallRate,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${url}${paths[0]}: ${result.non2xx} non-2xx answers and ${result.errors} errors`,
    );
  }

  return {
    ...result,
    cpuMicrosPerRequest: cpuMicros(process.cpuUsage(cpuBefore)) / result.requests,
  };
}

function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

/** The run with the higher throughput; rounds alternate bare and API so drift hits both. */
function better(a: MeasuredRun | undefined, b: MeasuredRun): MeasuredRun {
  return a && a.throughput >= b.throughput ? a : b;
}

async function benchStore(dialect: Dialect): Promise<StoreResult> {
  const scratch = await freshStore(dialect);
  try {
    console.log(`\n[${dialect}] seeding ${PEOPLE.toLocaleString('en')} people with seedDemo...`);
    const seeded = await seed(scratch.store);
    const people = await countPeople(scratch.store.db, seeded.workspaceId);
    console.log(
      `[${dialect}] ${people.toLocaleString('en')} people in ${seeded.seconds.toFixed(1)} s`,
    );
    if (people < PEOPLE) throw new Error(`the seeder made ${people} people, not ${PEOPLE}`);

    const load = await workload(scratch.store, seeded.workspaceId);
    const app = await buildApp({ store: scratch.store, logger: false });
    const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const stagePath = '/api/v1/people?stage=mql&limit=50';
    const ownerPath = `/api/v1/people?ownerId=${load.ownerId}&limit=50`;
    const bare = await bareServer({
      person: await fetchJson(`${apiUrl}${load.personPaths[0]}`, load.token),
      byStage: await fetchJson(`${apiUrl}${stagePath}`, load.token),
      byOwner: await fetchJson(`${apiUrl}${ownerPath}`, load.token),
      byTime: await fetchJson(`${apiUrl}${load.coldPagePaths[0]}`, load.token),
    });

    try {
      const scenarios = [
        { key: 'id', name: 'GET /people/:id', paths: load.personPaths },
        { key: 'stage', name: 'GET /people?stage=mql&limit=50', paths: [stagePath] },
        { key: 'owner', name: 'GET /people?ownerId=…&limit=50', paths: [ownerPath] },
        {
          key: 'cold',
          name: 'GET /people?createdBefore=…&limit=50 (5,000 pages)',
          paths: load.coldPagePaths,
        },
      ].filter((scenario) => !SCENARIOS || SCENARIOS.includes(scenario.key));
      const throughput: ThroughputRun[] = [];
      for (const scenario of scenarios) {
        console.log(
          `[${dialect}] ${scenario.name}: bare, then API, ${ROUNDS} rounds (${DURATION} s each)`,
        );
        let bareRun: MeasuredRun | undefined;
        let apiRun: MeasuredRun | undefined;
        for (let round = 0; round < ROUNDS; round++) {
          bareRun = better(bareRun, await measure(bare.url, scenario.paths, undefined));
          apiRun = better(apiRun, await measure(apiUrl, scenario.paths, load.token));
        }
        throughput.push({ name: scenario.name, bare: bareRun!, api: apiRun! });
      }

      const fixed: FixedRun[] = [];
      for (const scenario of scenarios) {
        console.log(`[${dialect}] ${scenario.name} at ${FIXED_RATE} req/s`);
        fixed.push({
          name: scenario.name,
          rate: FIXED_RATE,
          api: await measure(apiUrl, scenario.paths, load.token, FIXED_RATE),
        });
      }

      const result: StoreResult = {
        dialect,
        people,
        seeder: seeded.seeder,
        seedSeconds: seeded.seconds,
        throughput,
        fixed,
      };
      // Printed before cleaning up, so that a failing cleanup loses no figures.
      printStore(result);

      return result;
    } finally {
      await app.close();
      await bare.app.close();
    }
  } finally {
    await scratch.dispose();
  }
}

async function wantedStores(): Promise<Dialect[]> {
  const asked = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as Dialect[];
  if (!asked.includes('postgres') || (await postgresReachable())) return asked;

  console.log(
    'PostgreSQL is not reachable (DATABASE_URL or 127.0.0.1:5432): benching SQLite only.',
  );

  return asked.filter((dialect) => dialect !== 'postgres');
}

async function main(): Promise<void> {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const settings = {
    people: PEOPLE,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    warmup: WARMUP,
    fixedRate: FIXED_RATE,
    seed: SEED,
  };
  console.log(`Baton API benchmark, ${new Date().toISOString()}`);
  console.log(
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
  );

  const results: StoreResult[] = [];
  for (const dialect of await wantedStores()) {
    results.push(await benchStore(dialect));
  }

  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `api-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, settings, results }, null, 2)}\n`,
  );
  console.log(`\nResults written to ${file}`);
}

await main();
