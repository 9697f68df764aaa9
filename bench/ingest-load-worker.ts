/**
 * The ingest load generator, in a process of its own: receives one `IngestLoadSpec` over IPC,
 * POSTs generated Segment traffic with autocannon (each request new messages, so that no
 * message id repeats) and answers an `IngestLoadResult`.
 */
import autocannon from 'autocannon';

import { batchBody, trackBody } from './ingest-workload.js';
import type { IngestLoadResult, IngestLoadSpec } from './ingest-load.js';
import { figuresOf, percentile, runPacedLoad } from './paced-load.js';

function bodyOf(spec: IngestLoadSpec, sequence: number): string {
  return spec.path === '/v1/batch'
    ? batchBody(spec.run, sequence * spec.perRequest, spec.perRequest, spec.people)
    : trackBody(spec.run, sequence, spec.people);
}

function options(spec: IngestLoadSpec): autocannon.Options {
  let next = 0;
  const body = (): string => bodyOf(spec, next++);

  return {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
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

/** A steady rate (`paced-load.ts`): latencies from when each request was due. */
async function runPaced(spec: IngestLoadSpec, rate: number): Promise<IngestLoadResult> {
  const paced = await runPacedLoad({
    url: spec.url,
    rate,
    durationSeconds: spec.durationSeconds,
    maxConnections: spec.connections,
    request: (sequence) => ({
      method: 'POST',
      path: spec.path,
      headers: { authorization: spec.authorization, 'content-type': 'application/json' },
      body: bodyOf(spec, sequence),
    }),
  });
  const figures = figuresOf(paced);
  const perRequest = spec.path === '/v1/batch' ? spec.perRequest : 1;

  return {
    requests: figures.ok,
    events: figures.ok * perRequest,
    durationSeconds: paced.durationSeconds,
    eventsPerSecond: (figures.ok * perRequest) / paced.durationSeconds,
    requestsPerSecond: figures.ok / paced.durationSeconds,
    p50: figures.p50,
    p99: figures.p99,
    max: figures.max,
    non2xx: figures.answered - figures.ok,
    errors: paced.errors,
    statuses: paced.statuses,
    maxSendLag: paced.maxSendLag,
  };
}

async function run(spec: IngestLoadSpec): Promise<IngestLoadResult> {
  if (spec.overallRate) return runPaced(spec, spec.overallRate);

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
