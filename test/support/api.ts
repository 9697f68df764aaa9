import type { FastifyInstance } from 'fastify';

import { buildApp, type AppOptions } from '../../src/app/build-app.js';
import type { Store } from '../../src/store/database.js';
import { createWorkspace, type CreatedWorkspace } from '../../src/workspaces/workspace.service.js';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The real app on a real port of 127.0.0.1. A publish waits for its re-score up to 30 s (2 s in
 * production), so that tests of small workspaces read its figures in the answer even on a
 * loaded machine.
 */
export async function startServer(
  store: Store,
  options: Omit<AppOptions, 'store'> = {},
): Promise<TestServer> {
  const app = await buildApp({ store, logger: false, jobWaitMs: 30_000, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  return { app, url, close: () => app.close() };
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export interface CallResult<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** One HTTP request with fetch; the body is parsed as JSON when it is JSON. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }

  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';

  return {
    status: response.status,
    body: type.includes('json') && text ? JSON.parse(text) : text,
    headers: response.headers,
  };
}

let counter = 0;

/** A new workspace with an admin; unique e-mails so many can share one store. */
export async function newWorkspace(
  store: Store,
  name = 'Test Co',
): Promise<CreatedWorkspace & { adminEmail: string; adminPassword: string }> {
  counter++;
  const adminEmail = `admin${counter}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const adminPassword = 'correct horse battery';
  const created = await createWorkspace(store.db, { name, adminEmail, adminPassword });

  return { ...created, adminEmail, adminPassword };
}

/**
 * Runs a backtest over the API and returns its report: at once (201), or by following the
 * running backtest (202) to its end.
 */
export async function backtestOverApi(
  base: string,
  token: string,
  modelId: string,
  body: unknown,
): Promise<CallResult['body']> {
  const created = await call(base, 'POST', `/api/v1/scoring-models/${modelId}/backtests`, {
    token,
    body,
  });
  if (created.status === 201) return created.body;
  if (created.status !== 202) throw new Error(`backtest answered ${created.status}`);

  const location = created.headers.get('location')!;
  let run = created.body.run;
  for (let i = 0; run.status === 'running' && i < 600; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    run = (await call(base, 'GET', location, { token })).body;
  }
  if (run.status !== 'done') throw new Error(`backtest ended ${run.status}: ${run.error}`);

  return (
    await call(base, 'GET', `/api/v1/scoring-models/${modelId}/backtests/${run.backtestId}`, {
      token,
    })
  ).body;
}
