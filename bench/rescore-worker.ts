/**
 * The measured part of the re-scoring benchmark, in a process of its own so that its peak
 * resident memory (VmHWM) is that of the work alone, not of the data generation: the GROUP BY
 * baseline, a first scoring of everyone, a backtest of a draft over the last 90 days, the
 * publish that re-scores everyone, and two floors (the events grouped by person, name and day;
 * a publish's writes alone). Receives a `RescoreSpec` over IPC, answers `RescoreFigures`.
 */
import { writeFileSync } from 'node:fs';

import { sql } from 'kysely';

import { runBacktest } from '../src/scoring/backtest.service.js';
import { rescoreWorkspace } from '../src/scoring/rescore.service.js';
import { runRescoreJob } from '../src/scoring/rescore-runner.js';
import { publishModel, saveDraft } from '../src/scoring/scoring-models.service.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import type { ScoringDefinition } from '../src/scoring/scoring-model.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import {
  openStore,
  serverStoreOptions,
  type Store,
  type StoreOptions,
} from '../src/store/database.js';
import { memoryOf } from './server-child.js';

export interface RescoreSpec {
  readonly store: StoreOptions;
  readonly workspaceId: string;
  readonly modelId: string;
}

/**
 * What a step is to the report: the baseline, a step with the 2× target, or a floor (the least
 * a replay reads; the least a publish writes), reported without a verdict.
 */
export type StepRole = 'scan' | 'target' | 'replay-floor' | 'writes-floor';

export interface Step {
  readonly name: string;
  readonly role: StepRole;
  readonly seconds: number;
  /** VmHWM after the step: the process's peak during it (see `resetPeakMemory`). */
  readonly peakRss: number;
  readonly detail: string;
}

/**
 * Resets the process's peak resident memory (VmHWM) to what it holds now (Linux: `5` to
 * /proc/self/clear_refs), so that each step's peak is its own, not the step before's (the
 * GROUP BY baseline holds every group at once). Where that is not permitted, peaks accumulate.
 */
function resetPeakMemory(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not permitted: the figure is the process's peak so far.
  }
}

async function timed(name: string, role: StepRole, run: () => Promise<string>): Promise<Step> {
  resetPeakMemory();
  const started = performance.now();
  const detail = await run();
  const seconds = (performance.now() - started) / 1000;
  const step = { name, role, seconds, peakRss: memoryOf('self').peak, detail };
  console.log(
    `  ${name}: ${seconds.toFixed(1)} s (${detail}), peak RSS ${(step.peakRss / 2 ** 20).toFixed(0)} MB`,
  );

  return step;
}

// The store groups every event by person; only the number of groups travels back, so that the
// baseline is the scan and the grouping, not 767,000 rows materialised in this process (which
// also left the step after it starting at 500 MB resident).
async function groupByScan(store: Store, workspaceId: string): Promise<string> {
  const result = await sql<{ groups: number | string }>`
    select count(*) as groups from (
      select person_id, count(*) as n, max(occurred_at) as last
      from events where workspace_id = ${workspaceId} group by person_id
    ) as grouped`.execute(store.db);

  return `${Number(result.rows[0]!.groups)} groups`;
}

/**
 * The floor of any re-score that keeps history: what a publish must write when every score
 * changes (a score and a history row per person), written by the store itself from the stored
 * scores, with nothing computed and no row crossing into this process. With the events' scan a
 * re-score cannot skip, this bounds from below what re-scoring can take.
 */
async function writesAlone(store: Store, workspaceId: string): Promise<string> {
  const at = new Date().toISOString();
  const written = await store.db.transaction().execute(async (trx) => {
    const scores = await sql`
      update person_scores set engagement = engagement + 1, scored_at = ${at}
      where workspace_id = ${workspaceId}`.execute(trx);
    await sql`
      insert into score_history
        (id, workspace_id, person_id, model_id, version_id, fit_points, grade, engagement,
         cause, cause_id, at)
      select 'shf_' || person_id, workspace_id, person_id, model_id, version_id, fit_points,
        grade, engagement, 'publish', null, ${at}
      from person_scores where workspace_id = ${workspaceId}`.execute(trx);

    return Number(scores.numAffectedRows ?? 0);
  });

  return `${written} scores and history rows`;
}

/**
 * The floor of any replay at a day's resolution: the events grouped by person, event name and
 * day, counted in the store (only the count comes back). A backtest needs at least that much to
 * apply caps per window and decay, and more (page paths and properties, which live in JSON).
 */
async function dailyGroupsAlone(store: Store, workspaceId: string): Promise<string> {
  const day =
    store.dialect === 'postgres'
      ? sql`date_trunc('day', occurred_at)`
      : sql`substr(occurred_at, 1, 10)`;
  const result = await sql<{ groups: number | string }>`
    select count(*) as groups from (
      select person_id, name, ${day} as day, count(*) as n
      from events where workspace_id = ${workspaceId} group by person_id, name, ${day}
    ) as grouped`.execute(store.db);

  return `${Number(result.rows[0]!.groups)} groups`;
}

/** The starter model, retuned: pricing visits weigh more and the MQL bar is lower. */
function draftDefinition(): ScoringDefinition {
  const draft = JSON.parse(JSON.stringify(STARTER_MODEL)) as ScoringDefinition;
  const mutable = draft as unknown as {
    engagementRules: { id: string; points: number }[];
    mql: { all: { value?: number }[] };
  };
  for (const rule of mutable.engagementRules) if (rule.id === 'pricing-page') rule.points = 15;
  for (const part of mutable.mql.all) if (typeof part.value === 'number') part.value = 50;

  return draft;
}

async function run(spec: RescoreSpec): Promise<Step[]> {
  // As the server opens it (publishing re-scores inside the server); BENCH_SQLITE_CHECKPOINTS=
  // inline leaves SQLite's checkpoints to the committing connection, to compare.
  const store = openStore(
    process.env.BENCH_SQLITE_CHECKPOINTS === 'inline' ? spec.store : serverStoreOptions(spec.store),
  );
  const workspaceId = spec.workspaceId as WorkspaceId;
  const scope = { workspaceId, actor: { type: 'system' as const, id: 'bench' } };
  const steps: Step[] = [];
  try {
    await groupByScan(store, workspaceId); // the first scan reads the file into the page cache
    steps.push(await timed('GROUP BY scan', 'scan', () => groupByScan(store, workspaceId)));
    steps.push(
      await timed('first scoring of everyone (rescoreWorkspace, no moves)', 'target', async () => {
        const summary = await rescoreWorkspace(store.db, workspaceId, {
          cause: { kind: 'import' },
          applyMoves: false,
        });
        // As if ingest had kept stages current: everyone the model qualifies is an MQL already.
        await sql`update people set lifecycle_stage = 'mql'
          where workspace_id = ${workspaceId} and lifecycle_stage in ('subscriber', 'lead')
          and id in (select person_id from person_scores where workspace_id = ${workspaceId} and mql = 1)`.execute(
          store.db,
        );

        return `${summary.scored} scored`;
      }),
    );
    await saveDraft(store.db, scope, spec.modelId, draftDefinition());
    steps.push(
      await timed('backtest of the draft, last 90 days (runBacktest)', 'target', async () => {
        const backtest = await runBacktest(store.db, scope, spec.modelId, {});
        const totals = backtest.report.totals;

        return `${backtest.report.people} people replayed, MQLs draft ${totals.draft.mqls} vs published ${totals.published.mqls}`;
      }),
    );
    steps.push(
      await timed('publish → re-score everyone (publishModel, its job)', 'target', async () => {
        const result = await publishModel(store.db, scope, spec.modelId);
        const job = await runRescoreJob(store.db, workspaceId, result.rescoreJobId);
        if (job?.status !== 'done') throw new Error(`re-score ended ${job?.status}: ${job?.error}`);

        return `${job.scored} scored, ${job.changed} changed, ${job.moved} moved`;
      }),
    );
    steps.push(
      await timed(
        'floor: a replay’s daily groups alone, in SQL (person, event, day)',
        'replay-floor',
        () => dailyGroupsAlone(store, workspaceId),
      ),
    );
    steps.push(
      await timed('floor: a publish’s writes alone, in SQL (no scoring)', 'writes-floor', () =>
        writesAlone(store, workspaceId),
      ),
    );
  } finally {
    await store.close();
  }

  return steps;
}

process.once('message', (spec: RescoreSpec) => {
  run(spec).then(
    (steps) => process.send?.({ ok: true, steps }, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.send?.({ ok: false, error: String(error) }, () => process.exit(1));
    },
  );
});
