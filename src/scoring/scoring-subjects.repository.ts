import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';

import { rowArgs, slotList, slotRows } from '../ingest/compiled-rows.js';
import { runCompiled, type Slot } from '../store/compiled-query.js';
import { dialectOf } from '../store/dialect-of.js';

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

function factsOfRow(
  row: FactsRow | Awaited<ReturnType<typeof subjectsQuery>>[number],
): PersonFacts {
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

/** What scoring reads of a person in one go: facts, stored scores, and how many events. */
export interface Subjects {
  readonly facts: Map<string, PersonFacts>;
  readonly scores: Map<string, StoredScore[]>;
  /** With `countEvents` only: every person's number of stored events, of every kind. */
  readonly eventCounts: Map<string, number>;
}

function subjectsQuery(db: Db, ids: readonly string[], countEvents: boolean) {
  return runCompiled(
    db,
    `scoring.subjects:${countEvents ? 'counted' : 'plain'}:${ids.length}`,
    (slot) =>
      factsSelect(db)
        .leftJoin('person_scores as s', 's.person_id', 'p.id')
        .select([
          's.model_id as score_model_id',
          's.version_id as score_version_id',
          's.fit_points as score_fit_points',
          's.grade as score_grade',
          's.engagement as score_engagement',
          's.mql as score_mql',
          's.sql as score_sql',
        ])
        .select((eb) =>
          (countEvents
            ? eb
                .selectFrom('events as e')
                .select(eb.fn.countAll<number>().as('n'))
                .whereRef('e.workspace_id', '=', 'p.workspace_id')
                .whereRef('e.person_id', '=', 'p.id')
            : eb.val<number | null>(null)
          ).as('event_count'),
        )
        .where('p.id', 'in', slotList(slot, 0, ids.length)),
    ids,
  );
}

/**
 * Facts, stored scores and (with `countEvents`) event counts of many people in one query per
 * 500 people: what `loadFactsMany` and `loadScoresMany` read, in one round trip.
 */
export async function loadSubjectsMany(
  db: Db,
  workspaceId: WorkspaceId,
  ids: readonly string[],
  countEvents: boolean,
): Promise<Subjects> {
  const subjects: Subjects = { facts: new Map(), scores: new Map(), eventCounts: new Map() };
  for (const part of slices(ids)) {
    // By primary key alone, the workspace checked here (see loadFactsMany).
    for (const row of await subjectsQuery(db, part, countEvents)) {
      if (row.workspace_id !== workspaceId) continue;
      if (!subjects.facts.has(row.id)) subjects.facts.set(row.id, factsOfRow(row));
      if (row.event_count !== null) subjects.eventCounts.set(row.id, Number(row.event_count));
      if (row.score_model_id === null) continue;

      const score: StoredScore = {
        person_id: row.id,
        model_id: row.score_model_id,
        version_id: row.score_version_id!,
        fit_points: row.score_fit_points!,
        grade: row.score_grade!,
        engagement: row.score_engagement!,
        mql: row.score_mql!,
        sql: row.score_sql!,
      };
      subjects.scores.set(row.id, [...(subjects.scores.get(row.id) ?? []), score]);
    }
  }

  return subjects;
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

export type StoredScore = Pick<
  Database['person_scores'],
  'person_id' | 'model_id' | 'version_id' | 'fit_points' | 'grade' | 'engagement' | 'mql' | 'sql'
>;

// 11 columns a row: 500 rows stay below either store's limit of bound parameters.
const ROWS_PER_INSERT = 500;

export const SCORE_COLUMNS = [
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

export const HISTORY_COLUMNS = [
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

type ScoreRow = Database['person_scores'];
type HistoryRow = Database['score_history'];

function upsertScores(db: Db | QueryCreator<Database>, slot: Slot, count: number) {
  return db
    .insertInto('person_scores')
    .values(slotRows<ScoreRow>(slot, SCORE_COLUMNS, count))
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
    );
}

/**
 * PostgreSQL: the scores and their history rows in one statement (the upsert as a
 * data-modifying `with`), one round trip instead of two, for writes that fit one of each.
 */
async function writeScoresWithHistory(
  db: Db,
  scores: readonly ScoreRow[],
  history: readonly HistoryRow[],
): Promise<void> {
  const first = scores.length * SCORE_COLUMNS.length;

  await runCompiled(
    db,
    `scoring.upsertScoresWithHistory:${scores.length}:${history.length}`,
    (slot) =>
      db
        .with('upserted', (qc) => upsertScores(qc, slot, scores.length).returning('person_id'))
        .insertInto('score_history')
        .values(slotRows<HistoryRow>(slot, HISTORY_COLUMNS, history.length, first)),
    [...rowArgs(SCORE_COLUMNS, scores), ...rowArgs(HISTORY_COLUMNS, history)],
  );
}

/** Upserts current scores and appends history rows, in multi-row statements. */
export async function writeScores(
  db: Db,
  scores: readonly ScoreRow[],
  history: readonly HistoryRow[],
): Promise<void> {
  const together =
    dialectOf(db) === 'postgres' &&
    scores.length > 0 &&
    history.length > 0 &&
    scores.length <= ROWS_PER_INSERT &&
    history.length <= ROWS_PER_INSERT;
  if (together) return writeScoresWithHistory(db, scores, history);

  for (const part of slices(scores, ROWS_PER_INSERT)) {
    await runCompiled(
      db,
      `scoring.upsertScores:${part.length}`,
      (slot) => upsertScores(db, slot, part.length),
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
          .values(slotRows<HistoryRow>(slot, HISTORY_COLUMNS, part.length)),
      rowArgs(HISTORY_COLUMNS, part),
    );
  }
}
