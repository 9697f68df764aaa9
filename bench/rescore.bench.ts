/**
 * `npm run bench:rescore`: re-scoring everyone after a publish, and a backtest over the last 90
 * days, on N people and M events, each next to a plain SQL
 * `select person_id, count(*), max(occurred_at) from events where workspace_id = ? group by
 * person_id` over the same events (counted in the store), in the same run. Target: at most 2×
 * the scan; the worker doing the work stays under 500 MB resident.
 *
 * Knobs (environment): BENCH_SCALE full (1,000,000 people, 10,000,000 events; the issue's
 * size) or small (100,000 people, 1,000,000 events); BENCH_PEOPLE and BENCH_EVENTS override
 * either; BENCH_STORES (sqlite,postgres). BENCH_CPU_PROF=<dir> profiles the worker.
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Dialect } from '../src/store/database.js';
import { createWorkspace } from '../src/workspaces/workspace.service.js';
import { freshStore, postgresReachable } from './bench-store.js';
import { generate, sinkFor, type Generated } from './rescore-data.js';
import { SERVER_NODE_FLAGS } from './server-process.js';
import type { RescoreSpec, Step } from './rescore-worker.js';

const SCALES = {
  full: { people: 1_000_000, events: 10_000_000 },
  small: { people: 100_000, events: 1_000_000 },
};
const SCALE = (process.env.BENCH_SCALE ?? 'full') as keyof typeof SCALES;
if (!(SCALE in SCALES)) throw new Error(`BENCH_SCALE must be full or small, not ${SCALE}`);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? SCALES[SCALE].people);
const EVENTS = Number(process.env.BENCH_EVENTS ?? SCALES[SCALE].events);

const MAX_RATIO = 2;
const MAX_RSS_BYTES = 500 * 2 ** 20;
const WORKER = fileURLToPath(new URL('./rescore-worker.ts', import.meta.url));

const loadavg = (): string =>
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function runWorker(spec: RescoreSpec): Promise<Step[]> {
  const profile = process.env.BENCH_CPU_PROF;
  const child = fork(WORKER, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [
      ...process.execArgv,
      // Publishing re-scores in the server's process (its job): the worker has the server's heap bound.
      ...SERVER_NODE_FLAGS,
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
  });

  return new Promise((resolve, reject) => {
    let answered = false;
    // Only the worker's own answer counts (tsx may send its own IPC messages on a crash).
    child.on('message', (answer: { ok?: boolean; steps?: Step[]; error?: string }) => {
      if (answer.ok === undefined) return;
      answered = true;
      if (answer.ok) resolve(answer.steps!);
      else reject(new Error(`re-scoring worker failed: ${answer.error}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`re-scoring worker exited with code ${code}`));
    });
    child.send(spec);
  });
}

interface StoreRun {
  readonly dialect: Dialect;
  readonly generated: Generated;
  readonly steps: Step[];
}

async function benchStore(dialect: Dialect): Promise<StoreRun> {
  const scratch = await freshStore(dialect);
  try {
    const workspace = await createWorkspace(scratch.store.db, {
      name: 'Re-scoring bench',
      adminEmail: 'bench@example.com',
      adminPassword: 'bench-password-1234',
    });
    const model = await scratch.store.db
      .selectFrom('scoring_models')
      .select('id')
      .where('workspace_id', '=', workspace.workspaceId)
      .executeTakeFirstOrThrow();

    console.log(
      `[${dialect}] generating ${PEOPLE.toLocaleString('en')} people, ${EVENTS.toLocaleString('en')} events...`,
    );
    const generated = await generate(await sinkFor(scratch.options), workspace.workspaceId, {
      people: PEOPLE,
      events: EVENTS,
    });
    console.log(
      `[${dialect}] generated in ${generated.seconds.toFixed(0)} s; measuring (load average ${loadavg()})`,
    );

    const steps = await runWorker({
      store: scratch.options,
      workspaceId: workspace.workspaceId,
      modelId: model.id,
    });

    return { dialect, generated, steps };
  } finally {
    await scratch.dispose();
  }
}

function report(run: StoreRun): string {
  const scan = run.steps.find((step) => step.role === 'scan')!.seconds;
  const lines = [
    `### ${run.dialect}: ${run.generated.people.toLocaleString('en')} people, ${run.generated.events.toLocaleString('en')} events, ${run.generated.companies.toLocaleString('en')} companies`,
    '',
    '| Step | seconds | × GROUP BY scan | ≤ 2× | peak RSS during step | result |',
    '| --- | ---: | ---: | --- | ---: | --- |',
  ];
  for (const step of run.steps) {
    const ratio = step.seconds / scan;
    const verdict = step.role !== 'target' ? '' : ratio <= MAX_RATIO ? 'met' : 'MISSED';
    lines.push(
      `| ${step.name} | ${step.seconds.toFixed(1)} | ${ratio.toFixed(1)} | ${verdict} | ${(step.peakRss / 2 ** 20).toFixed(0)} MB ${step.peakRss < MAX_RSS_BYTES ? '' : '(over 500 MB)'} | ${step.detail} |`,
    );
  }
  const daily = run.steps.find((step) => step.role === 'replay-floor');
  if (daily)
    lines.push(
      '',
      `A backtest needs at least each person's events by name and day: the store alone takes ${(daily.seconds / scan).toFixed(1)}× the scan to group them so.`,
    );
  const writes = run.steps.find((step) => step.role === 'writes-floor');
  if (writes)
    lines.push(
      '',
      `A re-score reads every event (the scan) and, when every score changes, writes a score and a history row per person: at least ${(1 + writes.seconds / scan).toFixed(1)}× the scan (1 + the writes' ${(writes.seconds / scan).toFixed(1)}×).`,
    );

  return lines.join('\n');
}

async function main(): Promise<void> {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const loadBefore = loadavg();
  console.log(
    `Baton re-scoring benchmark, ${new Date().toISOString()}; scale ${SCALE}: ${PEOPLE} people, ${EVENTS} events; load average ${loadBefore}`,
  );

  const runs: StoreRun[] = [];
  for (const dialect of (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as Dialect[]) {
    if (dialect === 'postgres' && !(await postgresReachable())) {
      console.log('PostgreSQL is not reachable: skipped.');
      continue;
    }
    const run = await benchStore(dialect);
    console.log(`\n${report(run)}\n`);
    runs.push(run);
  }

  const loadAfter = loadavg();
  console.log(`load average before ${loadBefore}, after ${loadAfter}`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `rescore-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, scale: SCALE, people: PEOPLE, events: EVENTS, loadBefore, loadAfter, runs }, null, 2)}\n`,
  );
  console.log(`Results written to ${file}`);
}

await main();
