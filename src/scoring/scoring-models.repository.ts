import type { Kysely, Transaction } from 'kysely';

import { AppError, notFound } from '../shared/app-error.js';
import type { ModelVersionId, ScoringModelId, WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { Condition, ScoringDefinition } from './scoring-model.js';

type Db = Kysely<Database> | Transaction<Database>;

export type VersionStatus = 'draft' | 'published' | 'retired';

export interface VersionSummary {
  readonly versionId: ModelVersionId;
  readonly version: number;
  readonly at: string;
}

export interface ScoringModelView {
  readonly id: ScoringModelId;
  readonly name: string;
  readonly description: string | null;
  readonly segment: Condition | null;
  readonly priority: number;
  readonly published: VersionSummary | null;
  readonly draft: VersionSummary | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface VersionView {
  readonly id: ModelVersionId;
  readonly modelId: ScoringModelId;
  readonly version: number;
  readonly status: VersionStatus;
  readonly definition: ScoringDefinition;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly retiredAt: string | null;
}

type ModelRow = Database['scoring_models'];
type VersionRow = Database['scoring_model_versions'];

export function toVersionView(row: VersionRow): VersionView {
  return {
    id: row.id as ModelVersionId,
    modelId: row.model_id as ScoringModelId,
    version: row.version,
    status: row.status as VersionStatus,
    definition: JSON.parse(row.definition) as ScoringDefinition,
    createdBy: row.created_by,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    retiredAt: row.retired_at,
  };
}

function summaryOf(
  row: VersionRow | undefined,
  at: 'created_at' | 'published_at',
): VersionSummary | null {
  if (!row) return null;

  return {
    versionId: row.id as ModelVersionId,
    version: row.version,
    at: row[at] ?? row.created_at,
  };
}

function toModelView(row: ModelRow, versions: readonly VersionRow[]): ScoringModelView {
  const mine = versions.filter((v) => v.model_id === row.id);

  return {
    id: row.id as ScoringModelId,
    name: row.name,
    description: row.description,
    segment: row.segment ? (JSON.parse(row.segment) as Condition) : null,
    priority: row.priority,
    published: summaryOf(
      mine.find((v) => v.status === 'published'),
      'published_at',
    ),
    draft: summaryOf(
      mine.find((v) => v.status === 'draft'),
      'created_at',
    ),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function liveVersions(
  db: Db,
  workspaceId: WorkspaceId,
  modelId?: string,
): Promise<VersionRow[]> {
  let query = db
    .selectFrom('scoring_model_versions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', ['draft', 'published']);
  if (modelId) query = query.where('model_id', '=', modelId);

  return query.execute();
}

export async function findModelRow(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<ModelRow | undefined> {
  return db
    .selectFrom('scoring_models')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

export async function findModel(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<ScoringModelView | undefined> {
  const row = await findModelRow(db, workspaceId, id);

  return row ? toModelView(row, await liveVersions(db, workspaceId, id)) : undefined;
}

/** The workspace's models, by priority then age. */
export async function listModels(db: Db, workspaceId: WorkspaceId): Promise<ScoringModelView[]> {
  const rows = await db
    .selectFrom('scoring_models')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('archived_at', 'is', null)
    .orderBy('priority')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const versions = await liveVersions(db, workspaceId);

  return rows.map((row) => toModelView(row, versions));
}

export async function findModelByName(
  db: Db,
  workspaceId: WorkspaceId,
  name: string,
): Promise<ModelRow | undefined> {
  return db
    .selectFrom('scoring_models')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function versionWithStatus(
  db: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  status: VersionStatus,
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('scoring_model_versions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('model_id', '=', modelId)
    .where('status', '=', status)
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

/** Every version of a model, newest first. */
export async function listVersions(
  db: Db,
  workspaceId: WorkspaceId,
  modelId: string,
): Promise<VersionView[]> {
  const rows = await db
    .selectFrom('scoring_model_versions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('model_id', '=', modelId)
    .orderBy('version', 'desc')
    .execute();

  return rows.map(toVersionView);
}

export async function nextVersionNumber(db: Db, modelId: string): Promise<number> {
  const row = await db
    .selectFrom('scoring_model_versions')
    .select((eb) => eb.fn.max('version').as('top'))
    .where('model_id', '=', modelId)
    .executeTakeFirst();

  return Number(row?.top ?? 0) + 1;
}

/** Published models of a workspace other than `exceptId`, with their segments. */
export async function otherPublishedSegments(
  db: Db,
  workspaceId: WorkspaceId,
  exceptId: string,
): Promise<{ id: string; name: string; segment: Condition | null }[]> {
  const rows = await db
    .selectFrom('scoring_models as m')
    .innerJoin('scoring_model_versions as v', 'v.model_id', 'm.id')
    .select(['m.id', 'm.name', 'm.segment'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.archived_at', 'is', null)
    .where('v.status', '=', 'published')
    .where('m.id', '!=', exceptId)
    .execute();

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    segment: row.segment ? (JSON.parse(row.segment) as Condition) : null,
  }));
}

/** A model named by id or by exact name (the CLI's `<model>`), in one workspace or, by id, any. */
export async function resolveModelRef(
  db: Kysely<Database>,
  ref: string,
  workspaceId?: string,
): Promise<{ workspaceId: WorkspaceId; modelId: string }> {
  let byId = db
    .selectFrom('scoring_models')
    .select(['id', 'workspace_id'])
    .where('id', '=', ref)
    .where('archived_at', 'is', null);
  if (workspaceId) byId = byId.where('workspace_id', '=', workspaceId);
  const found = await byId.executeTakeFirst();
  if (found) return { workspaceId: found.workspace_id as WorkspaceId, modelId: found.id };

  if (workspaceId) {
    const named = await findModelByName(db, workspaceId as WorkspaceId, ref);
    if (named && !named.archived_at)
      return { workspaceId: named.workspace_id as WorkspaceId, modelId: named.id };
    throw notFound('scoring_model', 'model');
  }

  const named = await db
    .selectFrom('scoring_models')
    .select(['id', 'workspace_id'])
    .where('name', '=', ref)
    .where('archived_at', 'is', null)
    .limit(2)
    .execute();
  if (named.length === 1)
    return { workspaceId: named[0]!.workspace_id as WorkspaceId, modelId: named[0]!.id };
  if (named.length > 1) {
    throw new AppError(
      'invalid',
      'ambiguous_model',
      `Several workspaces have a model named "${ref}": add --workspace.`,
      'workspace',
    );
  }

  throw notFound('scoring_model', 'model');
}
