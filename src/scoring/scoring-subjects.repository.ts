import { sql, type Kysely, type Transaction } from 'kysely';

import { rowArgs, slotList, slotRows } from '../ingest/compiled-rows.js';
import { runCompiled } from '../store/compiled-query.js';

import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { profileOfRow } from './person-chunks.repository.js';
import { toScoredEvent } from './scored-event.js';
import type { Profile, ScoredEvent } from './scoring-model.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What the pipeline knows about a person before scoring them. */
export interface PersonFacts {
  readonly profile: Profile;
  readonly ownerId: string | null;
  readonly companyOwnerId: string | null;
  readonly hasEmail: boolean;
}

// Ids per `in (...)` list: far below both stores' parameter limits.
const IDS_PER_QUERY = 500;

function slices<T>(list: readonly T[], size = IDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));

  return out;
}

function factsQuery(db: Db, ids: readonly string[]) {
  return runCompiled(
    db,
    `scoring.facts:${ids.length}`,
    (slot) => factsSelect(db).where('p.id', 'in', slotList(slot, 0, ids.length)),
    ids,
  );
}

function factsSelect(db: Db) {
  return db
    .selectFrom('people as p')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .select([
      'p.id',
      'p.workspace_id',
      'p.email',
      'p.user_id',
      'p.first_name',
      'p.last_name',
      'p.title',
      'p.phone',
      'p.source',
      'p.traits',
      'p.lifecycle_stage',
      'p.owner_id',
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
      'c.owner_id as company_owner_id',
      'c.traits as company_traits',
    ]);
}

type FactsRow = Awaited<ReturnType<typeof factsQuery>>[number];

function factsOfRow(row: FactsRow): PersonFacts {
  return {
    profile: profileOfRow(row),
    ownerId: row.owner_id,
    companyOwnerId: row.company_owner_id,
    hasEmail: Boolean(row.email),
  };
}

/** The facts of many people, a few queries in all. Unknown ids are left out. */
export async function loadFactsMany(
  db: Db,
  workspaceId: WorkspaceId,
  ids: readonly string[],
): Promise<Map<string, PersonFacts>> {
  const facts = new Map<string, PersonFacts>();
  for (const part of slices(ids)) {
    // By primary key alone, the workspace checked here: with the workspace in the condition,
    // SQLite's planner (without statistics) walks all of the workspace's people instead.
    for (const row of await factsQuery(db, part))
      if (row.workspace_id === workspaceId) facts.set(row.id, factsOfRow(row));
  }

  return facts;
}

/** The events of many people, oldest first per person, a few queries in all. */
export async function loadEventsMany(
  db: Db,
  workspaceId: WorkspaceId,
  ids: readonly string[],
): Promise<Map<string, ScoredEvent[]>> {
  const byPerson = new Map<string, ScoredEvent[]>(ids.map((id) => [id, []]));

  for (const part of slices(ids)) {
    const rows = await runCompiled(
      db,
      `scoring.events:${part.length}`,
      (slot) => eventsSelect(db, slot(0), slotList(slot, 1, part.length)),
      [workspaceId, ...part],
    );
    for (const row of rows) byPerson.get(row.person_id!)?.push(toScoredEvent(row));
  }

  return byPerson;
}

function eventsSelect(db: Db, workspaceId: string, ids: readonly string[]) {
  return db
    .selectFrom('events')
    .select([
      'id',
      'person_id',
      'type',
      'name',
      'properties',
      'occurred_at',
      // Only page and screen events can need their context (for the page path).
      sql<string | null>`case when type in ('page', 'screen') then context else null end`.as(
        'context',
      ),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', 'in', ids)
    .orderBy('person_id')
    .orderBy('occurred_at')
    .orderBy('id');
}

/** How many events each of `ids` has (every kind); people without any are left out. */
export async function countEventsMany(
  db: Db,
  workspaceId: WorkspaceId,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const part of slices(ids)) {
    const rows = await runCompiled(
      db,
      `scoring.countEvents:${part.length}`,
      (slot) =>
        db
          .selectFrom('events')
          .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', slot(0))
          .where('person_id', 'in', slotList(slot, 1, part.length))
          .groupBy('person_id'),
      [workspaceId, ...part],
    );
    for (const row of rows) counts.set(row.person_id!, Number(row.n));
  }

  return counts;
}

export type StoredScore = Pick<
  Database['person_scores'],
  'person_id' | 'model_id' | 'version_id' | 'fit_points' | 'grade' | 'engagement' | 'mql' | 'sql'
>;

/** The stored scores of many people, by person id. */
export async function loadScoresMany(
  db: Db,
  workspaceId: WorkspaceId,
  ids: readonly string[],
): Promise<Map<string, StoredScore[]>> {
  const byPerson = new Map<string, StoredScore[]>();

  for (const part of slices(ids)) {
    const rows = await runCompiled(
      db,
      `scoring.scores:${part.length}`,
      (slot) =>
        db
          .selectFrom('person_scores')
          .select([
            'workspace_id',
            'person_id',
            'model_id',
            'version_id',
            'fit_points',
            'grade',
            'engagement',
            'mql',
            'sql',
          ])
          .where('person_id', 'in', slotList(slot, 0, part.length)),
      part,
    );
    // By primary key alone, as for the facts; the workspace is checked here.
    for (const { workspace_id: rowWorkspace, ...row } of rows)
      if (rowWorkspace === workspaceId)
        byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
  }

  return byPerson;
}

// 11 columns a row: 500 rows stay below either store's limit of bound parameters.
const ROWS_PER_INSERT = 500;

const SCORE_COLUMNS = [
  'workspace_id',
  'person_id',
  'model_id',
  'version_id',
  'fit_points',
  'grade',
  'engagement',
  'mql',
  'sql',
  'scored_at',
] as const satisfies readonly (keyof Database['person_scores'])[];

const HISTORY_COLUMNS = [
  'id',
  'workspace_id',
  'person_id',
  'model_id',
  'version_id',
  'fit_points',
  'grade',
  'engagement',
  'cause',
  'cause_id',
  'at',
] as const satisfies readonly (keyof Database['score_history'])[];

/** Upserts current scores and appends history rows, in multi-row statements. */
export async function writeScores(
  db: Db,
  scores: readonly Database['person_scores'][],
  history: readonly Database['score_history'][],
): Promise<void> {
  for (const part of slices(scores, ROWS_PER_INSERT)) {
    await runCompiled(
      db,
      `scoring.upsertScores:${part.length}`,
      (slot) =>
        db
          .insertInto('person_scores')
          .values(slotRows<Database['person_scores']>(slot, SCORE_COLUMNS, part.length))
          .onConflict((oc) =>
            oc.columns(['person_id', 'model_id']).doUpdateSet((eb) => ({
              version_id: eb.ref('excluded.version_id'),
              fit_points: eb.ref('excluded.fit_points'),
              grade: eb.ref('excluded.grade'),
              engagement: eb.ref('excluded.engagement'),
              mql: eb.ref('excluded.mql'),
              sql: eb.ref('excluded.sql'),
              scored_at: eb.ref('excluded.scored_at'),
            })),
          ),
      rowArgs(SCORE_COLUMNS, part),
    );
  }

  for (const part of slices(history, ROWS_PER_INSERT)) {
    await runCompiled(
      db,
      `scoring.insertHistory:${part.length}`,
      (slot) =>
        db
          .insertInto('score_history')
          .values(slotRows<Database['score_history']>(slot, HISTORY_COLUMNS, part.length)),
      rowArgs(HISTORY_COLUMNS, part),
    );
  }
}
