/**
 * The floor of any HTTP ingest on this machine: a bare `node:http` server that checks the write
 * key (a constant-time compare against one SHA-256 hash), parses the batch and inserts its rows
 * into a SQLite file, deduplicated by message id, in one transaction per request. The same
 * SQLite setup serves the raw insert baseline (no HTTP).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import SQLite from 'better-sqlite3';

import { rowOf, type BareRow } from './ingest-workload.js';

/** The `events` table's columns, its primary key and its (workspace, message id) unique key. */
const SCHEMA = `
create table if not exists events (
  id text primary key,
  workspace_id text not null,
  message_id text not null,
  type text not null,
  name text,
  anonymous_id text,
  user_id text,
  properties text not null,
  context text not null,
  occurred_at text not null,
  received_at text not null,
  unique (workspace_id, message_id)
)`;

export interface BareStore {
  /** Inserts the rows in one transaction; answers how many were new. */
  insert(rows: readonly BareRow[]): number;
  count(): number;
  close(): void;
}

/** A SQLite file set up as Baton sets up its own (WAL, synchronous NORMAL). */
export function openBareStore(file: string): BareStore {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const statement = db.prepare(
    `insert or ignore into events (id, workspace_id, message_id, type, name, anonymous_id,
       user_id, properties, context, occurred_at, received_at)
     values (@id, @workspace_id, @message_id, @type, @name, @anonymous_id, @user_id,
       @properties, @context, @occurred_at, @received_at)`,
  );
  const insertAll = db.transaction((rows: readonly BareRow[]) => {
    let inserted = 0;
    for (const row of rows) inserted += statement.run(row).changes;

    return inserted;
  });

  return {
    insert: (rows) => insertAll(rows),
    count: () => (db.prepare('select count(*) as n from events').get() as { n: number }).n,
    close: () => db.close(),
  };
}

export const hashKey = (token: string): Buffer => createHash('sha256').update(token).digest();

function userOf(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;

  const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');

  return colon === -1 ? decoded : decoded.slice(0, colon);
}

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

function handle(
  store: BareStore,
  keyHash: Buffer,
  workspaceId: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): void {
  const user = userOf(request.headers.authorization);
  if (!user || !timingSafeEqual(hashKey(user), keyHash))
    return answer(response, 401, '{"error":"invalid write key"}');

  let parsed: { batch?: unknown };
  try {
    parsed = JSON.parse(body.toString('utf8')) as { batch?: unknown };
  } catch {
    return answer(response, 400, '{"error":"malformed json"}');
  }
  if (!Array.isArray(parsed.batch)) return answer(response, 400, '{"error":"batch required"}');

  const receivedAt = new Date().toISOString();
  const rows: BareRow[] = [];
  for (const item of parsed.batch) {
    const row = rowOf(workspaceId, item, randomUUID(), receivedAt);
    if (row) rows.push(row);
  }
  store.insert(rows);
  answer(response, 200, '{"success":true}');
}

/** Listens on 127.0.0.1, port 0; only POST /v1/batch. */
export async function startBareServer(
  file: string,
  writeKey: string,
  workspaceId: string,
): Promise<{ server: Server; url: string; store: BareStore }> {
  const store = openBareStore(file);
  const keyHash = hashKey(writeKey);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/batch')
        return answer(response, 404, '{"error":"not found"}');
      handle(store, keyHash, workspaceId, request, Buffer.concat(chunks), response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return { server, url: `http://127.0.0.1:${port}`, store };
}
