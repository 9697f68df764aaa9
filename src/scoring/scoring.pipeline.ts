import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import { parseStages, requiresOwner } from '../lifecycle/stages.js';
import { automaticStage, checkTransition, DEFAULT_TRANSITIONS } from '../lifecycle/transitions.js';
import type { Actor } from '../shared/actor.js';
import { toIso } from '../shared/clock.js';
import { newId, type PersonId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { holds } from './conditions.js';
import { scorePerson, type ScoreCard } from './score-person.js';
import type { Condition, Grade, Profile, ScoredEvent, ScoringDefinition } from './scoring-model.js';

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
  const rows = await db
    .selectFrom('scoring_model_versions as v')
    .innerJoin('scoring_models as m', 'm.id', 'v.model_id')
    .select(['m.id as model_id', 'm.name', 'm.priority', 'm.segment', 'v.id as version_id', 'v.version', 'v.definition'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.status', '=', 'published')
    .where('m.archived_at', 'is', null)
    .orderBy('m.priority')
    .orderBy('m.created_at')
    .execute();

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

/**
 * The model that scores a person: the first (by priority) whose segment holds for them, else
 * the first without a segment. `models` must be in priority order.
 */
export function chooseModel<M extends { segment: Condition | null }>(models: readonly M[], profile: Profile): M | undefined {
  return models.find((m) => m.segment !== null && holds(m.segment, profile)) ?? models.find((m) => m.segment === null);
}

interface PersonFacts {
  readonly profile: Profile;
  readonly ownerId: string | null;
  readonly companyOwnerId: string | null;
  readonly hasEmail: boolean;
}

/** A person and their company as scoring reads them: `person.title`, `company.industry`, ... */
export async function loadFacts(db: Db, workspaceId: WorkspaceId, personId: string): Promise<PersonFacts | undefined> {
  const row = await db
    .selectFrom('people as p')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .select([
      'p.email', 'p.user_id', 'p.first_name', 'p.last_name', 'p.title', 'p.phone', 'p.source', 'p.traits',
      'p.lifecycle_stage', 'p.owner_id', 'p.created_at',
      'c.id as company_id', 'c.name as company_name', 'c.domain', 'c.industry', 'c.employees',
      'c.annual_revenue', 'c.region', 'c.country', 'c.owner_id as company_owner_id', 'c.traits as company_traits',
    ])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;

  return {
    profile: {
      person: {
        email: row.email, userId: row.user_id, firstName: row.first_name, lastName: row.last_name,
        title: row.title, phone: row.phone, source: row.source, createdAt: row.created_at,
        traits: JSON.parse(row.traits) as Record<string, unknown>,
      },
      company: row.company_id
        ? {
            name: row.company_name, domain: row.domain, industry: row.industry, employees: row.employees,
            annualRevenue: row.annual_revenue, region: row.region, country: row.country,
            traits: JSON.parse(row.company_traits ?? '{}') as Record<string, unknown>,
          }
        : null,
      stage: row.lifecycle_stage,
    },
    ownerId: row.owner_id,
    companyOwnerId: row.company_owner_id,
    hasEmail: Boolean(row.email),
  };
}

/** The page path of an event: Segment puts it in properties.path, or in context.page.path. */
export function pathOf(type: string, properties: Record<string, unknown>, contextJson: string): string | null {
  if (type !== 'page' && type !== 'screen') return null;
  if (typeof properties.path === 'string') return properties.path;

  const page = (JSON.parse(contextJson) as { page?: { path?: unknown } }).page;

  return typeof page?.path === 'string' ? page.path : null;
}

export function toScoredEvent(row: { id: string; type: string; name: string | null; properties: string; context: string; occurred_at: string }): ScoredEvent {
  const properties = JSON.parse(row.properties) as Record<string, unknown>;

  return { id: row.id, type: row.type, name: row.name, path: pathOf(row.type, properties, row.context), properties, at: Date.parse(row.occurred_at) };
}

export async function loadEvents(db: Db, workspaceId: WorkspaceId, personId: string): Promise<ScoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'type', 'name', 'properties', 'context', 'occurred_at'])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .orderBy('occurred_at')
    .execute();

  return rows.map(toScoredEvent);
}

function causeId(cause: ScoreCause): string | null {
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

/** Upserts the current score; appends to the history only when the score changed. */
export async function saveScore(
  db: Db,
  workspaceId: WorkspaceId,
  personId: string,
  model: PublishedModel,
  card: ScoreCard,
  cause: ScoreCause,
  at: string,
): Promise<void> {
  const values = {
    version_id: model.versionId,
    fit_points: card.fit.points,
    grade: card.fit.grade,
    engagement: card.engagement.score,
    mql: card.mql.met ? 1 : 0,
    sql: card.sql.met ? 1 : 0,
    scored_at: at,
  };
  const before = await db
    .selectFrom('person_scores')
    .select(['version_id', 'fit_points', 'grade', 'engagement'])
    .where('person_id', '=', personId)
    .where('model_id', '=', model.modelId)
    .executeTakeFirst();

  await db
    .insertInto('person_scores')
    .values({ workspace_id: workspaceId, person_id: personId, model_id: model.modelId, ...values })
    .onConflict((oc) => oc.columns(['person_id', 'model_id']).doUpdateSet(values))
    .execute();

  const changed =
    !before || before.version_id !== values.version_id || before.fit_points !== values.fit_points ||
    before.grade !== values.grade || before.engagement !== values.engagement;
  if (!changed) return;

  await db
    .insertInto('score_history')
    .values({
      id: newId('scoreEntry'),
      workspace_id: workspaceId,
      person_id: personId,
      model_id: model.modelId,
      version_id: model.versionId,
      fit_points: values.fit_points,
      grade: values.grade,
      engagement: values.engagement,
      cause: cause.kind,
      cause_id: causeId(cause),
      at,
    })
    .execute();
}

/**
 * Who owns a lead that scoring qualified, until routing exists: the company's owner, else the
 * manager of the first sales team, else the workspace's first admin.
 * TODO(#4): replace with the agreement's routing rules at handover.
 */
async function provisionalOwner(db: Db, workspaceId: WorkspaceId, companyOwnerId: string | null): Promise<string | undefined> {
  if (companyOwnerId) return companyOwnerId;

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

async function workspaceLifecycle(db: Db, workspaceId: WorkspaceId) {
  const row = await db
    .selectFrom('workspaces')
    .select(['lifecycle_stages', 'lifecycle_transitions'])
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();

  return {
    stages: parseStages(row.lifecycle_stages),
    transitions: row.lifecycle_transitions ? (JSON.parse(row.lifecycle_transitions) as Record<string, string[]>) : DEFAULT_TRANSITIONS,
  };
}

function qualificationReason(target: string, model: PublishedModel, card: ScoreCard): string {
  const verdict = target === 'sql' ? card.sql : card.mql;
  const why = verdict.reasons.filter((r) => r.met).map((r) => r.text).join('; ');

  if (target === 'lead') return 'An e-mail address is known.';

  return `${target.toUpperCase()} criteria of ${model.modelName} v${model.version} met: ${why}.`;
}

/**
 * Makes the lifecycle move the score calls for (Subscriber → Lead, → MQL, SAL → SQL), if the
 * workspace allows it: owner set where the stage needs one, audited with the reason, and a
 * `lead.qualified` domain event for the handover to pick up.
 */
async function applyAutomaticMove(
  db: Db,
  workspaceId: WorkspaceId,
  personId: string,
  facts: PersonFacts,
  model: PublishedModel,
  card: ScoreCard,
  at: string,
): Promise<string | undefined> {
  const from = facts.profile.stage;
  const to = automaticStage({ stage: from, hasEmail: facts.hasEmail, mql: card.mql.met, sql: card.sql.met });
  if (!to) return undefined;

  const lifecycle = await workspaceLifecycle(db, workspaceId);
  if (!checkTransition(lifecycle.stages, lifecycle.transitions, { from, to, cause: 'rule' }).ok) return undefined;

  const ownerId = facts.ownerId ?? (requiresOwner(lifecycle.stages, to) ? await provisionalOwner(db, workspaceId, facts.companyOwnerId) : null) ?? null;
  if (requiresOwner(lifecycle.stages, to) && !ownerId) return undefined;

  const reason = qualificationReason(to, model, card);
  await db.updateTable('people').set({ lifecycle_stage: to, owner_id: ownerId, updated_at: at }).where('id', '=', personId).execute();
  await recordAudit(db, workspaceId, SCORING_ACTOR, {
    action: 'person.stage_changed',
    subjectType: 'person',
    subjectId: personId,
    before: { lifecycleStage: from, ownerId: facts.ownerId },
    after: { lifecycleStage: to, ownerId, modelId: model.modelId, versionId: model.versionId },
    reason,
  });

  if (to === 'mql') await recordQualified(db, workspaceId, personId, model, card, at);

  return to;
}

async function recordQualified(db: Db, workspaceId: WorkspaceId, personId: string, model: PublishedModel, card: ScoreCard, at: string): Promise<void> {
  const payload = {
    personId,
    modelId: model.modelId,
    versionId: model.versionId,
    version: model.version,
    fitPoints: card.fit.points,
    grade: card.fit.grade,
    engagement: card.engagement.score,
    reasons: card.mql.reasons,
  };

  await db
    .insertInto('domain_events')
    .values({ id: newId('domainEvent'), workspace_id: workspaceId, type: 'lead.qualified', subject_id: personId, payload: JSON.stringify(payload), created_at: at, processed_at: null })
    .execute();
}

/**
 * Re-scores one person with the workspace's published model and makes the lifecycle move it
 * calls for, inside the caller's transaction, so that score and stage are current when the
 * caller commits. Returns undefined when no published model applies to the person.
 */
export async function scoreAndQualify(
  db: Db,
  workspaceId: WorkspaceId,
  personId: PersonId | string,
  cause: ScoreCause,
  now = Date.now(),
): Promise<ScoreOutcome | undefined> {
  const facts = await loadFacts(db, workspaceId, personId);
  if (!facts) return undefined;

  const model = chooseModel(await publishedModels(db, workspaceId), facts.profile);
  if (!model) return undefined;

  const at = toIso(now);
  const card = scorePerson(model.definition, facts.profile, await loadEvents(db, workspaceId, personId), now);
  await saveScore(db, workspaceId, personId, model, card, cause, at);
  const movedTo = await applyAutomaticMove(db, workspaceId, personId, facts, model, card, at);

  return {
    modelId: model.modelId,
    versionId: model.versionId,
    fitPoints: card.fit.points,
    grade: card.fit.grade,
    engagement: card.engagement.score,
    mql: card.mql.met,
    sql: card.sql.met,
    stage: movedTo ?? facts.profile.stage,
    ...(movedTo ? { movedTo } : {}),
  };
}

