import { sql, type Kysely, type SqlBool } from 'kysely';

import { notFound } from '../shared/app-error.js';
import { toIso } from '../shared/clock.js';
import type { WorkspaceId } from '../shared/ids.js';
import { decodeCursor, DEFAULT_LIMIT, expectCursorValue, pageOf } from '../shared/pagination.js';
import type { Database } from '../store/schema.js';
import type { Verdict } from './criteria.js';
import { pickModel } from './model-selection.js';
import { scorePerson } from './score-person.js';
import { loadEvents, loadFacts, publishedModels } from './scoring.pipeline.js';
import type { ScoredEvent, ScoringDefinition } from './scoring-model.js';

/** Whether MQL or SQL criteria hold, each criterion with its reason. */
export interface VerdictView {
  readonly met: boolean;
  readonly reasons: { text: string; met: boolean }[];
}

const verdictView = (verdict: Verdict): VerdictView => ({
  met: verdict.met,
  reasons: verdict.reasons.map((r) => ({ ...r })),
});

export interface EventRef {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly path: string | null;
  readonly at: string;
}

/** A person's score under one model, and why: every rule's points, every event's share. */
export interface PersonScoreView {
  readonly modelId: string;
  readonly modelName: string;
  readonly versionId: string;
  readonly version: number;
  /** False when nothing is stored yet and the numbers are computed now. */
  readonly stored: boolean;
  readonly fitPoints: number;
  readonly grade: string;
  readonly engagement: number;
  readonly mql: boolean;
  readonly sql: boolean;
  readonly scoredAt: string | null;
  readonly explanation: {
    readonly asOf: string;
    readonly fit: {
      readonly points: number;
      readonly grade: string;
      readonly rules: { ruleId: string; label: string; points: number; because: string }[];
    };
    readonly engagement: {
      readonly score: number;
      readonly capped: boolean;
      readonly rules: {
        ruleId: string;
        label: string;
        points: number;
        decayed: number;
        event: EventRef;
      }[];
      readonly skipped: { ruleId: string; reason: string; event: EventRef }[];
    };
    readonly mql: VerdictView;
    readonly sql: VerdictView;
  };
}

function refOf(events: Map<string, ScoredEvent>, id: string, at: number): EventRef {
  const event = events.get(id);

  return {
    id,
    type: event?.type ?? 'unknown',
    name: event?.name ?? null,
    path: event?.path ?? null,
    at: toIso(at),
  };
}

function explain(
  definition: ScoringDefinition,
  profile: Parameters<typeof scorePerson>[1],
  events: readonly ScoredEvent[],
  now: number,
): PersonScoreView['explanation'] {
  const card = scorePerson(definition, profile, events, now);
  const byId = new Map(events.map((e) => [e.id, e]));

  return {
    asOf: toIso(now),
    fit: {
      points: card.fit.points,
      grade: card.fit.grade,
      rules: card.fit.contributions.map((c) => ({ ...c })),
    },
    engagement: {
      score: card.engagement.score,
      capped: card.engagement.capped,
      rules: card.engagement.contributions
        .map((c) => ({
          ruleId: c.ruleId,
          label: c.label,
          points: c.points,
          decayed: c.decayed,
          event: refOf(byId, c.eventId, c.at),
        }))
        .sort((a, b) => (a.event.at < b.event.at ? 1 : a.event.at > b.event.at ? -1 : 0)),
      skipped: card.engagement.skipped.map((s) => ({
        ruleId: s.ruleId,
        reason: s.reason,
        event: refOf(byId, s.eventId, s.at),
      })),
    },
    mql: verdictView(card.mql),
    sql: verdictView(card.sql),
  };
}

/**
 * The person's current score under each model that scored them (normally one), each with its
 * explanation recomputed now from the person's events; when nothing is stored yet, the score
 * of the model that applies, computed now.
 */
export async function personScore(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  personId: string,
  now = Date.now(),
): Promise<PersonScoreView[]> {
  const facts = await loadFacts(db, workspaceId, personId);
  if (!facts) throw notFound('person', 'id');

  const events = await loadEvents(db, workspaceId, personId);
  const rows = await db
    .selectFrom('person_scores as s')
    .innerJoin('scoring_models as m', 'm.id', 's.model_id')
    .innerJoin('scoring_model_versions as v', 'v.id', 's.version_id')
    .select([
      's.model_id',
      'm.name',
      's.version_id',
      'v.version',
      'v.definition',
      's.fit_points',
      's.grade',
      's.engagement',
      's.mql',
      's.sql',
      's.scored_at',
    ])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.person_id', '=', personId)
    .orderBy('m.priority')
    .execute();

  if (rows.length > 0) {
    return rows.map((row) => ({
      modelId: row.model_id,
      modelName: row.name,
      versionId: row.version_id,
      version: row.version,
      stored: true,
      fitPoints: row.fit_points,
      grade: row.grade,
      engagement: row.engagement,
      mql: row.mql === 1,
      sql: row.sql === 1,
      scoredAt: row.scored_at,
      explanation: explain(
        JSON.parse(row.definition) as ScoringDefinition,
        facts.profile,
        events,
        now,
      ),
    }));
  }

  const model = pickModel(await publishedModels(db, workspaceId), facts.profile);
  if (!model) return [];

  const explanation = explain(model.definition, facts.profile, events, now);

  return [
    {
      modelId: model.modelId,
      modelName: model.modelName,
      versionId: model.versionId,
      version: model.version,
      stored: false,
      fitPoints: explanation.fit.points,
      grade: explanation.fit.grade,
      engagement: explanation.engagement.score,
      mql: explanation.mql.met,
      sql: explanation.sql.met,
      scoredAt: null,
      explanation,
    },
  ];
}

async function assertPerson(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  personId: string,
): Promise<void> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!row) throw notFound('person', 'id');
}

export interface Page {
  readonly limit?: number;
  readonly cursor?: string;
}

function before(column: 'h.at' | 'occurred_at', idColumn: 'h.id' | 'id', cursorText: string) {
  const cursor = expectCursorValue(decodeCursor(cursorText), 'time');
  const value = new Date(cursor.value as string).toISOString();

  return sql<SqlBool>`(${sql.ref(column)} < ${value} or (${sql.ref(column)} = ${value} and ${sql.ref(idColumn)} < ${cursor.id}))`;
}

/** One change of a person's score, with the version that made it and why. */
export interface ScoreHistoryEntryView {
  readonly id: string;
  readonly modelId: string;
  readonly modelName: string;
  readonly versionId: string;
  readonly version: number;
  readonly fitPoints: number;
  readonly grade: string;
  readonly engagement: number;
  readonly cause: string;
  readonly causeId: string | null;
  readonly at: string;
}

/** A person's score changes, newest first, each with the version that made it and why. */
export async function scoreHistory(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  personId: string,
  page: Page,
) {
  await assertPerson(db, workspaceId, personId);
  const limit = page.limit ?? DEFAULT_LIMIT;

  let query = db
    .selectFrom('score_history as h')
    .innerJoin('scoring_models as m', 'm.id', 'h.model_id')
    .innerJoin('scoring_model_versions as v', 'v.id', 'h.version_id')
    .select([
      'h.id',
      'h.model_id',
      'm.name',
      'h.version_id',
      'v.version',
      'h.fit_points',
      'h.grade',
      'h.engagement',
      'h.cause',
      'h.cause_id',
      'h.at',
    ])
    .where('h.workspace_id', '=', workspaceId)
    .where('h.person_id', '=', personId);
  if (page.cursor) query = query.where(before('h.at', 'h.id', page.cursor));

  const rows = await query
    .orderBy('h.at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(limit + 1)
    .execute();
  const views = rows.map((row): ScoreHistoryEntryView => ({
    id: row.id,
    modelId: row.model_id,
    modelName: row.name,
    versionId: row.version_id,
    version: row.version,
    fitPoints: row.fit_points,
    grade: row.grade,
    engagement: row.engagement,
    cause: row.cause,
    causeId: row.cause_id,
    at: row.at,
  }));

  return pageOf(views, limit, (view) => ({ value: view.at, id: view.id }));
}

/** A person's events, newest first. */
export async function personEvents(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  personId: string,
  page: Page,
) {
  await assertPerson(db, workspaceId, personId);
  const limit = page.limit ?? DEFAULT_LIMIT;

  let query = db
    .selectFrom('events')
    .select([
      'id',
      'message_id',
      'type',
      'name',
      'anonymous_id',
      'user_id',
      'properties',
      'context',
      'occurred_at',
      'received_at',
    ])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId);
  if (page.cursor) query = query.where(before('occurred_at', 'id', page.cursor));

  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const views = rows.map((row) => ({
    id: row.id,
    messageId: row.message_id,
    type: row.type,
    name: row.name,
    anonymousId: row.anonymous_id,
    userId: row.user_id,
    properties: JSON.parse(row.properties) as Record<string, unknown>,
    context: JSON.parse(row.context) as Record<string, unknown>,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
  }));

  return pageOf(views, limit, (view) => ({ value: view.occurredAt, id: view.id }));
}
