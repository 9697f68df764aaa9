import { createHash } from 'node:crypto';

import { sql, type RawBuilder } from 'kysely';

/**
 * The key of a workspace's transaction-scoped advisory lock on PostgreSQL: the first 64 bits of
 * the SHA-256 of its id. Computed here rather than by `hashtext` in the server, so that the
 * statement that takes the lock carries no values and can travel with `begin`
 * (`postgres-deferred-begin.ts`).
 */
export function workspaceLockKey(workspaceId: string): bigint {
  return createHash('sha256').update(workspaceId).digest().readBigInt64BE(0);
}

/**
 * `pg_advisory_xact_lock` of the workspace, the key written into the SQL (a signed 64-bit
 * integer, nothing a caller supplies). Ingest and bulk re-scoring take it before they resolve
 * and score, so that they never interleave in one workspace.
 */
export function workspaceLock(workspaceId: string): RawBuilder<unknown> {
  // Parenthesised and cast: the lowest 64-bit value has no positive counterpart in bigint.
  return sql`pg_advisory_xact_lock((${sql.raw(workspaceLockKey(workspaceId).toString())})::bigint)`;
}
