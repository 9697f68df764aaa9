/**
 * The load generator, in a process of its own so that it does not share the server's event
 * loop: receives one `LoadSpec` over IPC, runs autocannon against it and answers a `LoadResult`.
 */
import autocannon from 'autocannon';

import type { LoadResult, LoadSpec } from './load.js';
import { figuresOf, percentile, runPacedLoad } from './paced-load.js';

function options(spec: LoadSpec): autocannon.Options {
  let next = 0;

  return {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    headers: spec.headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const path = spec.paths[next % spec.paths.length]!;
          next++;

          return { ...request, path };
        },
      },
    ],
  };
}

/** A steady rate (`paced-load.ts`): latencies from when each request was due. */
async function runPaced(spec: LoadSpec, rate: number): Promise<LoadResult> {
  const paced = await runPacedLoad({
    url: spec.url,
    rate,
    durationSeconds: spec.durationSeconds,
    maxConnections: spec.connections,
    request: (sequence) => ({
      method: 'GET',
      path: spec.paths[sequence % spec.paths.length]!,
      headers: spec.headers,
    }),
  });
  const figures = figuresOf(paced);

  return {
    requests: figures.answered,
    durationSeconds: paced.durationSeconds,
    throughput: figures.answered / paced.durationSeconds,
    p50: figures.p50,
    p99: figures.p99,
    max: figures.max,
    non2xx: figures.answered - figures.ok,
    errors: paced.errors,
  };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  if (spec.overallRate) return runPaced(spec, spec.overallRate);

  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options(spec), (error: unknown, result) =>
      error ? reject(error) : resolve(result),
    );
  });

  // autocannon's own histogram keeps whole milliseconds; these events carry the exact time.
  instance!.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });

  const result = await finished;
  latencies.sort((a, b) => a - b);

  return {
    requests: result.requests.total,
    durationSeconds: result.duration,
    throughput: result.requests.total / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

process.once('message', (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }, () => process.exit(1)),
  );
});
