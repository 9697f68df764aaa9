import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';

import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { toScoredEvent } from './scored-event.js';
import type { Profile, ScoredEvent } from './scoring-model.js';

type Db = Kysely<Database> | Transaction<Database>;

/** People per chunk when scoring or replaying a whole workspace. */
export const DEFAULT_CHUNK = 2000;

/** One person as bulk scoring reads them. */
export interface ChunkPerson {
  readonly id: string;
  readonly profile: Profile;
  readonly hasEmail: boolean;
  readonly updatedAt: string;
  /** Their events, oldest first. */
  readonly events: readonly ScoredEvent[];
}

export interface PersonChunk {
  /** The chunk's person ids, for the queries that fetch more about them. */
  readonly ids: readonly string[];
  readonly people: readonly ChunkPerson[];
}

export type ProfileRow = {
  id: string;
  email: string | null;
  user_id: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  source: string | null;
  traits: string;
  lifecycle_stage: string;
  created_at: string;
  updated_at: string;
  company_id: string | null;
  company_name: string | null;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  region: string | null;
  country: string | null;
  company_traits: string | null;
};

/**
 * A person and their company as scoring reads them (`person.title`, `company.industry`, ...):
 * the same fields as the single-person pipeline's `loadFacts`.
 */
export function profileOfRow(row: ProfileRow): Profile {
  return {
    person: {
      email: row.email,
      userId: row.user_id,
      firstName: row.first_name,
      lastName: row.last_name,
      title: row.title,
      phone: row.phone,
      source: row.source,
      createdAt: row.created_at,
      traits: JSON.parse(row.traits) as Record<string, unknown>,
    },
    company: row.company_id
      ? {
          name: row.company_name,
          domain: row.domain,
          industry: row.industry,
          employees: row.employees,
          annualRevenue: row.annual_revenue,
          region: row.region,
          country: row.country,
          traits: JSON.parse(row.company_traits ?? '{}') as Record<string, unknown>,
        }
      : null,
    stage: row.lifecycle_stage,
  };
}

interface ChunkCursor {
  readonly createdAt: string;
  readonly id: string;
}

// Keyset over (created_at, id): the people_created index serves it on both stores, so each
// chunk costs its own rows, never a scan of the workspace.
function peopleAfter(db: Db, workspaceId: WorkspaceId, after: ChunkCursor | null, limit: number) {
  let query = db
    .selectFrom('people as p')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .select([
      'p.id',
      'p.email',
      'p.user_id',
      'p.first_name',
      'p.last_name',
      'p.title',
      'p.phone',
      'p.source',
      'p.traits',
      'p.lifecycle_stage',
      'p.created_at',
      'p.updated_at',
      'c.id as company_id',
      'c.name as company_name',
      'c.domain',
      'c.industry',
      'c.employees',
      'c.annual_revenue',
      'c.region',
      'c.country',
      'c.traits as company_traits',
    ])
    .where('p.workspace_id', '=', workspaceId);
  if (after !== null) {
    query = query.where(sql<SqlBool>`(p.created_at, p.id) > (${after.createdAt}, ${after.id})`);
  }

  return query.orderBy('p.created_at').orderBy('p.id').limit(limit).execute();
}

// Only page and screen events can need their context (for the page path): the others leave
// it out, which keeps the scan narrow. Events of one instant may come in any order: scoring
// orders them itself, and replay judges an instant's events together.
async function eventsOf(db: Db, workspaceId: WorkspaceId, ids: readonly string[], until?: string) {
  let query = db
    .selectFrom('events')
    .select([
      'id',
      'person_id',
      'type',
      'name',
      'properties',
      'occurred_at',
      sql<string | null>`case when type in ('page', 'screen') then context else null end`.as(
        'context',
      ),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', 'in', ids);
  if (until) query = query.where('occurred_at', '<=', until);

  return query.orderBy('person_id').orderBy('occurred_at').execute();
}

function groupEvents(rows: Awaited<ReturnType<typeof eventsOf>>): Map<string, ScoredEvent[]> {
  const byPerson = new Map<string, ScoredEvent[]>();
  for (const row of rows) {
    const event = toScoredEvent({ ...row, context: row.context ?? '{}' });
    const list = byPerson.get(row.person_id!);
    if (list) list.push(event);
    else byPerson.set(row.person_id!, [event]);
  }

  return byPerson;
}

/**
 * Walks a workspace's people in creation order, `size` at a time, each chunk with its people's
 * profiles and events (one query each), so that memory stays bounded by the chunk, never by
 * the workspace. `until` (ISO) leaves out later events.
 */
export async function* personChunks(
  db: Db,
  workspaceId: WorkspaceId,
  options: { readonly size?: number; readonly until?: string } = {},
): AsyncGenerator<PersonChunk> {
  const size = options.size ?? DEFAULT_CHUNK;
  let after: ChunkCursor | null = null;

  for (;;) {
    const rows = await peopleAfter(db, workspaceId, after, size);
    if (rows.length === 0) return;

    const ids = rows.map((row) => row.id);
    const events = groupEvents(await eventsOf(db, workspaceId, ids, options.until));

    yield {
      ids,
      people: rows.map((row) => ({
        id: row.id,
        profile: profileOfRow(row),
        hasEmail: Boolean(row.email),
        updatedAt: row.updated_at,
        events: events.get(row.id) ?? [],
      })),
    };

    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.created_at, id: last.id };
  }
}
