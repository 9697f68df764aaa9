/**
 * The ingest load generator, in a process of its own: receives one `IngestLoadSpec` over IPC,
 * POSTs generated Segment traffic with autocannon (each request new messages, so that no
 * message id repeats) and answers an `IngestLoadResult`.
 */
import autocannon from 'autocannon';

import { batchBody, trackBody } from './ingest-workload.js';
import type { IngestLoadResult, IngestLoadSpec } from './ingest-load.js';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);

  return sorted[Math.max(0, index)]!;
}

function options(spec: IngestLoadSpec): autocannon.Options {
  let next = 0;
  const body = (): string => {
    const sequence = next++;

    return spec.path === '/v1/batch'
      ? batchBody(spec.run, sequence * spec.perRequest, spec.perRequest, spec.people)
      : trackBody(spec.run, sequence, spec.people);
  };

  return {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    // A fixed rate is what a client offers; see load-worker.ts.
    ...(spec.overallRate ? { overallRate: spec.overallRate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { authorization: spec.authorization, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  };
}

async function run(spec: IngestLoadSpec): Promise<IngestLoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options(spec), (error: unknown, result) =>
      error ? reject(error) : resolve(result),
    );
  });
  instance!.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status >= 200 && status < 300) latencies.push(ms);
  });

  const result = await finished;
  latencies.sort((a, b) => a - b);

  return {
    requests: latencies.length,
    events: latencies.length * (spec.path === '/v1/batch' ? spec.perRequest : 1),
    durationSeconds: result.duration,
    eventsPerSecond:
      (latencies.length * (spec.path === '/v1/batch' ? spec.perRequest : 1)) / result.duration,
    requestsPerSecond: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses: Object.fromEntries(statuses),
  };
}

process.once('message', (spec: IngestLoadSpec) => {
  run(spec).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }, () => process.exit(1)),
  );
});
