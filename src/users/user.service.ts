import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import { isRole, ROLES, type Role } from '../auth/permissions.js';
import { hashPassword } from '../auth/secrets.js';
import type { Scope } from '../shared/actor.js';
import { conflict, invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type UserId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { countAdmins, findMember, type MemberView } from './user.repository.js';
import { validateEmail, validateName, validatePassword } from './user.validation.js';

export interface NewMember {
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly role: string;
}

export interface MemberChange {
  readonly name?: string;
  readonly role?: string;
}

/** Checks a role name; the error lists the roles there are. */
export function validateRole(value: string, field = 'role'): Role {
  if (!isRole(value))
    throw invalid('invalid_role', `${field} must be one of ${ROLES.join(', ')}.`, field);

  return value;
}

async function findUserByEmail(db: Kysely<Database> | Transaction<Database>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/**
 * Serialises membership changes of one workspace: on PostgreSQL the row lock makes a second
 * demotion wait and then count the admins the first one left; on SQLite it takes the write
 * lock at once. Without it, two admins demoting each other could leave none.
 */
async function lockWorkspace(trx: Transaction<Database>, workspaceId: WorkspaceId): Promise<void> {
  const updated = await trx
    .updateTable('workspaces')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw notFound('workspace', 'workspace');
}

async function requireMember(
  trx: Transaction<Database>,
  scope: Scope,
  userId: string,
): Promise<MemberView> {
  const member = await findMember(trx, scope.workspaceId, userId);
  if (!member) throw notFound('user', 'id');

  return member;
}

async function assertAdminRemains(
  trx: Transaction<Database>,
  scope: Scope,
  member: MemberView,
): Promise<void> {
  if (member.role !== 'admin') return;

  if ((await countAdmins(trx, scope.workspaceId)) <= 1) {
    throw conflict(
      'last_admin',
      'A workspace needs at least one admin; make someone else admin first.',
      'role',
    );
  }
}

/**
 * Adds a user to the workspace: creates the user (Argon2id password hash) when the e-mail is
 * new, otherwise gives the existing user a membership; their name and password stay as they
 * are. A user who is already a member answers 409 `already_member`.
 */
export async function addMember(
  db: Kysely<Database>,
  scope: Scope,
  input: NewMember,
): Promise<MemberView> {
  const email = validateEmail(input.email);
  const name = validateName(input.name, 'name');
  const password = validatePassword(input.password);
  const role = validateRole(input.role);
  const passwordHash = (await findUserByEmail(db, email))
    ? undefined
    : await hashPassword(password);

  const userId = await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, scope.workspaceId);

    const now = nowIso();
    const existing = await findUserByEmail(trx, email);
    const id = (existing?.id as UserId | undefined) ?? newId('user');
    if (!existing) {
      await trx
        .insertInto('users')
        .values({
          id,
          email,
          name,
          password_hash: passwordHash ?? (await hashPassword(password)),
          created_at: now,
          updated_at: now,
        })
        .execute();
    } else if (await findMember(trx, scope.workspaceId, id)) {
      throw conflict('already_member', 'This user is already a member of the workspace.', 'email');
    }

    await trx
      .insertInto('memberships')
      .values({ workspace_id: scope.workspaceId, user_id: id, role, created_at: now })
      .execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'user.added',
      subjectType: 'user',
      subjectId: id,
      after: { email, name: existing?.name ?? name, role, newUser: !existing },
    });

    return id;
  });

  return (await findMember(db, scope.workspaceId, userId))!;
}

async function changeRole(
  trx: Transaction<Database>,
  scope: Scope,
  member: MemberView,
  role: Role,
): Promise<void> {
  if (role === member.role) return;
  if (role !== 'admin') await assertAdminRemains(trx, scope, member);

  await trx
    .updateTable('memberships')
    .set({ role })
    .where('workspace_id', '=', scope.workspaceId)
    .where('user_id', '=', member.id)
    .execute();
  await recordAudit(trx, scope.workspaceId, scope.actor, {
    action: 'user.role_changed',
    subjectType: 'user',
    subjectId: member.id,
    before: { role: member.role },
    after: { role },
  });
}

async function rename(
  trx: Transaction<Database>,
  scope: Scope,
  member: MemberView,
  name: string,
): Promise<void> {
  if (name === member.name) return;

  await trx
    .updateTable('users')
    .set({ name, updated_at: nowIso() })
    .where('id', '=', member.id)
    .execute();
  await recordAudit(trx, scope.workspaceId, scope.actor, {
    action: 'user.renamed',
    subjectType: 'user',
    subjectId: member.id,
    before: { name: member.name },
    after: { name },
  });
}

/** Renames a member and/or changes their role, in one transaction. */
export async function updateMember(
  db: Kysely<Database>,
  scope: Scope,
  userId: string,
  change: MemberChange,
): Promise<MemberView> {
  const name = change.name === undefined ? undefined : validateName(change.name, 'name');
  const role = change.role === undefined ? undefined : validateRole(change.role);

  await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, scope.workspaceId);
    const member = await requireMember(trx, scope, userId);

    if (name !== undefined) await rename(trx, scope, member, name);
    if (role !== undefined) await changeRole(trx, scope, member, role);
  });

  return (await findMember(db, scope.workspaceId, userId))!;
}

export function setMemberRole(
  db: Kysely<Database>,
  scope: Scope,
  userId: string,
  role: string,
): Promise<MemberView> {
  return updateMember(db, scope, userId, { role });
}

async function countAssignments(
  trx: Transaction<Database>,
  workspaceId: WorkspaceId,
  userId: UserId,
): Promise<number> {
  const counts = await Promise.all([
    trx
      .selectFrom('people')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('owner_id', '=', userId)
      .limit(1)
      .execute(),
    trx
      .selectFrom('companies')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('owner_id', '=', userId)
      .limit(1)
      .execute(),
    trx
      .selectFrom('deals')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('owner_id', '=', userId)
      .limit(1)
      .execute(),
    trx
      .selectFrom('teams')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('manager_id', '=', userId)
      .limit(1)
      .execute(),
  ]);

  return counts.reduce((sum, rows) => sum + rows.length, 0);
}

/**
 * Removes a member from the workspace (the user stays, with their other workspaces). Refused
 * for the last admin, and for someone who still owns people, companies or deals or manages a
 * team: those must be handed to someone else first, so that nothing is left with an owner
 * from outside the workspace. Their team memberships and sessions here end with them.
 */
export async function removeMember(
  db: Kysely<Database>,
  scope: Scope,
  userId: string,
): Promise<MemberView> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, scope.workspaceId);
    const member = await requireMember(trx, scope, userId);
    await assertAdminRemains(trx, scope, member);
    if ((await countAssignments(trx, scope.workspaceId, member.id)) > 0) {
      throw conflict(
        'member_has_assignments',
        'This user still owns people, companies or deals or manages a team here; reassign them first.',
        'id',
      );
    }

    for (const table of ['team_members', 'sessions', 'memberships'] as const) {
      await trx
        .deleteFrom(table)
        .where('workspace_id', '=', scope.workspaceId)
        .where('user_id', '=', member.id)
        .execute();
    }
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'user.removed',
      subjectType: 'user',
      subjectId: member.id,
      before: { email: member.email, name: member.name, role: member.role },
    });

    return member;
  });
}
