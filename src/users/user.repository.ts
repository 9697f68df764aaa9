import type { Kysely, Transaction } from 'kysely';

import type { Role } from '../auth/permissions.js';
import type { UserId, WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A user as seen from one workspace: who they are and the role they have there. */
export interface MemberView {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

function selectMembers(db: Db, workspaceId: WorkspaceId) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'users.created_at'])
    .where('memberships.workspace_id', '=', workspaceId);
}

function toView(row: {
  id: string;
  email: string;
  name: string;
  role: string;
  created_at: string;
}): MemberView {
  return {
    id: row.id as UserId,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
  };
}

/** The members of a workspace, by name. */
export async function listMembers(db: Db, workspaceId: WorkspaceId): Promise<MemberView[]> {
  const rows = await selectMembers(db, workspaceId)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();

  return rows.map(toView);
}

/** One member; `undefined` for a user of another workspace, exactly like a missing one. */
export async function findMember(
  db: Db,
  workspaceId: WorkspaceId,
  userId: string,
): Promise<MemberView | undefined> {
  const row = await selectMembers(db, workspaceId)
    .where('users.id', '=', userId)
    .executeTakeFirst();

  return row ? toView(row) : undefined;
}

export async function findMemberByEmail(
  db: Db,
  workspaceId: WorkspaceId,
  email: string,
): Promise<MemberView | undefined> {
  const row = await selectMembers(db, workspaceId)
    .where('users.email', '=', email)
    .executeTakeFirst();

  return row ? toView(row) : undefined;
}

export async function countAdmins(db: Db, workspaceId: WorkspaceId): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();

  return Number(row.n);
}
