import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { notFound } from '../shared/app-error.js';
import type { RescoreJobId, WorkspaceId } from '../shared/ids.js';
import { repeatEvery, waitAtMost } from '../shared/timers.js';
import type { Database } from '../store/schema.js';
import {
  abandonedRescoreJobs,
  claimRescoreJob,
  findRescoreJob,
  finishRescoreJob,
  jobForChunk,
  recordChunk,
  releaseRescoreJob,
  type RescoreJobView,
} from './rescore-jobs.repository.js';
import { chunkTransaction, rescoreChunk } from './rescore.service.js';
import type { ScoreCause } from './scoring.pipeline.js';

/** The few logger methods the runner uses (pino's and Fastify's both fit). */
export interface RunnerLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RunnerOptions {
  /** How long a claim lasts without progress before another process may resume the job. */
  readonly leaseMs?: number;
  /** How often to look for jobs that a stopped process left behind (0: never). */
  readonly sweepMs?: number;
  /** People a chunk. */
  readonly chunkSize?: number;
  /**
   * Waits before each new try of a chunk that failed (a store that was busy or out of reach);
   * the job fails when the last try fails. Default: 1 s, then 5 s.
   */
  readonly retryDelaysMs?: readonly number[];
  /** Told after each chunk has committed (a progress bar, say); the next chunk waits for it. */
  readonly onProgress?: (job: RescoreJobView) => void | Promise<void>;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000];

/** How one chunk's transaction ended. */
type Step = 'more' | 'done' | 'lost';

/**
 * Runs re-score jobs in this process, one loop a job, a chunk a transaction. Each chunk
 * re-reads its job in its own transaction and writes its progress there, so a job is resumed
 * exactly after its last committed chunk, whichever process resumes it; a job another runner
 * took over, or a newer job of the model superseded, stops at its next chunk.
 */
export class RescoreRunner {
  /** This runner's name in a job's `runner` column. */
  readonly id = `run_${randomBytes(8).toString('hex')}`;
  readonly leaseMs: number;
  private readonly running = new Map<RescoreJobId, Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: RunnerLog,
    private readonly options: RunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Claims the job and runs it in the background; settles when this runner stops running it. */
  run(workspaceId: WorkspaceId, id: RescoreJobId): Promise<void> {
    const current = this.running.get(id);
    if (current) return current;

    const loop = this.claimAndLoop(workspaceId, id).finally(() => this.running.delete(id));
    this.running.set(id, loop);

    return loop;
  }

  /**
   * Runs the job and waits for it up to `ms`: a small workspace's re-score ends within the
   * request that caused it, a large one goes on in the background.
   */
  async runWithin(workspaceId: WorkspaceId, id: RescoreJobId, ms: number): Promise<RescoreJobView> {
    await waitAtMost(this.run(workspaceId, id), ms);

    return this.job(workspaceId, id);
  }

  /** Where a job stands now. */
  async job(workspaceId: WorkspaceId, id: RescoreJobId): Promise<RescoreJobView> {
    const job = await findRescoreJob(this.db, workspaceId, id);
    if (!job) throw notFound('rescore_job', 'jobId');

    return job;
  }

  /** Resumes abandoned jobs now and every `sweepMs`. */
  startSweeping(): void {
    this.sweeper = repeatEvery(() => this.sweep(), this.options.sweepMs ?? this.leaseMs / 2);
  }

  /** Resumes every job whose process stopped before it ended. */
  async sweep(): Promise<void> {
    if (this.closing) return;
    try {
      for (const job of await abandonedRescoreJobs(this.db)) void this.run(job.workspaceId, job.id);
    } catch (error) {
      this.log.error({ err: error }, 'rescore sweep failed');
    }
  }

  /** Stops after each job's current chunk and hands the jobs back for another process. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    await Promise.allSettled(this.running.values());
  }

  /** The job's loop; it never rejects: what goes wrong is logged and, if it can be, recorded. */
  private async claimAndLoop(workspaceId: WorkspaceId, id: RescoreJobId): Promise<void> {
    const started = Date.now();
    try {
      if (!(await claimRescoreJob(this.db, id, this.id, this.leaseMs))) return;

      this.log.info({ jobId: id, workspaceId }, 'rescore started');
      let step: Step = 'more';
      while (step === 'more' && !this.closing) {
        step = await this.chunkWithRetries(workspaceId, id, started);
        await this.progress(workspaceId, id);
      }

      if (step === 'more') await releaseRescoreJob(this.db, id, this.id);
      if (step === 'done') await this.logDone(workspaceId, id, started);
    } catch (error) {
      this.log.error({ jobId: id, workspaceId, err: error }, 'rescore failed');
      await finishRescoreJob(this.db, id, 'failed', messageOf(error)).catch(() => undefined);
    }
  }

  private async chunkWithRetries(
    workspaceId: WorkspaceId,
    id: RescoreJobId,
    now: number,
  ): Promise<Step> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.chunk(workspaceId, id, now);
      } catch (error) {
        if (attempt >= delays.length || this.closing) throw error;

        this.log.error({ jobId: id, workspaceId, attempt, err: error }, 'rescore chunk failed');
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
      }
    }
  }

  private async logDone(workspaceId: WorkspaceId, id: RescoreJobId, started: number) {
    const job = await findRescoreJob(this.db, workspaceId, id);
    this.log.info(
      {
        jobId: id,
        workspaceId,
        modelId: job?.modelId,
        scored: job?.scored,
        changed: job?.changed,
        moved: job?.moved,
        ms: Date.now() - started,
      },
      'rescore done',
    );
  }

  private async progress(workspaceId: WorkspaceId, id: RescoreJobId): Promise<void> {
    if (!this.options.onProgress) return;

    const job = await findRescoreJob(this.db, workspaceId, id);
    if (job) await this.options.onProgress(job);
  }

  /** One chunk in its own transaction, with the job's progress. */
  private chunk(workspaceId: WorkspaceId, id: RescoreJobId, now: number): Promise<Step> {
    return chunkTransaction(this.db, workspaceId, async (trx) => {
      const job = await jobForChunk(trx, id);
      if (!job || job.status !== 'running' || job.runner !== this.id) return 'lost';

      const cause: ScoreCause =
        job.cause === 'publish' && job.version_id
          ? { kind: 'publish', versionId: job.version_id }
          : { kind: 'profile' };
      const outcome = await rescoreChunk(trx, workspaceId, job.cursor, {
        modelId: job.model_id,
        cause,
        now,
        ...(this.options.chunkSize === undefined ? {} : { chunkSize: this.options.chunkSize }),
      });
      if (outcome) await recordChunk(trx, id, outcome, outcome.next ?? job.cursor, this.leaseMs);
      if (outcome?.next) return 'more';

      await finishRescoreJob(trx, id, 'done');

      return 'done';
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const QUIET: RunnerLog = { info: () => undefined, error: () => undefined };

/** Runs one job to its end in this process, for scripts and tests; undefined if it is gone. */
export async function runRescoreJob(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  id: RescoreJobId,
  options: RunnerOptions & { readonly log?: RunnerLog } = {},
): Promise<RescoreJobView | undefined> {
  await new RescoreRunner(db, options.log ?? QUIET, options).run(workspaceId, id);

  return findRescoreJob(db, workspaceId, id);
}
