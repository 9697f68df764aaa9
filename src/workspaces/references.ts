import type { Kysely, Transaction } from 'kysely';

import { parseStages, type StageDefinition } from '../lifecycle/stages.js';
import { AppError } from '../shared/app-error.js';
import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// Ids from another workspace answer exactly like ids that do not exist: 404, never data.
function missing(what: string, field: string): AppError {
  return new AppError(
    'not_found',
    `${what}_not_found`,
    `${field} names no ${what.replace(/_/g, ' ')} in this workspace.`,
    field,
  );
}

export async function assertMember(
  db: Db,
  workspaceId: WorkspaceId,
  userId: string,
  field: string,
): Promise<void> {
  const row = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw missing('user', field);
}

export async function assertCompany(
  db: Db,
  workspaceId: WorkspaceId,
  companyId: string,
  field: string,
): Promise<void> {
  const row = await db
    .selectFrom('companies')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (!row) throw missing('company', field);
}

export async function assertPerson(
  db: Db,
  workspaceId: WorkspaceId,
  personId: string,
  field: string,
): Promise<void> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!row) throw missing('person', field);
}

export async function workspaceStages(
  db: Db,
  workspaceId: WorkspaceId,
): Promise<readonly StageDefinition[]> {
  const row = await db
    .selectFrom('workspaces')
    .select('lifecycle_stages')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();

  return parseStages(row.lifecycle_stages);
}
