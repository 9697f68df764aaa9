import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import type { Actor, Scope } from '../shared/actor.js';
import { conflict, invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import {
  newId,
  type ModelVersionId,
  type RescoreJobId,
  type ScoringModelId,
  type WorkspaceId,
} from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { fieldOfPointer, validateDefinition } from './model-validation.js';
import { sameSegment } from './model-selection.js';
import { insertRescoreJob } from './rescore-jobs.repository.js';
import { CONDITION_OPERATORS, type Condition, type ScoringDefinition } from './scoring-model.js';
import { ConditionSchema } from './scoring-model.schema.js';
import {
  findModel,
  findModelByName,
  findModelRow,
  nextVersionNumber,
  otherPublishedSegments,
  toVersionView,
  versionWithStatus,
  type ScoringModelView,
  type VersionView,
} from './scoring-models.repository.js';
import { STARTER_MODEL } from './starter-model.js';

type Db = Kysely<Database> | Transaction<Database>;

export const STARTER_MODEL_NAME = 'Starter model';
export const DEFAULT_PRIORITY = 100;

export interface ModelInput {
  readonly name?: string;
  readonly description?: string | null;
  readonly segment?: unknown;
  readonly priority?: number;
  readonly definition?: unknown;
}

/** The draft as the editor sees it: the saved draft, or (unsaved) a copy of the published version. */
export interface DraftView {
  readonly modelId: ScoringModelId;
  readonly versionId: ModelVersionId | null;
  readonly version: number | null;
  readonly saved: boolean;
  readonly basedOn: number | null;
  readonly definition: ScoringDefinition;
}

export interface PublishResult {
  readonly model: ScoringModelView;
  readonly version: VersionView;
  /** The re-score of everyone the model applies to, for a `RescoreRunner` to run. */
  readonly rescoreJobId: RescoreJobId;
}

/** How long a new re-score job's process has to claim it (`RescoreRunner`). */
export const RESCORE_CLAIM_MS = 60_000;

function actorLabel(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('required', 'name must not be empty.', 'name');
  if (trimmed.length > 100)
    throw invalid('too_long', 'name must be at most 100 characters.', 'name');

  return trimmed;
}

/** The alternative of the condition schema that the input's operator names. */
function conditionBranch(input: unknown) {
  const operator = (input as { operator?: unknown }).operator;

  return ConditionSchema.anyOf.find((branch) => Value.Check(branch.properties.operator, operator));
}

/** What is wrong with one part of a segment, in words a person editing it can act on. */
function segmentMessage(error: ValueError, field: string): string {
  if (field === 'segment.attribute') {
    return error.type === ValueErrorType.StringPattern
      ? `${field}: not an attribute path; letters, digits, _, $ or - in dot-separated parts, e.g. company.region.`
      : `${field}: an attribute is needed, e.g. company.region.`;
  }

  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `${field} is not a known field.`;
    case ValueErrorType.ArrayMinItems:
      return `${field}: at least one value is needed.`;
    case ValueErrorType.ObjectRequiredProperty:
    case ValueErrorType.StringMinLength:
      return `${field}: a value is needed.`;
    default:
      return `${field}: ${error.message}.`;
  }
}

/** A segment: a condition over the person and company, or null for "everyone else". */
export function validateSegment(input: unknown): Condition | null {
  if (input === null || input === undefined) return null;
  if (typeof input !== 'object' || Array.isArray(input))
    throw invalid('invalid_segment', 'segment must be a condition or null.', 'segment');

  const branch = conditionBranch(input);
  if (!branch) {
    throw invalid(
      'invalid_segment',
      `segment.operator must be one of ${CONDITION_OPERATORS.join(', ')}.`,
      'segment.operator',
    );
  }

  const first = Value.Errors(branch, input).First();
  if (first) {
    const inner = fieldOfPointer(first.path);
    const field = inner === 'definition' ? 'segment' : `segment.${inner}`;

    throw invalid('invalid_segment', segmentMessage(first, field), field);
  }

  const condition = input as Condition;
  if (condition.operator === 'range') {
    if (condition.min === undefined && condition.max === undefined) {
      throw invalid('empty_range', 'A range needs min, max or both.', 'segment');
    }
    if (
      condition.min !== undefined &&
      condition.max !== undefined &&
      condition.min > condition.max
    ) {
      throw invalid(
        'empty_range',
        `min ${condition.min} is above max ${condition.max}: nobody can match.`,
        'segment',
      );
    }
  }

  return condition;
}

function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 0 || priority > 10_000) {
    throw invalid(
      'invalid_priority',
      'priority must be a whole number from 0 to 10000 (lower wins).',
      'priority',
    );
  }

  return priority;
}

async function checkNameFree(
  trx: Db,
  workspaceId: WorkspaceId,
  name: string,
  self?: string,
): Promise<void> {
  const existing = await findModelByName(trx, workspaceId, name);
  if (existing && existing.id !== self)
    throw conflict('name_taken', 'A scoring model with this name already exists.', 'name');
}

async function checkSegmentFree(
  trx: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  segment: Condition | null,
): Promise<void> {
  const clash = (await otherPublishedSegments(trx, workspaceId, modelId)).find((m) =>
    sameSegment(m.segment, segment),
  );
  if (clash) {
    throw conflict(
      'segment_taken',
      `The published model "${clash.name}" already scores this segment; one model is active per segment.`,
      'segment',
    );
  }
}

async function insertVersion(
  trx: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  definition: ScoringDefinition,
  actor: Actor,
  published: boolean,
): Promise<ModelVersionId> {
  const id = newId('modelVersion');
  const now = nowIso();

  await trx
    .insertInto('scoring_model_versions')
    .values({
      id,
      workspace_id: workspaceId,
      model_id: modelId,
      version: await nextVersionNumber(trx, modelId),
      status: published ? 'published' : 'draft',
      definition: JSON.stringify(definition),
      created_by: actorLabel(actor),
      created_at: now,
      published_at: published ? now : null,
      retired_at: null,
    })
    .execute();

  return id;
}

/** Creates a model with a draft (the given definition, else the starter model); not yet published. */
export async function createModel(
  db: Kysely<Database>,
  scope: Scope,
  input: ModelInput,
): Promise<ScoringModelView> {
  const name = checkName(input.name ?? '');
  const segment = validateSegment(input.segment);
  const priority = checkPriority(input.priority ?? DEFAULT_PRIORITY);
  const definition =
    input.definition === undefined ? STARTER_MODEL : validateDefinition(input.definition);

  const id = await db.transaction().execute(async (trx) => {
    await checkNameFree(trx, scope.workspaceId, name);

    const modelId = newId('scoringModel');
    const now = nowIso();
    await trx
      .insertInto('scoring_models')
      .values({
        id: modelId,
        workspace_id: scope.workspaceId,
        name,
        description: input.description?.trim() || null,
        segment: segment ? JSON.stringify(segment) : null,
        priority,
        created_at: now,
        updated_at: now,
        archived_at: null,
      })
      .execute();
    const versionId = await insertVersion(
      trx,
      scope.workspaceId,
      modelId,
      definition,
      scope.actor,
      false,
    );
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'scoring_model.created',
      subjectType: 'scoring_model',
      subjectId: modelId,
      after: { name, segment, priority, draftVersionId: versionId },
    });

    return modelId;
  });

  return (await findModel(db, scope.workspaceId, id))!;
}

/** The model's row, or `scoring_model_not_found` on `id` (also for another workspace's). */
export async function requireModel(trx: Db, workspaceId: WorkspaceId, id: string) {
  const row = await findModelRow(trx, workspaceId, id);
  if (!row) throw notFound('scoring_model', 'id');

  return row;
}

/** Jobs listed per model (re-scores, backtest runs): the newest, no more pages. */
export const JOBS_LISTED = 20;

/** A model's newest jobs of one kind, once the model is found. */
export async function newestJobsOf<T>(
  db: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  list: (db: Db, workspaceId: WorkspaceId, modelId: string, limit: number) => Promise<T[]>,
): Promise<T[]> {
  await requireModel(db, workspaceId, modelId);

  return list(db, workspaceId, modelId, JOBS_LISTED);
}

/**
 * Renames a model or changes its description, segment or priority. A published model whose
 * segment or priority changes gets a re-score job for the people it now applies to, or no
 * longer does.
 */
export async function updateModel(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  input: Omit<ModelInput, 'definition'>,
): Promise<ScoringModelView & { rescoreJobId?: RescoreJobId }> {
  const rescoreJobId = await db.transaction().execute(async (trx) => {
    const before = await requireModel(trx, scope.workspaceId, id);
    const name = input.name === undefined ? before.name : checkName(input.name);
    const segment =
      input.segment === undefined
        ? before.segment
          ? (JSON.parse(before.segment) as Condition)
          : null
        : validateSegment(input.segment);
    const priority = input.priority === undefined ? before.priority : checkPriority(input.priority);
    const description =
      input.description === undefined ? before.description : input.description?.trim() || null;
    const published = await versionWithStatus(trx, scope.workspaceId, id, 'published');

    if (name !== before.name) await checkNameFree(trx, scope.workspaceId, name, id);
    if (published) await checkSegmentFree(trx, scope.workspaceId, id, segment);

    const after = {
      name,
      description,
      segment: segment ? JSON.stringify(segment) : null,
      priority,
    };
    await trx
      .updateTable('scoring_models')
      .set({ ...after, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'scoring_model.updated',
      subjectType: 'scoring_model',
      subjectId: id,
      before: {
        name: before.name,
        description: before.description,
        segment: before.segment ? (JSON.parse(before.segment) as unknown) : null,
        priority: before.priority,
      },
      after: { name, description, segment, priority },
    });

    const reselects =
      published !== undefined && (after.segment !== before.segment || priority !== before.priority);
    if (!reselects) return undefined;

    return insertRescoreJob(trx, {
      workspaceId: scope.workspaceId,
      modelId: id,
      cause: 'profile',
      versionId: null,
      createdBy: actorLabel(scope.actor),
      leaseMs: RESCORE_CLAIM_MS,
    });
  });

  const model = (await findModel(db, scope.workspaceId, id))!;

  return rescoreJobId ? { ...model, rescoreJobId } : model;
}

/** The draft of a model; without a saved one, the published definition to start from. */
export async function getDraft(db: Db, workspaceId: WorkspaceId, id: string): Promise<DraftView> {
  await requireModel(db, workspaceId, id);
  const draft = await versionWithStatus(db, workspaceId, id, 'draft');
  const published = await versionWithStatus(db, workspaceId, id, 'published');
  const base = { modelId: id as ScoringModelId, basedOn: published?.version ?? null };

  if (draft) {
    return {
      ...base,
      versionId: draft.id as ModelVersionId,
      version: draft.version,
      saved: true,
      definition: toVersionView(draft).definition,
    };
  }

  return {
    ...base,
    versionId: null,
    version: null,
    saved: false,
    definition: published ? toVersionView(published).definition : STARTER_MODEL,
  };
}

/** Validates and saves the draft, creating it (the next version number) when there is none. */
export async function saveDraft(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  body: unknown,
): Promise<DraftView> {
  const definition = validateDefinition(body);

  await db.transaction().execute(async (trx) => {
    await requireModel(trx, scope.workspaceId, id);
    const draft = await versionWithStatus(trx, scope.workspaceId, id, 'draft');

    let versionId = draft?.id;
    if (draft) {
      await trx
        .updateTable('scoring_model_versions')
        .set({ definition: JSON.stringify(definition) })
        .where('id', '=', draft.id)
        .execute();
    } else {
      versionId = await insertVersion(trx, scope.workspaceId, id, definition, scope.actor, false);
    }
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'scoring_model.draft_saved',
      subjectType: 'scoring_model',
      subjectId: id,
      before: draft ? (JSON.parse(draft.definition) as unknown) : null,
      after: { versionId, definition },
    });
  });

  return getDraft(db, scope.workspaceId, id);
}

/**
 * Publishes the draft in one transaction: validated again, the segment free, the previous
 * published version retired, the draft published under its version number, audited, and a job
 * recorded to re-score everyone the model applies to. Nothing changes when any step fails.
 */
export async function publishModel(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<PublishResult> {
  const { versionId, rescoreJobId } = await db.transaction().execute(async (trx) => {
    const model = await requireModel(trx, scope.workspaceId, id);
    const draft = await versionWithStatus(trx, scope.workspaceId, id, 'draft');
    if (!draft) throw conflict('no_draft', 'There is no draft to publish: save one first.', 'id');

    validateDefinition(JSON.parse(draft.definition));
    await checkSegmentFree(
      trx,
      scope.workspaceId,
      id,
      model.segment ? (JSON.parse(model.segment) as Condition) : null,
    );

    const now = nowIso();
    const previous = await versionWithStatus(trx, scope.workspaceId, id, 'published');
    if (previous) {
      await trx
        .updateTable('scoring_model_versions')
        .set({ status: 'retired', retired_at: now })
        .where('id', '=', previous.id)
        .execute();
    }
    const result = await trx
      .updateTable('scoring_model_versions')
      .set({ status: 'published', published_at: now })
      .where('id', '=', draft.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw conflict('publish_conflict', 'Someone else published this draft meanwhile.', 'id');

    await trx.updateTable('scoring_models').set({ updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'scoring_model.published',
      subjectType: 'scoring_model',
      subjectId: id,
      before: previous ? { versionId: previous.id, version: previous.version } : null,
      after: { versionId: draft.id, version: draft.version },
    });
    const rescoreJobId = await insertRescoreJob(trx, {
      workspaceId: scope.workspaceId,
      modelId: id,
      cause: 'publish',
      versionId: draft.id,
      createdBy: actorLabel(scope.actor),
      leaseMs: RESCORE_CLAIM_MS,
    });

    return { versionId: draft.id, rescoreJobId };
  });

  const model = (await findModel(db, scope.workspaceId, id))!;
  const version = toVersionView(
    await db
      .selectFrom('scoring_model_versions')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow(),
  );

  return { model, version, rescoreJobId };
}

/**
 * Gives a workspace without any scoring model the documented starter model, published as
 * version 1, so that scoring works out of the box. Runs inside the caller's transaction;
 * does nothing (and answers undefined) when the workspace already has a model.
 */
export async function ensureStarterModel(
  db: Db,
  workspaceId: WorkspaceId,
  actor: Actor,
): Promise<ScoringModelId | undefined> {
  const any = await db
    .selectFrom('scoring_models')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (any) return undefined;

  const modelId = newId('scoringModel');
  const now = nowIso();
  await db
    .insertInto('scoring_models')
    .values({
      id: modelId,
      workspace_id: workspaceId,
      name: STARTER_MODEL_NAME,
      description:
        'The documented starter model: B2B fit and engagement rules to tune and backtest.',
      segment: null,
      priority: DEFAULT_PRIORITY,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  const versionId = await insertVersion(db, workspaceId, modelId, STARTER_MODEL, actor, true);
  await recordAudit(db, workspaceId, actor, {
    action: 'scoring_model.created',
    subjectType: 'scoring_model',
    subjectId: modelId,
    after: { name: STARTER_MODEL_NAME, segment: null, priority: DEFAULT_PRIORITY },
  });
  await recordAudit(db, workspaceId, actor, {
    action: 'scoring_model.published',
    subjectType: 'scoring_model',
    subjectId: modelId,
    after: { versionId, version: 1 },
  });

  return modelId;
}
