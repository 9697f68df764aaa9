import type { Insertable, Kysely, Transaction } from 'kysely';

import { recordAuditMany } from '../audit/audit.repository.js';
import { parseStages, requiresOwner, type StageDefinition } from '../lifecycle/stages.js';
import { automaticStage, checkTransition, DEFAULT_TRANSITIONS } from '../lifecycle/transitions.js';
import type { Actor } from '../shared/actor.js';
import { toIso } from '../shared/clock.js';
import { newId, type PersonId, type WorkspaceId } from '../shared/ids.js';
import { runCompiled } from '../store/compiled-query.js';
import type { Database } from '../store/schema.js';
import { pickModel } from './model-selection.js';
import { ruleHits, type RuleHit } from './engagement-score.js';
import type { HitCache, HitEntry } from './hit-cache.js';
import { mergeHits, scoreFromHits, type ScoreFigures } from './score-from-hits.js';
import {
  loadEventsMany,
  loadFactsMany,
  loadSubjectsMany,
  writeScores,
  type PersonFacts,
  type StoredScore,
} from './scoring-subjects.repository.js';
import type { Condition, Grade, ScoredEvent, ScoringDefinition } from './scoring-model.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Why a person is being scored; kept in the score history. */
export type ScoreCause =
  | { readonly kind: 'event'; readonly eventId: string }
  | { readonly kind: 'profile' }
  | { readonly kind: 'merge'; readonly mergedId: string }
  | { readonly kind: 'publish'; readonly versionId: string }
  | { readonly kind: 'import' };

export interface ScoreOutcome {
  readonly modelId: string;
  readonly versionId: string;
  readonly fitPoints: number;
  readonly grade: Grade;
  readonly engagement: number;
  readonly mql: boolean;
  readonly sql: boolean;
  readonly stage: string;
  /** The stage scoring moved the person to, if it did. */
  readonly movedTo?: string;
}

export interface PublishedModel {
  readonly modelId: string;
  readonly modelName: string;
  readonly versionId: string;
  readonly version: number;
  readonly priority: number;
  readonly segment: Condition | null;
  readonly definition: ScoringDefinition;
}

export const SCORING_ACTOR: Actor = { type: 'system', id: 'scoring' };

// Published versions never change, so their parsed definitions can be kept by version id.
const definitions = new Map<string, ScoringDefinition>();

function definitionOf(versionId: string, json: string): ScoringDefinition {
  let definition = definitions.get(versionId);
  if (!definition) {
    definition = JSON.parse(json) as ScoringDefinition;
    definitions.set(versionId, definition);
  }

  return definition;
}

/** The workspace's published model versions, highest priority (lowest number) first. */
export async function publishedModels(db: Db, workspaceId: WorkspaceId): Promise<PublishedModel[]> {
  const rows = await runCompiled(
    db,
    'scoring.publishedModels',
    (slot) =>
      db
        .selectFrom('scoring_model_versions as v')
        .innerJoin('scoring_models as m', 'm.id', 'v.model_id')
        .select([
          'm.id as model_id',
          'm.name',
          'm.priority',
          'm.segment',
          'v.id as version_id',
          'v.version',
          'v.definition',
        ])
        .where('v.workspace_id', '=', slot(0))
        .where('v.status', '=', 'published')
        .where('m.archived_at', 'is', null)
        .orderBy('m.priority')
        .orderBy('m.created_at'),
    [workspaceId],
  );

  return rows.map((row) => ({
    modelId: row.model_id,
    modelName: row.name,
    versionId: row.version_id,
    version: row.version,
    priority: row.priority,
    segment: row.segment ? (JSON.parse(row.segment) as Condition) : null,
    definition: definitionOf(row.version_id, row.definition),
  }));
}

/** One person's facts; see `loadFactsMany`. */
export async function loadFacts(
  db: Db,
  workspaceId: WorkspaceId,
  personId: string,
): Promise<PersonFacts | undefined> {
  return (await loadFactsMany(db, workspaceId, [personId])).get(personId);
}

export { pathOf, toScoredEvent } from './scored-event.js';

/** One person's events, oldest first; see `loadEventsMany`. */
export async function loadEvents(
  db: Db,
  workspaceId: WorkspaceId,
  personId: string,
): Promise<ScoredEvent[]> {
  return (await loadEventsMany(db, workspaceId, [personId])).get(personId) ?? [];
}

/** The id a score-history row keeps for its cause: the event, merged person or version. */
export function causeId(cause: ScoreCause): string | null {
  switch (cause.kind) {
    case 'event':
      return cause.eventId;
    case 'merge':
      return cause.mergedId;
    case 'publish':
      return cause.versionId;
    case 'profile':
    case 'import':
      return null;
    default: {
      const never: never = cause;
      throw new Error(`Unknown cause ${JSON.stringify(never)}`);
    }
  }
}

function scoreRow(
  workspaceId: WorkspaceId,
  personId: string,
  model: PublishedModel,
  card: ScoreFigures,
  at: string,
): Database['person_scores'] {
  return {
    workspace_id: workspaceId,
    person_id: personId,
    model_id: model.modelId,
    version_id: model.versionId,
    fit_points: card.fit.points,
    grade: card.fit.grade,
    engagement: card.engagement,
    mql: card.mql.met ? 1 : 0,
    sql: card.sql.met ? 1 : 0,
    scored_at: at,
  };
}

function unchanged(before: StoredScore | undefined, next: Database['person_scores']): boolean {
  return (
    before !== undefined &&
    before.version_id === next.version_id &&
    before.fit_points === next.fit_points &&
    before.grade === next.grade &&
    before.engagement === next.engagement &&
    before.mql === next.mql &&
    before.sql === next.sql
  );
}

/** A history row when the score itself (not only its verdicts) changed. */
function historyRow(
  before: StoredScore | undefined,
  next: Database['person_scores'],
  cause: ScoreCause,
  at: string,
): Database['score_history'] | undefined {
  const same =
    before !== undefined &&
    before.version_id === next.version_id &&
    before.fit_points === next.fit_points &&
    before.grade === next.grade &&
    before.engagement === next.engagement;
  if (same) return undefined;

  return {
    id: newId('scoreEntry'),
    workspace_id: next.workspace_id,
    person_id: next.person_id,
    model_id: next.model_id,
    version_id: next.version_id,
    fit_points: next.fit_points,
    grade: next.grade,
    engagement: next.engagement,
    cause: cause.kind,
    cause_id: causeId(cause),
    at,
  };
}

/**
 * Who owns a lead that scoring qualified when their company has no owner, until routing
 * exists: the manager of the first sales team, else the workspace's first admin.
 * TODO(#4): replace with the agreement's routing rules at handover.
 */
async function provisionalOwner(db: Db, workspaceId: WorkspaceId): Promise<string | undefined> {
  const manager = await db
    .selectFrom('teams')
    .select('manager_id')
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'sales')
    .where('manager_id', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst();
  if (manager?.manager_id) return manager.manager_id;

  const admin = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .executeTakeFirst();

  return admin?.user_id;
}

interface Lifecycle {
  readonly stages: readonly StageDefinition[];
  readonly transitions: Readonly<Record<string, readonly string[]>>;
}

async function workspaceLifecycle(db: Db, workspaceId: WorkspaceId): Promise<Lifecycle> {
  const row = await db
    .selectFrom('workspaces')
    .select(['lifecycle_stages', 'lifecycle_transitions'])
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();

  return {
    stages: parseStages(row.lifecycle_stages),
    transitions: row.lifecycle_transitions
      ? (JSON.parse(row.lifecycle_transitions) as Record<string, string[]>)
      : DEFAULT_TRANSITIONS,
  };
}

function qualificationReason(target: string, model: PublishedModel, card: ScoreFigures): string {
  const verdict = target === 'sql' ? card.sql : card.mql;
  const why = verdict.reasons
    .filter((r) => r.met)
    .map((r) => r.text)
    .join('; ');

  if (target === 'lead') return 'An e-mail address is known.';

  return `${target.toUpperCase()} criteria of ${model.modelName} v${model.version} met: ${why}.`;
}

/** A lifecycle move scoring decided on, written with the others of the request. */
interface Move {
  readonly personId: string;
  readonly from: string;
  readonly to: string;
  readonly fromOwnerId: string | null;
  readonly ownerId: string | null;
  readonly model: PublishedModel;
  readonly card: ScoreFigures;
}

/** What a request's moves need to know, read once each and only if a move needs it. */
interface MoveContext {
  lifecycle(): Promise<Lifecycle>;
  fallbackOwner(): Promise<string | undefined>;
}

function moveContext(db: Db, workspaceId: WorkspaceId): MoveContext {
  let lifecycle: Promise<Lifecycle> | undefined;
  let owner: Promise<string | undefined> | undefined;

  return {
    lifecycle: () => (lifecycle ??= workspaceLifecycle(db, workspaceId)),
    fallbackOwner: () => (owner ??= provisionalOwner(db, workspaceId)),
  };
}

/**
 * The lifecycle move the score calls for (Subscriber → Lead, → MQL, SAL → SQL), if the
 * workspace allows it, with the owner set where the stage needs one; undefined if none.
 */
async function automaticMove(
  personId: string,
  facts: PersonFacts,
  model: PublishedModel,
  card: ScoreFigures,
  context: MoveContext,
): Promise<Move | undefined> {
  const from = facts.profile.stage;
  const to = automaticStage({
    stage: from,
    hasEmail: facts.hasEmail,
    mql: card.mql.met,
    sql: card.sql.met,
  });
  if (!to) return undefined;

  const { stages, transitions } = await context.lifecycle();
  if (!checkTransition(stages, transitions, { from, to, cause: 'rule' }).ok) return undefined;

  const ownerId =
    facts.ownerId ??
    (requiresOwner(stages, to)
      ? (facts.companyOwnerId ?? (await context.fallbackOwner()))
      : null) ??
    null;
  if (requiresOwner(stages, to) && !ownerId) return undefined;

  return { personId, from, to, fromOwnerId: facts.ownerId, ownerId, model, card };
}

/**
 * Writes the moves: one update per (stage, owner) pair, each audited with its reason, and a
 * `lead.qualified` domain event for every move to MQL, for the handover to pick up.
 */
async function writeMoves(
  db: Db,
  workspaceId: WorkspaceId,
  moves: readonly Move[],
  at: string,
): Promise<void> {
  if (moves.length === 0) return;

  const groups = new Map<string, { to: string; ownerId: string | null; ids: string[] }>();
  for (const move of moves) {
    const key = `${move.to}\u0000${move.ownerId ?? ''}`;
    const group = groups.get(key) ?? { to: move.to, ownerId: move.ownerId, ids: [] };
    group.ids.push(move.personId);
    groups.set(key, group);
  }
  for (const { to, ownerId, ids } of groups.values()) {
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable('people')
        .set({ lifecycle_stage: to, owner_id: ownerId, updated_at: at })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  }

  await recordAuditMany(
    db,
    workspaceId,
    moves.map(({ personId, from, to, fromOwnerId, ownerId, model, card }) => ({
      actor: SCORING_ACTOR,
      entry: {
        action: 'person.stage_changed',
        subjectType: 'person',
        subjectId: personId,
        before: { lifecycleStage: from, ownerId: fromOwnerId },
        after: { lifecycleStage: to, ownerId, modelId: model.modelId, versionId: model.versionId },
        reason: qualificationReason(to, model, card),
      },
    })),
  );

  const qualified = moves.filter((move) => move.to === 'mql');
  for (let i = 0; i < qualified.length; i += 200)
    await db
      .insertInto('domain_events')
      .values(qualified.slice(i, i + 200).map((move) => qualifiedEvent(workspaceId, move, at)))
      .execute();
}

function qualifiedEvent(
  workspaceId: WorkspaceId,
  { personId, model, card }: Move,
  at: string,
): Insertable<Database['domain_events']> {
  const payload = {
    personId,
    modelId: model.modelId,
    versionId: model.versionId,
    version: model.version,
    fitPoints: card.fit.points,
    grade: card.fit.grade,
    engagement: card.engagement,
    reasons: card.mql.reasons,
  };

  return {
    id: newId('domainEvent'),
    workspace_id: workspaceId,
    type: 'lead.qualified',
    subject_id: personId,
    payload: JSON.stringify(payload),
    created_at: at,
    processed_at: null,
  };
}

function outcomeOf(
  model: PublishedModel,
  card: ScoreFigures,
  stage: string,
  movedTo: string | undefined,
): ScoreOutcome {
  return {
    modelId: model.modelId,
    versionId: model.versionId,
    fitPoints: card.fit.points,
    grade: card.fit.grade,
    engagement: card.engagement,
    mql: card.mql.met,
    sql: card.sql.met,
    stage: movedTo ?? stage,
    ...(movedTo ? { movedTo } : {}),
  };
}

export interface ScoreRequest {
  readonly personId: string;
  readonly cause: ScoreCause;
}

/**
 * Scoring from what the process remembers (ingest): the events the transaction added, per
 * person, and a cache of each person's rule hits. `fresh` receives the entries to remember
 * once the transaction has committed (the caller stores them; never before the commit).
 */
export interface IncrementalScoring {
  readonly cache: HitCache;
  readonly added: ReadonlyMap<string, readonly ScoredEvent[]>;
  readonly fresh: Map<string, HitEntry>;
}

interface Subject {
  readonly id: string;
  readonly model: PublishedModel;
  readonly facts: PersonFacts;
}

/**
 * Each subject's rule hits under their model: from the cache plus the added events where the
 * cache entry provably describes the stored events (same version; stored count = remembered
 * count + added), from the added events alone where they are all the person has, else from
 * all their events, read in one query for all of them.
 */
async function hitsOf(
  db: Db,
  workspaceId: WorkspaceId,
  subjects: readonly Subject[],
  incremental: (IncrementalScoring & { eventCounts: ReadonlyMap<string, number> }) | undefined,
): Promise<Map<string, { hits: RuleHit[]; count: number }>> {
  const result = new Map<string, { hits: RuleHit[]; count: number }>();
  let missing: Subject[] = [...subjects];

  if (incremental) {
    const counts = incremental.eventCounts;
    missing = [];
    for (const subject of subjects) {
      const { id, model } = subject;
      const entry = incremental.cache.get(workspaceId, id);
      const added = incremental.added.get(id) ?? [];
      const count = counts.get(id) ?? 0;
      if (entry && entry.versionId === model.versionId && entry.count + added.length === count) {
        const hits = mergeHits(entry.hits, ruleHits(model.definition, added));
        result.set(id, { hits, count });
      } else if (count === added.length) {
        // The request's own events are all the person has (someone new, say).
        result.set(id, { hits: ruleHits(model.definition, added), count });
      } else missing.push(subject);
    }
  }

  if (missing.length > 0) {
    const events = await loadEventsMany(
      db,
      workspaceId,
      missing.map((s) => s.id),
    );
    for (const { id, model } of missing) {
      const mine = events.get(id) ?? [];
      result.set(id, { hits: ruleHits(model.definition, mine), count: mine.length });
    }
  }

  return result;
}

/**
 * Re-scores people with the workspace's published models and makes the lifecycle moves their
 * scores call for, inside the caller's transaction, so that scores and stages are current when
 * the caller commits. A handful of queries whatever the number of people: models, facts,
 * events (or, with `incremental`, their counts and only the events of people the cache cannot
 * answer for) and stored scores are read in bulk, scores, stage moves and their audit entries
 * written in multi-row statements. People no published model applies to are left out.
 */
export async function scoreAndQualifyMany(
  db: Db,
  workspaceId: WorkspaceId,
  requests: readonly ScoreRequest[],
  now = Date.now(),
  incremental?: IncrementalScoring,
): Promise<Map<string, ScoreOutcome>> {
  const outcomes = new Map<string, ScoreOutcome>();
  const models = await publishedModels(db, workspaceId);
  if (requests.length === 0 || models.length === 0) return outcomes;

  const ids = [...new Set(requests.map((r) => r.personId))];
  const {
    facts,
    scores: stored,
    eventCounts,
  } = await loadSubjectsMany(db, workspaceId, ids, incremental !== undefined);
  const subjects: Subject[] = [];
  for (const id of ids) {
    const mine = facts.get(id);
    const model = mine ? pickModel(models, mine.profile) : undefined;
    if (mine && model) subjects.push({ id, model, facts: mine });
  }
  const hits = await hitsOf(
    db,
    workspaceId,
    subjects,
    incremental && { ...incremental, eventCounts },
  );

  const causes = new Map(requests.map((r) => [r.personId, r.cause]));
  const at = toIso(now);
  const scores: Database['person_scores'][] = [];
  const history: Database['score_history'][] = [];
  const cards = new Map<
    string,
    { model: PublishedModel; card: ScoreFigures; facts: PersonFacts }
  >();

  for (const { id, model, facts: mine } of subjects) {
    const known = hits.get(id)!;
    const card = scoreFromHits(model.definition, mine.profile, known.hits, now);
    incremental?.fresh.set(id, {
      versionId: model.versionId,
      count: known.count,
      hits: known.hits,
    });
    const row = scoreRow(workspaceId, id, model, card, at);
    const before = stored.get(id)?.find((s) => s.model_id === model.modelId);
    if (!unchanged(before, row)) scores.push(row);

    const entry = historyRow(before, row, causes.get(id)!, at);
    if (entry) history.push(entry);
    cards.set(id, { model, card, facts: mine });
  }

  await writeScores(db, scores, history);

  const context = moveContext(db, workspaceId);
  const moves: Move[] = [];
  for (const [id, { model, card, facts: mine }] of cards) {
    const move = await automaticMove(id, mine, model, card, context);
    if (move) moves.push(move);
    outcomes.set(id, outcomeOf(model, card, mine.profile.stage, move?.to));
  }
  await writeMoves(db, workspaceId, moves, at);

  return outcomes;
}

/** `scoreAndQualifyMany` for one person; undefined when no published model applies. */
export async function scoreAndQualify(
  db: Db,
  workspaceId: WorkspaceId,
  personId: PersonId | string,
  cause: ScoreCause,
  now = Date.now(),
): Promise<ScoreOutcome | undefined> {
  return (await scoreAndQualifyMany(db, workspaceId, [{ personId, cause }], now)).get(personId);
}
