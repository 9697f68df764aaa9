import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { Scope } from '../shared/actor.js';
import { AppError, notFound } from '../shared/app-error.js';
import type { BacktestRunId, WorkspaceId } from '../shared/ids.js';
import { repeatEvery, waitAtMost } from '../shared/timers.js';
import type { Database } from '../store/schema.js';
import {
  failAbandonedRuns,
  findBacktestRun,
  finishBacktestRun,
  insertBacktestRun,
  recordRunProgress,
  type BacktestRunView,
} from './backtest-runs.repository.js';
import { executeBacktest, planBacktest, type BacktestPlan } from './backtest.service.js';
import type { RunnerLog } from './rescore-runner.js';

export interface BacktestRunnerOptions {
  /** How long a run holds without progress before a sweep counts it abandoned. */
  readonly leaseMs?: number;
  /** How often to look for abandoned runs (0: never). */
  readonly sweepMs?: number;
}

const DEFAULT_LEASE_MS = 60_000;

/**
 * Runs backtests in this process as recorded runs: the request that asks for one gets the run
 * (and, if it ends soon enough, the report), its progress is written once a chunk, and a run
 * whose process stops ends failed (a sweep finds its lapsed lease), to be run again.
 */
export class BacktestRunner {
  readonly id = `run_${randomBytes(8).toString('hex')}`;
  private readonly leaseMs: number;
  private readonly running = new Map<BacktestRunId, Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: RunnerLog,
    private readonly options: BacktestRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Checks the request (bad input throws here), records the run and starts it. */
  async start(
    scope: Scope,
    modelId: string,
    input: { from?: string; to?: string },
  ): Promise<BacktestRunId> {
    const plan = await planBacktest(this.db, scope.workspaceId, modelId, input);
    const id = await insertBacktestRun(this.db, plan, scope.actor, this.id, this.leaseMs);
    const run = this.execute(scope, id, plan).finally(() => this.running.delete(id));
    this.running.set(id, run);

    return id;
  }

  /** `start`, then waits for the run up to `ms`: a small workspace's report comes at once. */
  async startWithin(
    scope: Scope,
    modelId: string,
    input: { from?: string; to?: string },
    ms: number,
  ): Promise<BacktestRunView> {
    const id = await this.start(scope, modelId, input);
    await waitAtMost(this.running.get(id), ms);

    return this.find(scope.workspaceId, id);
  }

  async find(workspaceId: WorkspaceId, id: string): Promise<BacktestRunView> {
    const run = await findBacktestRun(this.db, workspaceId, id);
    if (!run) throw notFound('backtest_run', 'runId');

    return run;
  }

  /** Ends abandoned runs now and every `sweepMs`. */
  startSweeping(): void {
    this.sweeper = repeatEvery(() => this.sweep(), this.options.sweepMs ?? this.leaseMs / 2);
  }

  /** Marks failed every run whose process stopped before it ended. */
  async sweep(): Promise<void> {
    try {
      const failed = await failAbandonedRuns(this.db);
      if (failed > 0) this.log.info({ runs: failed }, 'abandoned backtests failed');
    } catch (error) {
      this.log.error({ err: error }, 'backtest sweep failed');
    }
  }

  /** Stops each run after its current chunk: they end failed, to be run again. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    await Promise.allSettled(this.running.values());
  }

  /** The run's replay; never rejects: what goes wrong ends the run failed, and is logged. */
  private async execute(scope: Scope, id: BacktestRunId, plan: BacktestPlan): Promise<void> {
    const started = Date.now();
    try {
      const backtest = await executeBacktest(this.db, scope, plan, async (reached) => {
        if (this.closing)
          throw new AppError('unavailable', 'interrupted', 'Interrupted: the server stopped.');
        await recordRunProgress(this.db, id, reached, this.leaseMs);
      });
      await finishBacktestRun(this.db, id, { backtestId: backtest.id });
      this.log.info(
        {
          runId: id,
          backtestId: backtest.id,
          workspaceId: scope.workspaceId,
          ms: Date.now() - started,
        },
        'backtest done',
      );
    } catch (error) {
      this.log.error({ runId: id, workspaceId: scope.workspaceId, err: error }, 'backtest failed');
      const message = error instanceof Error ? error.message : String(error);
      await finishBacktestRun(this.db, id, { error: message }).catch(() => undefined);
    }
  }
}
