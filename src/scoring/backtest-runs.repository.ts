import { sql, type Kysely, type Transaction } from 'kysely';

import { countPeople } from '../people/people.repository.js';
import type { Actor } from '../shared/actor.js';
import { nowIso, toIso } from '../shared/clock.js';
import { newId, type BacktestRunId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { BacktestPlan } from './backtest.service.js';

type Db = Kysely<Database> | Transaction<Database>;
type RunRow = Database['backtest_runs'];

export type BacktestRunStatus = 'running' | 'done' | 'failed';

/** A backtest run as the API answers it. */
export interface BacktestRunView {
  readonly id: BacktestRunId;
  readonly modelId: string;
  readonly status: BacktestRunStatus;
  readonly from: string;
  readonly to: string;
  /** People in the workspace when the run began, and how many it has looked at. */
  readonly total: number;
  readonly done: number;
  /** The stored report, once done (`GET .../backtests/{backtestId}`). */
  readonly backtestId: string | null;
  readonly error: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

export function toBacktestRunView(row: RunRow): BacktestRunView {
  return {
    id: row.id as BacktestRunId,
    modelId: row.model_id,
    status: row.status as BacktestRunStatus,
    from: row.period_from,
    to: row.period_to,
    total: row.total,
    done: row.status === 'done' ? row.total : Math.min(row.total, row.reached),
    backtestId: row.backtest_id,
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Records a running run of `plan`, held for `runner` for `leaseMs`. */
export async function insertBacktestRun(
  db: Db,
  plan: BacktestPlan,
  actor: Actor,
  runner: string,
  leaseMs: number,
): Promise<BacktestRunId> {
  const total = await countPeople(db, plan.workspaceId);
  const id = newId('backtestRun');
  const now = nowIso();
  await db
    .insertInto('backtest_runs')
    .values({
      id,
      workspace_id: plan.workspaceId,
      model_id: plan.modelId,
      draft_version_id: plan.draftVersionId,
      published_version_id: plan.publishedVersionId,
      period_from: toIso(plan.from),
      period_to: toIso(plan.to),
      status: 'running',
      total,
      reached: 0,
      backtest_id: null,
      error: null,
      runner,
      lease_until: toIso(Date.now() + leaseMs),
      created_by: `${actor.type}:${actor.id}`,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .execute();

  return id;
}

export async function findBacktestRun(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<BacktestRunView | undefined> {
  const row = await db
    .selectFrom('backtest_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();

  return row && toBacktestRunView(row);
}

/** A model's runs, newest first. */
export async function listBacktestRuns(
  db: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  limit: number,
): Promise<BacktestRunView[]> {
  const rows = await db
    .selectFrom('backtest_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('model_id', '=', modelId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

  return rows.map(toBacktestRunView);
}

/** A chunk's progress; the lease goes on. */
export async function recordRunProgress(
  db: Db,
  id: BacktestRunId,
  reached: number,
  leaseMs: number,
): Promise<void> {
  const now = Date.now();
  await db
    .updateTable('backtest_runs')
    .set({
      reached: sql`reached + ${reached}`,
      lease_until: toIso(now + leaseMs),
      updated_at: toIso(now),
    })
    .where('id', '=', id)
    .execute();
}

/** Ends a run: done with its stored report, or failed with the reason. */
export async function finishBacktestRun(
  db: Db,
  id: BacktestRunId,
  outcome: { backtestId: string } | { error: string },
): Promise<void> {
  const now = nowIso();
  await db
    .updateTable('backtest_runs')
    .set({
      ...('backtestId' in outcome
        ? { status: 'done', backtest_id: outcome.backtestId }
        : { status: 'failed', error: outcome.error }),
      finished_at: now,
      updated_at: now,
      runner: null,
      lease_until: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Running runs whose lease has lapsed (their process stopped) end failed: what they had
 * replayed is gone with their process. Returns how many.
 */
export async function failAbandonedRuns(db: Db): Promise<number> {
  const now = nowIso();
  const result = await db
    .updateTable('backtest_runs')
    .set({
      status: 'failed',
      error: 'Interrupted: the process running it stopped. Run the backtest again.',
      finished_at: now,
      updated_at: now,
      runner: null,
      lease_until: null,
    })
    .where('status', '=', 'running')
    .where('lease_until', '<', now)
    .executeTakeFirst();

  return Number(result.numUpdatedRows);
}
