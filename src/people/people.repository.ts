import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';

import {
  decodeCursor,
  DEFAULT_LIMIT,
  expectCursorValue,
  pageOf,
  parseSort,
  timeFilter,
} from '../shared/pagination.js';
import type { CompanyId, PersonId, UserId, WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import {
  PERSON_SORTS,
  type PersonFilter,
  type PersonSort,
  type PersonView,
} from './person.types.js';
import { likePattern } from './search-text.js';
import { afterCursor } from '../store/keyset.js';

type Db = Kysely<Database> | Transaction<Database>;

const PERSON_COLUMNS = [
  'people.id',
  'people.email',
  'people.user_id',
  'people.first_name',
  'people.last_name',
  'people.title',
  'people.phone',
  'people.company_id',
  'people.lifecycle_stage',
  'people.owner_id',
  'people.source',
  'people.traits',
  'people.created_at',
  'people.updated_at',
  'companies.name as company_name',
] as const;

type PersonRow = {
  id: string;
  email: string | null;
  user_id: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  company_id: string | null;
  lifecycle_stage: string;
  owner_id: string | null;
  source: string | null;
  traits: string;
  created_at: string;
  updated_at: string;
  company_name: string | null;
};

export function toPersonView(row: PersonRow): PersonView {
  const name =
    [row.first_name, row.last_name].filter(Boolean).join(' ') || row.email || 'Anonymous';

  return {
    id: row.id as PersonId,
    email: row.email,
    userId: row.user_id,
    firstName: row.first_name,
    lastName: row.last_name,
    name,
    title: row.title,
    phone: row.phone,
    company:
      row.company_id && row.company_name !== null
        ? { id: row.company_id as CompanyId, name: row.company_name }
        : null,
    lifecycleStage: row.lifecycle_stage,
    ownerId: row.owner_id as UserId | null,
    source: row.source,
    traits: JSON.parse(row.traits) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectPeople(db: Db, workspaceId: WorkspaceId) {
  return db
    .selectFrom('people')
    .leftJoin('companies', 'companies.id', 'people.company_id')
    .select(PERSON_COLUMNS)
    .where('people.workspace_id', '=', workspaceId);
}

export async function findPerson(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<PersonView | undefined> {
  const row = await selectPeople(db, workspaceId).where('people.id', '=', id).executeTakeFirst();

  return row ? toPersonView(row) : undefined;
}

// Nullable sort columns compare as '' so that keyset pagination has a total order.
function sortExpression(field: PersonSort): Expression<string> {
  switch (field) {
    case 'created_at':
      return sql<string>`people.created_at`;
    case 'updated_at':
      return sql<string>`people.updated_at`;
    case 'email':
      return sql<string>`coalesce(people.email, '')`;
    case 'last_name':
      return sql<string>`coalesce(people.last_name, '')`;
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

function sortValue(view: PersonView, field: PersonSort): string {
  switch (field) {
    case 'created_at':
      return view.createdAt;
    case 'updated_at':
      return view.updatedAt;
    case 'email':
      return view.email ?? '';
    case 'last_name':
      return view.lastName ?? '';
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

/** One page of people matching `filter`, in a stable order. */
export async function listPeople(
  db: Db,
  workspaceId: WorkspaceId,
  filter: PersonFilter,
): Promise<{ data: PersonView[]; nextCursor: string | null }> {
  const { field, direction } = parseSort(filter.sort, PERSON_SORTS, 'created_at');
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const expr = sortExpression(field);

  let query = selectPeople(db, workspaceId);
  if (filter.stage) query = query.where('people.lifecycle_stage', '=', filter.stage);
  if (filter.ownerId) query = query.where('people.owner_id', '=', filter.ownerId);
  if (filter.companyId) query = query.where('people.company_id', '=', filter.companyId);
  if (filter.createdAfter) {
    query = query.where('people.created_at', '>=', timeFilter(filter.createdAfter, 'createdAfter'));
  }
  if (filter.createdBefore) {
    query = query.where(
      'people.created_at',
      '<',
      timeFilter(filter.createdBefore, 'createdBefore'),
    );
  }
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`people.search_text like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(companies.name) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.cursor) {
    const kind = field === 'created_at' || field === 'updated_at' ? 'time' : 'text';
    query = query.where(
      afterCursor(
        expr,
        'people.id',
        expectCursorValue(decodeCursor(filter.cursor), kind),
        direction,
      ),
    );
  }

  const rows = await query
    .orderBy(expr, direction)
    .orderBy('people.id', direction)
    .limit(limit + 1)
    .execute();

  return pageOf(rows.map(toPersonView), limit, (view) => ({
    value: sortValue(view, field),
    id: view.id,
  }));
}
