import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One autocannon run of POSTed Segment traffic. */
export interface IngestLoadSpec {
  readonly url: string;
  readonly path: '/v1/batch' | '/v1/track';
  /** `Basic base64(writeKey:)`. */
  readonly authorization: string;
  /** Prefix of this run's message ids, unique per run. */
  readonly run: string;
  readonly people: number;
  /** Messages per batch request. */
  readonly perRequest: number;
  /** Connections (at most, for a steady rate). */
  readonly connections: number;
  readonly durationSeconds: number;
  /**
   * Requests per second, evenly spaced (`paced-load.ts`; latencies from when each was due);
   * unset means autocannon, as fast as answered.
   */
  readonly overallRate?: number;
}

export interface IngestLoadResult {
  /** 2xx answers. */
  readonly requests: number;
  readonly events: number;
  readonly durationSeconds: number;
  readonly eventsPerSecond: number;
  readonly requestsPerSecond: number;
  /** Latencies of the 2xx answers, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statuses: Record<string, number>;
  /** A steady rate only: how late the generator sent a request at worst, in milliseconds. */
  readonly maxSendLag?: number;
}

type WorkerAnswer = { ok: true; result: IngestLoadResult } | { ok: false; error: string };

const WORKER = fileURLToPath(new URL('./ingest-load-worker.ts', import.meta.url));

/**
 * Runs the load (autocannon, or a steady rate) in a child process (it inherits tsx from this
 * one) and waits for its figures.
 */
export function runIngestLoad(spec: IngestLoadSpec): Promise<IngestLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answered = false;

    child.once('message', (answer: WorkerAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.result);
      else reject(new Error(`load generator failed: ${answer.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load generator exited with code ${code} before answering`));
    });
    child.send(spec);
  });
}
