import { gzipSync } from 'node:zlib';

import type { Store } from '../../src/store/database.js';
import { call, type CallResult } from './api.js';

/** Helpers for the Segment-compatible ingest tests. */
export function basicAuth(writeKey: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
}

export async function send(
  base: string,
  path: string,
  writeKey: string,
  body: unknown,
): Promise<CallResult> {
  return call(base, 'POST', path, { body, headers: basicAuth(writeKey) });
}

export async function sendGzip(
  base: string,
  path: string,
  writeKey: string,
  body: unknown,
): Promise<CallResult> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      ...basicAuth(writeKey),
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    },
    body: gzipSync(Buffer.from(JSON.stringify(body))),
  });

  return { status: response.status, body: await response.json(), headers: response.headers };
}

export async function eventsOf(store: Store, workspaceId: string) {
  return store.db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export async function peopleOf(store: Store, workspaceId: string) {
  return store.db
    .selectFrom('people')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .execute();
}

export async function identitiesOf(store: Store, workspaceId: string) {
  return store.db
    .selectFrom('identities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .execute();
}

const FOOTPRINT_TABLES = [
  'events',
  'people',
  'identities',
  'companies',
  'person_merges',
  'audit_log',
  'person_scores',
  'score_history',
] as const;

export type Footprint = Record<(typeof FOOTPRINT_TABLES)[number], number>;

/** Counts of every table ingest writes to, for a workspace: to prove nothing was half written. */
export async function footprint(store: Store, workspaceId: string): Promise<Footprint> {
  const counts = {} as Footprint;
  for (const table of FOOTPRINT_TABLES) {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }

  return counts;
}

let counter = 0;

/** A message id unique in the test run. */
export function mid(label = 'm'): string {
  counter++;

  return `${label}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
