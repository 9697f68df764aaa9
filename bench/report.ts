import type { Dialect } from '../src/store/database.js';
import type { LoadResult } from './load.js';

/** A load run, with the server process's CPU time per answered request. */
export interface MeasuredRun extends LoadResult {
  /** User + system CPU of the server's process during the run, per request, in µs. */
  readonly cpuMicrosPerRequest: number;
}

export interface ThroughputRun {
  readonly name: string;
  /** The bare Fastify route answering this scenario's JSON from memory. */
  readonly bare: MeasuredRun;
  readonly api: MeasuredRun;
}

export interface FixedRun {
  readonly name: string;
  readonly rate: number;
  readonly api: LoadResult;
}

export interface StoreResult {
  readonly dialect: Dialect;
  readonly people: number;
  readonly seeder: string;
  readonly seedSeconds: number;
  readonly throughput: readonly ThroughputRun[];
  readonly fixed: readonly FixedRun[];
}

/** The issue's targets. */
export const MIN_RATIO = 0.5;
export const MAX_P99_MS = 10;

const ms = (value: number): string => value.toFixed(2);
const perSecond = (value: number): string => Math.round(value).toLocaleString('en');

function table(head: string[], rows: string[][]): string {
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;

  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function ratioOf(run: ThroughputRun): number {
  return run.api.throughput / run.bare.throughput;
}

/**
 * The same comparison in CPU time per request: the bare route's over the API's. On a machine
 * whose other jobs take CPU away at random, it moves less than the throughput ratio does.
 */
export function cpuRatioOf(run: ThroughputRun): number {
  return run.bare.cpuMicrosPerRequest / run.api.cpuMicrosPerRequest;
}

/** Markdown tables, ready to paste into BENCHMARKS.md. */
export function formatStore(result: StoreResult): string {
  const bareRows = result.throughput.map((run) => [
    `bare: ${run.name}`,
    perSecond(run.bare.throughput),
    ms(run.bare.p50),
    ms(run.bare.p99),
    run.bare.cpuMicrosPerRequest.toFixed(0),
    '1.00',
    '1.00',
    '',
  ]);
  const apiRows = result.throughput.map((run) => {
    const ratio = ratioOf(run);

    return [
      `API: ${run.name}`,
      perSecond(run.api.throughput),
      ms(run.api.p50),
      ms(run.api.p99),
      run.api.cpuMicrosPerRequest.toFixed(0),
      ratio.toFixed(2),
      cpuRatioOf(run).toFixed(2),
      ratio >= MIN_RATIO ? 'met' : 'MISSED',
    ];
  });
  const fixedRows = result.fixed.map((run) => [
    `API: ${run.name}`,
    perSecond(run.rate),
    perSecond(run.api.throughput),
    ms(run.api.p50),
    ms(run.api.p99),
    ms(run.api.max),
    run.api.p99 < MAX_P99_MS ? 'met' : 'MISSED',
  ]);

  return [
    `### ${result.dialect} — ${result.people.toLocaleString('en')} people (${result.seeder}, ${result.seedSeconds.toFixed(0)} s to seed)`,
    '',
    table(
      [
        'As fast as it answers',
        'req/s',
        'p50 ms',
        'p99 ms',
        'CPU µs/req',
        '× bare',
        '× bare (CPU)',
        `≥ ${MIN_RATIO}× bare`,
      ],
      [...bareRows, ...apiRows],
    ),
    '',
    table(
      [
        'Fixed rate',
        'offered req/s',
        'answered req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        `p99 < ${MAX_P99_MS} ms`,
      ],
      fixedRows,
    ),
  ].join('\n');
}

export function printStore(result: StoreResult): void {
  console.log(`\n${formatStore(result)}`);
}
