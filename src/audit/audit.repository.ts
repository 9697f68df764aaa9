import type { Kysely, Transaction } from 'kysely';

import type { Actor } from '../shared/actor.js';
import { nowIso } from '../shared/clock.js';
import { newId, type WorkspaceId } from '../shared/ids.js';
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
