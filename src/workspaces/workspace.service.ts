import type { Kysely, Transaction } from 'kysely';

import { createApiKey, type CreatedApiKey } from '../api-keys/api-key.service.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Role } from '../auth/permissions.js';
import { hashPassword } from '../auth/secrets.js';
import {
  DEFAULT_STAGE_DEFINITIONS,
  parseStages,
  type StageDefinition,
} from '../lifecycle/stages.js';
import type { Actor } from '../shared/actor.js';
import { invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type UserId, type WorkspaceId } from '../shared/ids.js';
import { ensureStarterModel } from '../scoring/scoring-models.service.js';
import type { Database } from '../store/schema.js';
import { validateEmail, validateName, validatePassword } from '../users/user.validation.js';

export interface NewWorkspace {
  readonly name: string;
  readonly adminEmail: string;
  readonly adminName?: string;
  readonly adminPassword: string;
}

export interface CreatedWorkspace {
  readonly workspaceId: WorkspaceId;
  readonly adminUserId: UserId;
  readonly writeKey: CreatedApiKey;
  readonly apiKey: CreatedApiKey;
}

export interface WorkspaceView {
  readonly id: WorkspaceId;
  readonly name: string;
  readonly createdAt: string;
}

/**
 * Creates a workspace, its first admin (or makes an existing user its admin, after
 * checking nothing else), an ingest write key and an admin API key, in one transaction.
 */
export async function createWorkspace(
  db: Kysely<Database>,
  input: NewWorkspace,
  actor: Actor = { type: 'cli', id: 'baton' },
): Promise<CreatedWorkspace> {
  const name = validateName(input.name, 'name');
  const email = validateEmail(input.adminEmail, 'adminEmail');
  const password = validatePassword(input.adminPassword, 'adminPassword');
  const passwordHash = await hashPassword(password);

  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    const adminUserId = (existing?.id as UserId | undefined) ?? newId('user');
    if (!existing) {
      await trx
        .insertInto('users')
        .values({
          id: adminUserId,
          email,
          name: input.adminName?.trim() || email.split('@')[0]!,
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    return insertWorkspace(trx, name, adminUserId, actor);
  });
}

/**
 * The workspace row, its admin membership, its audit entry and its two first keys: the steps
 * every way of creating a workspace shares. Runs inside the caller's transaction.
 */
async function insertWorkspace(
  trx: Transaction<Database>,
  name: string,
  adminUserId: UserId,
  actor: Actor,
): Promise<CreatedWorkspace> {
  const now = nowIso();
  const workspaceId = newId('workspace');

  await trx
    .insertInto('workspaces')
    .values({
      id: workspaceId,
      name,
      lifecycle_stages: JSON.stringify(DEFAULT_STAGE_DEFINITIONS),
      created_at: now,
      updated_at: now,
    })
    .execute();

  const role: Role = 'admin';
  await trx
    .insertInto('memberships')
    .values({ workspace_id: workspaceId, user_id: adminUserId, role, created_at: now })
    .execute();

  await recordAudit(trx, workspaceId, actor, {
    action: 'workspace.created',
    subjectType: 'workspace',
    subjectId: workspaceId,
    after: { name, adminUserId },
  });

  const writeKey = await createApiKey(
    trx,
    { workspaceId, actor },
    { name: 'Default write key', scope: 'ingest' },
  );
  const apiKey = await createApiKey(
    trx,
    { workspaceId, actor },
    { name: 'Admin key', scope: 'admin' },
  );
  await ensureStarterModel(trx, workspaceId, actor);

  return { workspaceId, adminUserId, writeKey, apiKey };
}

/** Creates another workspace with an existing user as its admin (the web app's "new workspace"). */
export async function createWorkspaceForUser(
  db: Kysely<Database>,
  input: { readonly name: string; readonly userId: UserId },
  actor: Actor = { type: 'user', id: input.userId },
): Promise<CreatedWorkspace> {
  const name = validateName(input.name, 'name');

  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw notFound('user', 'userId');

    return insertWorkspace(trx, name, input.userId, actor);
  });
}

/** A workspace with its lifecycle stages, as `GET /workspaces/current` shows it. */
export async function getWorkspaceDetails(
  db: Kysely<Database>,
  id: WorkspaceId,
): Promise<WorkspaceView & { readonly lifecycleStages: StageDefinition[] }> {
  const row = await db
    .selectFrom('workspaces')
    .select(['id', 'name', 'created_at', 'lifecycle_stages'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('workspace', 'id');

  return {
    id: row.id as WorkspaceId,
    name: row.name,
    createdAt: row.created_at,
    lifecycleStages: [...parseStages(row.lifecycle_stages)],
  };
}

/** The workspaces a user belongs to, with their role in each, by name. */
export async function listUserWorkspaces(
  db: Kysely<Database>,
  userId: UserId,
): Promise<{ id: WorkspaceId; name: string; role: Role }[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .select(['workspaces.id', 'workspaces.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('workspaces.name')
    .orderBy('workspaces.id')
    .execute();

  return rows.map((row) => ({ id: row.id as WorkspaceId, name: row.name, role: row.role as Role }));
}

export async function getWorkspace(db: Kysely<Database>, id: WorkspaceId): Promise<WorkspaceView> {
  const row = await db
    .selectFrom('workspaces')
    .select(['id', 'name', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

  return { id: row.id as WorkspaceId, name: row.name, createdAt: row.created_at };
}

export async function renameWorkspace(
  db: Kysely<Database>,
  id: WorkspaceId,
  actor: Actor,
  newName: string,
): Promise<WorkspaceView> {
  const name = validateName(newName, 'name');

  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('workspaces')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('workspaces')
      .set({ name, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, id, actor, {
      action: 'workspace.renamed',
      subjectType: 'workspace',
      subjectId: id,
      before,
      after: { name },
    });
  });

  return getWorkspace(db, id);
}

export async function isStoreEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('workspaces').select('id').limit(1).executeTakeFirst();

  return row === undefined;
}

export function assertWorkspaceName(value: unknown): string {
  if (typeof value !== 'string') throw invalid('invalid_name', 'name must be a string.', 'name');

  return validateName(value, 'name');
}
