import { sql, type Kysely, type Transaction } from 'kysely';

import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { RuleHit } from './engagement-score.js';
import { scanHits, type ScanOptions } from './event-scan.repository.js';
import type { Condition, Criterion, Profile, ScoringDefinition } from './scoring-model.js';

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

/**
 * The profile fields that some conditions read: for `person` and `company`, the set of their
 * fields named (`person.title` → title), or 'all' when a condition reads the whole object.
 * Bulk scoring reads only these from the store, so that a model that looks at a title and an
 * industry does not pay for every column and two JSON parses a person.
 */
export interface ProfileFields {
  readonly person: ReadonlySet<string> | 'all';
  readonly company: ReadonlySet<string> | 'all';
}

export const ALL_FIELDS: ProfileFields = { person: 'all', company: 'all' };

export function profileFieldsOf(conditions: Iterable<Condition>): ProfileFields {
  const person = new Set<string>();
  const company = new Set<string>();
  let allPerson = false;
  let allCompany = false;
  for (const { attribute } of conditions) {
    const [root, field] = attribute.split('.');
    if (root === 'person') {
      if (field === undefined) allPerson = true;
      else person.add(field);
    } else if (root === 'company') {
      if (field === undefined) allCompany = true;
      else company.add(field);
    }
  }

  return { person: allPerson ? 'all' : person, company: allCompany ? 'all' : company };
}

/** Every condition of a criterion (MQL, SQL), depth first. */
export function* criterionConditions(criterion: Criterion): Generator<Condition> {
  if ('all' in criterion) for (const part of criterion.all) yield* criterionConditions(part);
  else if ('any' in criterion) for (const part of criterion.any) yield* criterionConditions(part);
  else if ('not' in criterion) yield* criterionConditions(criterion.not);
  else if ('condition' in criterion) yield criterion.condition;
}

/** Every condition a model reads a profile with: fit rules, MQL and SQL criteria. */
export function* definitionConditions(definition: ScoringDefinition): Generator<Condition> {
  for (const rule of definition.fitRules) yield rule.condition;
  yield* criterionConditions(definition.mql);
  yield* criterionConditions(definition.sql);
}

const PERSON_FIELDS = {
  email: 'email',
  userId: 'user_id',
  firstName: 'first_name',
  lastName: 'last_name',
  title: 'title',
  phone: 'phone',
  source: 'source',
  createdAt: 'created_at',
  traits: 'traits',
} as const satisfies Record<string, keyof ProfileRow>;
const COMPANY_FIELDS = {
  name: 'company_name',
  domain: 'domain',
  industry: 'industry',
  employees: 'employees',
  annualRevenue: 'annual_revenue',
  region: 'region',
  country: 'country',
  traits: 'company_traits',
} as const satisfies Record<string, keyof ProfileRow>;
const JSON_COLUMNS: ReadonlySet<keyof ProfileRow> = new Set(['traits', 'company_traits']);

const wanted = (fields: ReadonlySet<string> | 'all', field: string): boolean =>
  fields === 'all' || fields.has(field);

/**
 * `profileOfRow` with only `fields`: what the conditions do not read is left out (a condition
 * reads a missing field and a field that is not there alike: both are undefined).
 */
export function narrowProfileOfRow(row: ProfileRow, fields: ProfileFields): Profile {
  const pick = (map: Record<string, keyof ProfileRow>, which: ReadonlySet<string> | 'all') => {
    const out: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(map)) {
      if (!wanted(which, field)) continue;
      const value = row[column];
      out[field] = JSON_COLUMNS.has(column)
        ? (JSON.parse((value as string | null) ?? '{}') as unknown)
        : value;
    }

    return out;
  };

  return {
    person: { ...pick(PERSON_FIELDS, fields.person), email: row.email },
    company: row.company_id ? pick(COMPANY_FIELDS, fields.company) : null,
    stage: row.lifecycle_stage,
  };
}

// Keyset over id, served by people_workspace_id (migration 0004) on both stores: each chunk
// costs its own rows, and its people's events are one range of the events index, (workspace,
// person id) from the chunk's first id to its last, instead of an `in` list of 2,000 ids (for
// which PostgreSQL's planner chose to scan the whole table, every chunk). Columns no condition
// reads come back as NULL.
function peopleAfter(
  db: Db,
  workspaceId: WorkspaceId,
  after: ChunkCursor | null,
  limit: number,
  fields: ProfileFields,
): Promise<ProfileRow[]> {
  // E-mail (whether a person can become a lead) and times are always read. company_name is
  // c.name, company_traits c.traits; every other alias is its column's name.
  const personColumns = Object.entries(PERSON_FIELDS)
    .filter(([, alias]) => alias !== 'created_at' && alias !== 'email')
    .map(([field, alias]) =>
      (wanted(fields.person, field) ? sql.ref(`p.${alias}`) : sql`null`).as(alias),
    );
  const companyColumns = Object.entries(COMPANY_FIELDS).map(([field, alias]) =>
    (wanted(fields.company, field) ? sql.ref(`c.${alias.replace(/^company_/, '')}`) : sql`null`).as(
      alias,
    ),
  );

  let query = db
    .selectFrom('people as p')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .select([
      'p.id',
      'p.email',
      'p.lifecycle_stage',
      'p.created_at',
      'p.updated_at',
      'c.id as company_id',
      ...personColumns,
      ...companyColumns,
    ])
    .where('p.workspace_id', '=', workspaceId);
  if (after !== null) query = query.where('p.id', '>', after);

  return query.orderBy('p.id').limit(limit).execute() as Promise<ProfileRow[]>;
}

export interface ChunkOptions extends ScanOptions {
  readonly size?: number;
  /** The models whose engagement rules the chunk's hits are read for. */
  readonly definitions: readonly ScoringDefinition[];
  /** The profile fields to read (`profileFieldsOf`); all when left out. */
  readonly fields?: ProfileFields;
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
  const fields = options.fields ?? ALL_FIELDS;
  const rows = await peopleAfter(db, workspaceId, after, size, fields);
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
      profile: options.fields ? narrowProfileOfRow(row, fields) : profileOfRow(row),
      hasEmail: Boolean(row.email),
      updatedAt: row.updated_at,
      hits: (d: number) => scan?.hitsOf(row.id, d) ?? [],
    })),
    next: rows.length < size || !last ? null : last.id,
  };
}
