import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One autocannon run: GET requests cycling through `paths`. */
export interface LoadSpec {
  readonly url: string;
  readonly paths: readonly string[];
  readonly headers: Record<string, string>;
  /** Connections (at most, for a steady rate). */
  readonly connections: number;
  readonly durationSeconds: number;
  /**
   * Requests per second, evenly spaced (`paced-load.ts`; latencies from when each was due);
   * unset means autocannon, as fast as answered.
   */
  readonly overallRate?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly durationSeconds: number;
  /** Requests answered per second. */
  readonly throughput: number;
  /** Latencies of the 2xx answers, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
}

type WorkerAnswer = { ok: true; result: LoadResult } | { ok: false; error: string };

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/**
 * Runs the load (autocannon, or a steady rate) in a child process (it inherits tsx from this
 * one) and waits for its figures.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
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
