import type { Transaction } from 'kysely';

import { chunks } from '../identity/identity.repository.js';
import type { Database } from '../store/schema.js';

type Trx = Transaction<Database>;
export type EventRow = Database['events'];

/** The message ids among `messageIds` this workspace has stored already. */
export async function storedMessageIds(
  trx: Trx,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const part of chunks(messageIds)) {
    const rows = await trx
      .selectFrom('events')
      .select('message_id')
      .where('workspace_id', '=', workspaceId)
      .where('message_id', 'in', part)
      .execute();
    for (const row of rows) stored.add(row.message_id);
  }

  return stored;
}

// 12 columns a row: 100 rows stay far below either store's limit of bound parameters.
const ROWS_PER_INSERT = 100;

/**
 * Inserts the rows, several to a statement; a message id the workspace already has is skipped
 * (a concurrent request stored it first), never an error. Returns the ids of the rows stored.
 */
export async function insertEvents(trx: Trx, rows: readonly EventRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const result = await trx
      .insertInto('events')
      .values(part)
      .onConflict((oc) => oc.columns(['workspace_id', 'message_id']).doNothing())
      .returning('id')
      .execute();
    for (const row of result) inserted.add(row.id);
  }

  return inserted;
}
