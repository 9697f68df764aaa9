import type { Kysely, Transaction } from 'kysely';

import type { Actor } from '../shared/actor.js';
import { nowIso } from '../shared/clock.js';
import { newId, type AuditId, type WorkspaceId } from '../shared/ids.js';
import { decodeCursor, DEFAULT_LIMIT, expectCursorValue, pageOf } from '../shared/pagination.js';
import type { Database } from '../store/schema.js';

export interface AuditEntry {
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string | null;
}

function encode(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Appends one entry to the audit log. Call it inside the transaction of the change it
 * records, so that the change and its record land together or not at all.
 */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  workspaceId: WorkspaceId,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId('audit'),
      workspace_id: workspaceId,
      actor_type: actor.type,
      actor_id: actor.id,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      before: encode(entry.before),
      after: encode(entry.after),
      reason: entry.reason ?? null,
      at: nowIso(),
    })
    .execute();
}

/**
 * Appends several entries, in order, with multi-row inserts (one statement per 100 entries);
 * for a request that records many changes at once (ingest). Same rows as `recordAudit`.
 */
export async function recordAuditMany(
  db: Kysely<Database> | Transaction<Database>,
  workspaceId: WorkspaceId,
  entries: readonly { readonly actor: Actor; readonly entry: AuditEntry }[],
): Promise<void> {
  const at = nowIso();
  const rows = entries.map(({ actor, entry }) => ({
    id: newId('audit'),
    workspace_id: workspaceId,
    actor_type: actor.type,
    actor_id: actor.id,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    before: encode(entry.before),
    after: encode(entry.after),
    reason: entry.reason ?? null,
    at,
  }));
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 100))
      .execute();
}

export interface AuditView {
  readonly id: AuditId;
  readonly at: string;
  readonly actorType: Actor['type'];
  readonly actorId: string | null;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
}

export interface AuditFilter {
  readonly subjectId?: string;
  readonly subjectType?: string;
  readonly action?: string;
  readonly actorId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

const decode = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

function toAuditView(row: Omit<Database['audit_log'], 'seq'>): AuditView {
  return {
    id: row.id as AuditId,
    at: row.at,
    actorType: row.actor_type as Actor['type'],
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: decode(row.before),
    after: decode(row.after),
    reason: row.reason,
  };
}

/** One page of a workspace's audit log, newest first (in the order it was written). */
export async function listAudit(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  filter: AuditFilter,
): Promise<{ data: AuditView[]; nextCursor: string | null }> {
  const limit = filter.limit ?? DEFAULT_LIMIT;

  let query = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.cursor) {
    const cursor = expectCursorValue(decodeCursor(filter.cursor), 'number');
    query = query.where('seq', '<', cursor.value as number);
  }

  const rows = await query
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const seqOf = new Map(rows.map((row) => [row.id, Number(row.seq)]));

  return pageOf(rows.map(toAuditView), limit, (view) => ({
    value: seqOf.get(view.id)!,
    id: view.id,
  }));
}
