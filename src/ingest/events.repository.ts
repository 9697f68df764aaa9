import type { Transaction } from 'kysely';

import { chunks } from '../identity/identity.repository.js';
import { runCompiled } from '../store/compiled-query.js';
import type { Database } from '../store/schema.js';
import { rowArgs, slotList, slotRows } from './compiled-rows.js';

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
    const rows = await runCompiled(
      trx,
      `ingest.storedMessageIds:${part.length}`,
      (slot) =>
        trx
          .selectFrom('events')
          .select('message_id')
          .where('workspace_id', '=', slot(0))
          .where('message_id', 'in', slotList(slot, 1, part.length)),
      [workspaceId, ...part],
    );
    for (const row of rows) stored.add(row.message_id);
  }

  return stored;
}

// 12 columns a row: 100 rows stay far below either store's limit of bound parameters.
const ROWS_PER_INSERT = 100;

const EVENT_COLUMNS = [
  'id',
  'workspace_id',
  'message_id',
  'type',
  'name',
  'person_id',
  'anonymous_id',
  'user_id',
  'properties',
  'context',
  'occurred_at',
  'received_at',
] as const satisfies readonly (keyof EventRow)[];

/**
 * Inserts the rows, several to a statement; a message id the workspace already has is skipped
 * (a concurrent request stored it first), never an error. Returns the ids of the rows stored.
 */
export async function insertEvents(trx: Trx, rows: readonly EventRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const result = await runCompiled(
      trx,
      `ingest.insertEvents:${part.length}`,
      (slot) =>
        trx
          .insertInto('events')
          .values(slotRows<EventRow>(slot, EVENT_COLUMNS, part.length))
          .onConflict((oc) => oc.columns(['workspace_id', 'message_id']).doNothing())
          .returning('id'),
      rowArgs(EVENT_COLUMNS, part),
    );
    for (const row of result) inserted.add(row.id);
  }

  return inserted;
}
