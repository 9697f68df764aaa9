import { sql, type Kysely, type Transaction } from 'kysely';

import { countPeople } from '../people/people.repository.js';
import { nowIso, toIso } from '../shared/clock.js';
import { newId, type RescoreJobId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { ChunkOutcome } from './rescore.service.js';

type Db = Kysely<Database> | Transaction<Database>;
type JobRow = Database['rescore_jobs'];

export type RescoreStatus = 'running' | 'done' | 'failed' | 'superseded';
/** What made the job: a publish, or a change of whom the model applies to. */
export type RescoreCauseKind = 'publish' | 'profile';

/** A re-score job as the API answers it. */
export interface RescoreJobView {
  readonly id: RescoreJobId;
  readonly modelId: string;
  readonly cause: RescoreCauseKind;
  readonly versionId: string | null;
  readonly status: RescoreStatus;
  /** People in the workspace when the job began. */
  readonly total: number;
  /** People re-scored so far (those the model applies to, or whose score it made). */
  readonly scored: number;
  /** Of those, whose stored score changed. */
  readonly changed: number;
  /** Of those, whom the new score moved to another lifecycle stage. */
  readonly moved: number;
  /** People looked at so far, scored or not: progress against `total`. */
  readonly done: number;
  readonly error: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export function toRescoreJobView(row: JobRow): RescoreJobView {
  return {
    id: row.id as RescoreJobId,
    modelId: row.model_id,
    cause: row.cause as RescoreCauseKind,
    versionId: row.version_id,
    status: row.status as RescoreStatus,
    total: row.total,
    scored: row.scored,
    changed: row.changed,
    moved: row.moved,
    done: row.status === 'done' ? row.total : Math.min(row.total, row.reached),
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export interface NewRescoreJob {
  readonly workspaceId: WorkspaceId;
  readonly modelId: string;
  readonly cause: RescoreCauseKind;
  readonly versionId: string | null;
  readonly createdBy: string;
  /** How long the process that records the job may take to claim it. */
  readonly leaseMs: number;
}

/**
 * Records a running job inside the caller's transaction (the publish or the model change that
 * calls for it). A running job of the same model stops being run: the new one re-scores the
 * same people with what is published now.
 */
export async function insertRescoreJob(trx: Db, job: NewRescoreJob): Promise<RescoreJobId> {
  const now = nowIso();
  await trx
    .updateTable('rescore_jobs')
    .set({ status: 'superseded', finished_at: now, updated_at: now, runner: null })
    .where('workspace_id', '=', job.workspaceId)
    .where('model_id', '=', job.modelId)
    .where('status', '=', 'running')
    .execute();

  const total = await countPeople(trx, job.workspaceId);
  const id = newId('rescoreJob');
  await trx
    .insertInto('rescore_jobs')
    .values({
      id,
      workspace_id: job.workspaceId,
      model_id: job.modelId,
      cause: job.cause,
      version_id: job.versionId,
      status: 'running',
      cursor: null,
      total,
      reached: 0,
      scored: 0,
      changed: 0,
      moved: 0,
      error: null,
      runner: null,
      lease_until: toIso(Date.now() + job.leaseMs),
      created_by: job.createdBy,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .execute();

  return id;
}

export async function findRescoreJob(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<RescoreJobView | undefined> {
  const row = await db
    .selectFrom('rescore_jobs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();

  return row && toRescoreJobView(row);
}

/** A model's newest jobs first. */
export async function listRescoreJobs(
  db: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  limit: number,
): Promise<RescoreJobView[]> {
  const rows = await db
    .selectFrom('rescore_jobs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('model_id', '=', modelId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

  return rows.map(toRescoreJobView);
}

/** The job as a chunk transaction reads it before its chunk. */
export function jobForChunk(trx: Db, id: RescoreJobId): Promise<JobRow | undefined> {
  return trx.selectFrom('rescore_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes a running job for `runner` when no runner holds it or its lease has lapsed; false when
 * another runner holds it, or it has ended.
 */
export async function claimRescoreJob(
  db: Db,
  id: RescoreJobId,
  runner: string,
  leaseMs: number,
): Promise<boolean> {
  const now = Date.now();
  const result = await db
    .updateTable('rescore_jobs')
    .set({ runner, lease_until: toIso(now + leaseMs), updated_at: toIso(now) })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where((eb) =>
      eb.or([
        eb('runner', 'is', null),
        eb('lease_until', '<', toIso(now)),
        eb('runner', '=', runner),
      ]),
    )
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

/** Running jobs whose lease has lapsed: their process stopped before they ended. */
export async function abandonedRescoreJobs(
  db: Db,
): Promise<{ id: RescoreJobId; workspaceId: WorkspaceId }[]> {
  const rows = await db
    .selectFrom('rescore_jobs')
    .select(['id', 'workspace_id'])
    .where('status', '=', 'running')
    .where('lease_until', '<', toIso(Date.now()))
    .execute();

  return rows.map((row) => ({
    id: row.id as RescoreJobId,
    workspaceId: row.workspace_id as WorkspaceId,
  }));
}

/** A chunk's progress, in the chunk's own transaction: the job resumes after it. */
export async function recordChunk(
  trx: Db,
  id: RescoreJobId,
  outcome: ChunkOutcome,
  cursor: string | null,
  leaseMs: number,
): Promise<void> {
  const now = Date.now();
  await trx
    .updateTable('rescore_jobs')
    .set({
      cursor,
      reached: sql`reached + ${outcome.reached}`,
      scored: sql`scored + ${outcome.scored}`,
      changed: sql`changed + ${outcome.changed}`,
      moved: sql`moved + ${outcome.moved}`,
      lease_until: toIso(now + leaseMs),
      updated_at: toIso(now),
    })
    .where('id', '=', id)
    .execute();
}

/** Ends a job: done, or failed with the reason. */
export async function finishRescoreJob(
  db: Db,
  id: RescoreJobId,
  status: Extract<RescoreStatus, 'done' | 'failed'>,
  error: string | null = null,
): Promise<void> {
  const now = nowIso();
  await db
    .updateTable('rescore_jobs')
    .set({ status, error, finished_at: now, updated_at: now, runner: null, lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Hands a job back (its process is stopping): another runner may resume it at once. */
export async function releaseRescoreJob(db: Db, id: RescoreJobId, runner: string): Promise<void> {
  await db
    .updateTable('rescore_jobs')
    .set({ runner: null, lease_until: nowIso() })
    .where('id', '=', id)
    .where('runner', '=', runner)
    .execute();
}
