import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';

import { likePattern } from '../people/search-text.js';
import type { CompanyId, DealId, PersonId, UserId, WorkspaceId } from '../shared/ids.js';
import {
  decodeCursor,
  DEFAULT_LIMIT,
  expectCursorValue,
  pageOf,
  parseSort,
  timeFilter,
  type CursorValueKind,
} from '../shared/pagination.js';
import type { Database } from '../store/schema.js';
import {
  DEAL_SORTS,
  type DealFilter,
  type DealSort,
  type DealStatus,
  type DealView,
} from './deal.types.js';
import { afterCursor } from '../store/keyset.js';

type Db = Kysely<Database> | Transaction<Database>;
type DealRow = Database['deals'];

export function toDealView(row: DealRow): DealView {
  return {
    id: row.id as DealId,
    name: row.name,
    personId: row.person_id as PersonId | null,
    companyId: row.company_id as CompanyId | null,
    ownerId: row.owner_id as UserId | null,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    stage: row.stage,
    status: row.status as DealStatus,
    closeDate: row.close_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findDealRow(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<DealRow | undefined> {
  return db
    .selectFrom('deals')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findDeal(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<DealView | undefined> {
  const row = await findDealRow(db, workspaceId, id);

  return row ? toDealView(row) : undefined;
}

// Nullable sort columns compare as '' so that keyset pagination has a total order.
function sortExpression(field: DealSort): Expression<string | number> {
  switch (field) {
    case 'created_at':
      return sql<string>`deals.created_at`;
    case 'updated_at':
      return sql<string>`deals.updated_at`;
    case 'name':
      return sql<string>`deals.name`;
    case 'amount':
      return sql<number>`deals.amount_minor`;
    case 'close_date':
      return sql<string>`coalesce(deals.close_date, '')`;
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

function sortValue(view: DealView, field: DealSort): string | number {
  switch (field) {
    case 'created_at':
      return view.createdAt;
    case 'updated_at':
      return view.updatedAt;
    case 'name':
      return view.name;
    case 'amount':
      return view.amountMinor;
    case 'close_date':
      return view.closeDate ?? '';
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

function cursorKind(field: DealSort): CursorValueKind {
  switch (field) {
    case 'created_at':
    case 'updated_at':
      return 'time';
    case 'name':
    case 'close_date':
      return 'text';
    case 'amount':
      return 'number';
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

/** One page of deals matching `filter`, newest first unless `sort` says otherwise. */
export async function listDeals(
  db: Db,
  workspaceId: WorkspaceId,
  filter: DealFilter,
): Promise<{ data: DealView[]; nextCursor: string | null }> {
  const { field, direction } = parseSort(filter.sort, DEAL_SORTS, 'created_at');
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const expr = sortExpression(field);

  let query = db.selectFrom('deals').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId);
  if (filter.createdAfter)
    query = query.where('created_at', '>=', timeFilter(filter.createdAfter, 'createdAfter'));
  if (filter.createdBefore)
    query = query.where('created_at', '<', timeFilter(filter.createdBefore, 'createdBefore'));
  if (filter.q)
    query = query.where(sql<SqlBool>`lower(deals.name) like ${likePattern(filter.q)} escape '\\'`);
  if (filter.cursor) {
    const cursor = expectCursorValue(decodeCursor(filter.cursor), cursorKind(field));
    query = query.where(afterCursor(expr, 'deals.id', cursor, direction));
  }

  const rows = await query
    .orderBy(expr, direction)
    .orderBy('deals.id', direction)
    .limit(limit + 1)
    .execute();

  return pageOf(rows.map(toDealView), limit, (view) => ({
    value: sortValue(view, field),
    id: view.id,
  }));
}
