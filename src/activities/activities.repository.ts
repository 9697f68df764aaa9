import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';

import type { ActivityId, PersonId, UserId, WorkspaceId } from '../shared/ids.js';
import { decodeCursor, DEFAULT_LIMIT, expectCursorValue, pageOf } from '../shared/pagination.js';
import type { Database } from '../store/schema.js';
import type { ActivityFilter, ActivityKind, ActivityView } from './activity.types.js';

type Db = Kysely<Database> | Transaction<Database>;

export function toActivityView(row: Database['activities']): ActivityView {
  return {
    id: row.id as ActivityId,
    personId: row.person_id as PersonId,
    userId: row.user_id as UserId | null,
    kind: row.kind as ActivityKind,
    subject: row.subject,
    body: row.body,
    occurredAt: row.occurred_at,
    createdAt: row.created_at,
  };
}

export async function findActivity(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<ActivityView | undefined> {
  const row = await db
    .selectFrom('activities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();

  return row ? toActivityView(row) : undefined;
}

/** One page of activities, newest first (by when they happened). */
export async function listActivities(
  db: Db,
  workspaceId: WorkspaceId,
  filter: ActivityFilter,
): Promise<{ data: ActivityView[]; nextCursor: string | null }> {
  const limit = filter.limit ?? DEFAULT_LIMIT;

  let query = db.selectFrom('activities').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.cursor) {
    const cursor = expectCursorValue(decodeCursor(filter.cursor), 'time');
    query = query.where(
      sql<SqlBool>`(occurred_at < ${cursor.value} or (occurred_at = ${cursor.value} and id < ${cursor.id}))`,
    );
  }

  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();

  return pageOf(rows.map(toActivityView), limit, (view) => ({
    value: view.occurredAt,
    id: view.id,
  }));
}
