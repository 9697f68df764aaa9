import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';

import { likePattern } from '../people/search-text.js';
import type { CompanyId, UserId, WorkspaceId } from '../shared/ids.js';
import {
  decodeCursor,
  DEFAULT_LIMIT,
  expectCursorValue,
  pageOf,
  parseSort,
  timeFilter,
} from '../shared/pagination.js';
import type { Database } from '../store/schema.js';
import {
  COMPANY_SORTS,
  type CompanyFilter,
  type CompanySort,
  type CompanyView,
} from './company.types.js';
import { afterCursor } from '../store/keyset.js';

type Db = Kysely<Database> | Transaction<Database>;
type CompanyRow = Database['companies'];

export function toCompanyView(row: CompanyRow): CompanyView {
  return {
    id: row.id as CompanyId,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    employees: row.employees,
    annualRevenue: row.annual_revenue,
    region: row.region,
    country: row.country,
    ownerId: row.owner_id as UserId | null,
    traits: JSON.parse(row.traits) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findCompanyRow(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<CompanyRow | undefined> {
  return db
    .selectFrom('companies')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCompany(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<CompanyView | undefined> {
  const row = await findCompanyRow(db, workspaceId, id);

  return row ? toCompanyView(row) : undefined;
}

export async function findCompanyByDomain(
  db: Db,
  workspaceId: WorkspaceId,
  domain: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('companies')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('domain', '=', domain)
    .executeTakeFirst();
}

function sortExpression(field: CompanySort): Expression<string> {
  switch (field) {
    case 'name':
      return sql<string>`companies.name`;
    case 'created_at':
      return sql<string>`companies.created_at`;
    case 'updated_at':
      return sql<string>`companies.updated_at`;
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

function sortValue(view: CompanyView, field: CompanySort): string {
  switch (field) {
    case 'name':
      return view.name;
    case 'created_at':
      return view.createdAt;
    case 'updated_at':
      return view.updatedAt;
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

/** One page of companies matching `filter`, in a stable order (newest first by default). */
export async function listCompanies(
  db: Db,
  workspaceId: WorkspaceId,
  filter: CompanyFilter,
): Promise<{ data: CompanyView[]; nextCursor: string | null }> {
  const { field, direction } = parseSort(filter.sort, COMPANY_SORTS, 'created_at');
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const expr = sortExpression(field);

  let query = db.selectFrom('companies').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.industry) query = query.where('industry', '=', filter.industry);
  if (filter.region) query = query.where('region', '=', filter.region);
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.createdAfter)
    query = query.where('created_at', '>=', timeFilter(filter.createdAfter, 'createdAfter'));
  if (filter.createdBefore)
    query = query.where('created_at', '<', timeFilter(filter.createdBefore, 'createdBefore'));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`lower(companies.name) like ${pattern} escape '\\'`,
        sql<SqlBool>`companies.domain like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.cursor) {
    const cursor = expectCursorValue(
      decodeCursor(filter.cursor),
      field === 'name' ? 'text' : 'time',
    );
    query = query.where(afterCursor(expr, 'companies.id', cursor, direction));
  }

  const rows = await query
    .orderBy(expr, direction)
    .orderBy('companies.id', direction)
    .limit(limit + 1)
    .execute();

  return pageOf(rows.map(toCompanyView), limit, (view) => ({
    value: sortValue(view, field),
    id: view.id,
  }));
}
