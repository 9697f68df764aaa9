import type { Kysely, Transaction } from 'kysely';

import { automaticStage } from '../lifecycle/transitions.js';
import { newId, type WorkspaceId } from '../shared/ids.js';
import { toIso } from '../shared/clock.js';
import type { Database } from '../store/schema.js';
import { meets } from './criteria.js';
import { engagementScore } from './engagement-score.js';
import { fitScore } from './fit-score.js';
import { pickModel } from './model-selection.js';
import { DEFAULT_CHUNK, personChunks, type ChunkPerson } from './person-chunks.repository.js';
import {
  causeId,
  publishedModels,
  scoreAndQualifyMany,
  type PublishedModel,
  type ScoreCause,
} from './scoring.pipeline.js';

type ScoreRow = Database['person_scores'];
type HistoryRow = Database['score_history'];

export interface RescoreSummary {
  /** People the run looked at and scored. */
  readonly scored: number;
  /** Of those, whose stored score changed (new version, points, grade or engagement). */
  readonly changed: number;
  /** Of those, whom the new score moved to another lifecycle stage. */
  readonly moved: number;
}

export interface RescoreOptions {
  /** Only people this model applies to, or whose stored score came from it. All when left out. */
  readonly modelId?: string;
  readonly cause: ScoreCause;
  readonly now?: number;
  readonly chunkSize?: number;
  /** False to store scores without moving anyone's stage (seeded history). Default true. */
  readonly applyMoves?: boolean;
}

// Rows per multi-row INSERT: 500 × 11 columns stays far below both stores' parameter limits.
const ROWS_PER_INSERT = 500;

interface Planned {
  readonly upserts: ScoreRow[];
  readonly history: HistoryRow[];
  /** Stored rows of models that no longer apply to their person. */
  readonly stale: { person_id: string; model_id: string }[];
  readonly movers: string[];
  scored: number;
}

function sameScore(a: ScoreRow | undefined, b: ScoreRow): boolean {
  return (
    a !== undefined &&
    a.version_id === b.version_id &&
    a.fit_points === b.fit_points &&
    a.grade === b.grade &&
    a.engagement === b.engagement &&
    a.mql === b.mql &&
    a.sql === b.sql
  );
}

function historyWorthy(a: ScoreRow | undefined, b: ScoreRow): boolean {
  return (
    a === undefined ||
    a.version_id !== b.version_id ||
    a.fit_points !== b.fit_points ||
    a.grade !== b.grade ||
    a.engagement !== b.engagement
  );
}

/** Scores one person with `model` the fast way: no reasons, only the numbers and verdicts. */
function scoreRow(
  workspaceId: WorkspaceId,
  person: ChunkPerson,
  model: PublishedModel,
  now: number,
  at: string,
): ScoreRow {
  const definition = model.definition;
  const fit = fitScore(definition, person.profile);
  const engagement = engagementScore(definition, person.events, now).score;
  const facts = { grade: fit.grade, fit: fit.points, engagement, profile: person.profile };

  return {
    workspace_id: workspaceId,
    person_id: person.id,
    model_id: model.modelId,
    version_id: model.versionId,
    fit_points: fit.points,
    grade: fit.grade,
    engagement,
    mql: meets(definition.mql, facts) ? 1 : 0,
    sql: meets(definition.sql, facts) ? 1 : 0,
    scored_at: at,
  };
}

function plan(
  workspaceId: WorkspaceId,
  people: readonly ChunkPerson[],
  stored: Map<string, ScoreRow[]>,
  models: readonly PublishedModel[],
  options: RescoreOptions & { now: number },
): Planned {
  const at = toIso(options.now);
  const planned: Planned = { upserts: [], history: [], stale: [], movers: [], scored: 0 };

  for (const person of people) {
    const mine = stored.get(person.id) ?? [];
    const model = pickModel(models, person.profile);
    const affected =
      !options.modelId ||
      model?.modelId === options.modelId ||
      mine.some((r) => r.model_id === options.modelId);
    if (!affected) continue;

    for (const row of mine)
      if (row.model_id !== model?.modelId)
        planned.stale.push({ person_id: person.id, model_id: row.model_id });
    if (!model) continue;

    planned.scored++;
    const next = scoreRow(workspaceId, person, model, options.now, at);
    const before = mine.find((r) => r.model_id === model.modelId);
    if (!sameScore(before, next)) planned.upserts.push(next);
    if (historyWorthy(before, next)) {
      planned.history.push({
        id: newId('scoreEntry'),
        workspace_id: workspaceId,
        person_id: person.id,
        model_id: model.modelId,
        version_id: model.versionId,
        fit_points: next.fit_points,
        grade: next.grade,
        engagement: next.engagement,
        cause: options.cause.kind,
        cause_id: causeId(options.cause),
        at,
      });
    }

    const stage = automaticStage({
      stage: person.profile.stage,
      hasEmail: person.hasEmail,
      mql: next.mql === 1,
      sql: next.sql === 1,
    });
    if (stage && options.applyMoves !== false) planned.movers.push(person.id);
  }

  return planned;
}

async function storedScores(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  ids: readonly string[],
): Promise<Map<string, ScoreRow[]>> {
  const rows = await db
    .selectFrom('person_scores')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('person_id', 'in', ids)
    .execute();
  const byPerson = new Map<string, ScoreRow[]>();
  for (const row of rows)
    byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);

  return byPerson;
}

async function write(
  trx: Transaction<Database>,
  workspaceId: WorkspaceId,
  planned: Planned,
): Promise<void> {
  for (let i = 0; i < planned.upserts.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('person_scores')
      .values(planned.upserts.slice(i, i + ROWS_PER_INSERT))
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
      )
      .execute();
  }
  for (let i = 0; i < planned.history.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('score_history')
      .values(planned.history.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
  for (const stale of planned.stale) {
    await trx
      .deleteFrom('person_scores')
      .where('workspace_id', '=', workspaceId)
      .where('person_id', '=', stale.person_id)
      .where('model_id', '=', stale.model_id)
      .execute();
  }
}

/**
 * Re-scores a workspace's people in bulk, `chunkSize` people at a time in id order, each chunk
 * in its own transaction: scores computed with the pure scorer, stored scores upserted in
 * multi-row statements, history rows only where the score changed. People whose new score
 * calls for a lifecycle move (→ Lead, → MQL, SAL → SQL) go through the single-person pipeline
 * (`scoreAndQualifyMany`, one call a chunk), which makes the move with its audit entry and `lead.qualified` event;
 * they are few next to the chunk. Memory is bounded by one chunk's people and events.
 */
export async function rescoreWorkspace(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  options: RescoreOptions,
): Promise<RescoreSummary> {
  const now = options.now ?? Date.now();
  const models = await publishedModels(db, workspaceId);
  const summary = { scored: 0, changed: 0, moved: 0 };

  for await (const chunk of personChunks(db, workspaceId, {
    size: options.chunkSize ?? DEFAULT_CHUNK,
  })) {
    const stored = await storedScores(db, workspaceId, chunk.ids);
    const planned = plan(workspaceId, chunk.people, stored, models, { ...options, now });

    await db.transaction().execute(async (trx) => {
      await write(trx, workspaceId, planned);
      const requests = planned.movers.map((personId) => ({ personId, cause: options.cause }));
      const outcomes = await scoreAndQualifyMany(trx, workspaceId, requests, now);
      for (const outcome of outcomes.values()) if (outcome.movedTo) summary.moved++;
    });

    summary.scored += planned.scored;
    summary.changed += planned.upserts.length;
  }

  return summary;
}

/** Re-scores everyone whom the model applies to, or whose score it made; after a publish. */
export function rescoreModel(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  modelId: string,
  cause: ScoreCause,
  now?: number,
): Promise<RescoreSummary> {
  return rescoreWorkspace(db, workspaceId, {
    modelId,
    cause,
    ...(now === undefined ? {} : { now }),
  });
}
