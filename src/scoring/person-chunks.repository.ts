import type { Kysely, Transaction } from 'kysely';

import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { RuleHit } from './engagement-score.js';
import { scanHits, type ScanOptions } from './event-scan.repository.js';
import type { Profile, ScoringDefinition } from './scoring-model.js';

type Db = Kysely<Database> | Transaction<Database>;

/** People per chunk when scoring or replaying a whole workspace. */
export const DEFAULT_CHUNK = 2000;

/** One person as bulk scoring reads them. */
export interface ChunkPerson {
  readonly id: string;
  readonly profile: Profile;
  readonly hasEmail: boolean;
  readonly updatedAt: string;
  /** Their events under definition `d` (an index into the chunk's definitions), oldest first. */
  hits(d: number): readonly RuleHit[];
}

export interface PersonChunk {
  /** The chunk's person ids, for the queries that fetch more about them. */
  readonly ids: readonly string[];
  readonly people: readonly ChunkPerson[];
  /** Where the next chunk starts; null after the last. */
  readonly next: ChunkCursor | null;
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

/** The last person id of the chunk before. */
export type ChunkCursor = string;

// Keyset over id, served by people_workspace_id (migration 0004) on both stores: each chunk
// costs its own rows, and its people's events are one range of the events index, (workspace,
// person id) from the chunk's first id to its last, instead of an `in` list of 2,000 ids (for
// which PostgreSQL's planner chose to scan the whole table, every chunk).
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
  if (after !== null) query = query.where('p.id', '>', after);

  return query.orderBy('p.id').limit(limit).execute();
}

export interface ChunkOptions extends ScanOptions {
  readonly size?: number;
  /** The models whose engagement rules the chunk's hits are read for. */
  readonly definitions: readonly ScoringDefinition[];
}

/**
 * One chunk of a workspace's people in id order, the `size` after `after` (null: from the
 * start), with their profiles and their events as hits under each of `definitions` (two
 * queries in all, see `scanHits`). Bulk scoring walks the workspace chunk by chunk, so that
 * memory stays bounded by the chunk, never by the workspace; a caller that needs the chunk's
 * reads and writes consistent runs this inside its transaction.
 */
export async function readChunk(
  db: Db,
  workspaceId: WorkspaceId,
  after: ChunkCursor | null,
  options: ChunkOptions,
): Promise<PersonChunk> {
  const size = options.size ?? DEFAULT_CHUNK;
  const rows = await peopleAfter(db, workspaceId, after, size);
  const ids = rows.map((row) => row.id);
  const first = rows[0];
  const last = rows[rows.length - 1];
  const scan =
    first && last
      ? await scanHits(
          db,
          workspaceId,
          { first: first.id, last: last.id },
          options.definitions,
          options,
        )
      : undefined;

  return {
    ids,
    people: rows.map((row) => ({
      id: row.id,
      profile: profileOfRow(row),
      hasEmail: Boolean(row.email),
      updatedAt: row.updated_at,
      hits: (d: number) => scan?.hitsOf(row.id, d) ?? [],
    })),
    next: rows.length < size || !last ? null : last.id,
  };
}
