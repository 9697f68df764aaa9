/**
 * An open-loop load at a steady rate: request i is due at start + i ÷ rate, sent then on a
 * keep-alive connection (a new one when all are busy), and its latency counts from when it was
 * due to the end of its answer, so a server that falls behind pays for the wait it causes.
 *
 * Why not autocannon's `overallRate`: autocannon spreads the rate over its connections as a
 * quota per second, and each connection sends its quota back to back as soon as a second begins
 * (`httpClient.js`: `reqsMadeThisSecond` reset by a 1-second `setInterval`). 500 requests a
 * second on 10 connections is then a burst of 10 requests in flight at a time until the
 * second's 500 are answered, and an idle server after: the latencies are those of a saturated
 * server, not of a steady 500 a second. No load generator in our stack sends evenly spaced
 * requests, so this one does, with `node:http` alone.
 */
import http from 'node:http';

export interface PacedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface PacedLoadSpec {
  readonly url: string;
  /** Requests per second, evenly spaced. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Connections open at most; a request due while all are busy waits (and that wait counts). */
  readonly maxConnections: number;
  readonly request: (sequence: number) => PacedRequest;
}

export interface PacedLoadResult {
  /** From due time to the end of the answer, in milliseconds, of every answered request. */
  readonly latencies: number[];
  /** How late the generator sent each request after it was due, in milliseconds. */
  readonly maxSendLag: number;
  readonly statuses: Record<string, number>;
  readonly errors: number;
  readonly durationSeconds: number;
}

function send(
  agent: http.Agent,
  url: URL,
  request: PacedRequest,
): Promise<{ status: number } | { error: unknown }> {
  return new Promise((resolve) => {
    const outgoing = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers:
          request.body === undefined
            ? request.headers
            : { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', (error) => resolve({ error }));
      },
    );
    outgoing.on('error', (error) => resolve({ error }));
    outgoing.end(request.body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runPacedLoad(spec: PacedLoadSpec): Promise<PacedLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.maxConnections });
  const url = new URL(spec.url);
  const total = Math.round(spec.rate * spec.durationSeconds);
  const interval = 1000 / spec.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  let maxSendLag = 0;

  const start = performance.now() + 20;
  for (let sequence = 0; sequence < total; sequence++) {
    const due = start + sequence * interval;
    const early = due - performance.now();
    // A timer fires up to a millisecond late; that lateness counts against the server too.
    if (early > 0) await sleep(early);

    maxSendLag = Math.max(maxSendLag, performance.now() - due);
    const done = send(agent, url, spec.request(sequence)).then((outcome) => {
      if ('error' in outcome) {
        errors++;

        return;
      }
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      if (outcome.status >= 200 && outcome.status < 300) latencies.push(performance.now() - due);
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }
  await Promise.all(inFlight);
  const durationSeconds = (performance.now() - start) / 1000;
  agent.destroy();

  return { latencies, maxSendLag, statuses, errors, durationSeconds };
}

/** The value at percentile `p` (0–100) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);

  return sorted[Math.max(0, index)]!;
}

/** What both load workers report of a paced run. */
export interface PacedFigures {
  /** Answers of any status, and of those the 2xx. */
  readonly answered: number;
  readonly ok: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function figuresOf(result: PacedLoadResult): PacedFigures {
  const sorted = [...result.latencies].sort((a, b) => a - b);

  return {
    answered: Object.values(result.statuses).reduce((sum, n) => sum + n, 0),
    ok: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
