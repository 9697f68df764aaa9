import { resolve } from 'node:path';

import type { StoreOptions } from '../store/database.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly store: StoreOptions;
  /** Create the demo workspace on an empty store. */
  readonly demoOnFirstRun: boolean;
  readonly logLevel: string;
  /** Mark session cookies `Secure`; on by default behind HTTPS (`BATON_SECURE_COOKIES=1`). */
  readonly secureCookies: boolean;
  /** How long a publish or a backtest waits for its job before answering with it running. */
  readonly jobWaitMs: number;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;

  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}".`);
  }

  return port;
}

function parseWait(value: string | undefined): number {
  if (value === undefined || value === '') return 2_000;

  const ms = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(ms <= 600_000)) {
    throw new Error(`BATON_JOB_WAIT_MS must be an integer from 0 to 600000 (ms), got "${value}".`);
  }

  return ms;
}

/** Reads the configuration from the environment; see README.md "Configuration". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.BATON_DATA_DIR ?? 'data');
  const url = env.DATABASE_URL;

  return {
    port: parsePort(env.PORT),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    store: url
      ? { kind: 'postgres', url }
      : { kind: 'sqlite', file: resolve(dataDir, 'baton.sqlite') },
    demoOnFirstRun: env.BATON_DEMO !== '0',
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.BATON_SECURE_COOKIES === '1',
    jobWaitMs: parseWait(env.BATON_JOB_WAIT_MS),
  };
}
