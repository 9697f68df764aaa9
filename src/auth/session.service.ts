import type { Kysely } from 'kysely';

import { isRole, type Role } from './permissions.js';
import { hashPassword, hashToken, randomToken, verifyPassword } from './secrets.js';
import { AppError } from '../shared/app-error.js';
import { nowIso, toIso } from '../shared/clock.js';
import { newId, type SessionId, type UserId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface SessionPrincipal {
  readonly kind: 'session';
  readonly sessionId: SessionId;
  readonly userId: UserId;
  readonly workspaceId: WorkspaceId;
  readonly role: Role;
  readonly csrfToken: string;
}

export interface NewSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly principal: SessionPrincipal;
  readonly expiresAt: string;
}

// One message for unknown e-mail and wrong password, so the answer does not tell which.
const BAD_LOGIN = new AppError(
  'unauthenticated',
  'invalid_credentials',
  'E-mail or password is wrong.',
  'password',
);

// Verifying against a throwaway hash when the user is unknown keeps the timing the same.
let dummyHash: Promise<string> | undefined;
function throwawayHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken());

  return dummyHash;
}

async function pickWorkspace(
  db: Kysely<Database>,
  userId: string,
  wanted?: string,
): Promise<{ workspace_id: string; role: string } | undefined> {
  let query = db
    .selectFrom('memberships')
    .select(['workspace_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('created_at');
  if (wanted) query = query.where('workspace_id', '=', wanted);

  return query.executeTakeFirst();
}

/** Checks e-mail and password and opens a session in the user's (first or chosen) workspace. */
export async function login(
  db: Kysely<Database>,
  input: { email: string; password: string; workspaceId?: string },
): Promise<NewSession> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', input.email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await throwawayHash()), input.password);
  if (!user || !ok) throw BAD_LOGIN;

  const membership = await pickWorkspace(db, user.id, input.workspaceId);
  if (!membership || !isRole(membership.role)) {
    throw new AppError(
      'forbidden',
      'no_workspace',
      'This user belongs to no such workspace.',
      'workspaceId',
    );
  }

  return openSession(
    db,
    user.id as UserId,
    membership.workspace_id as WorkspaceId,
    membership.role,
  );
}

async function openSession(
  db: Kysely<Database>,
  userId: UserId,
  workspaceId: WorkspaceId,
  role: Role,
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(18);
  const sessionId = newId('session');
  const expiresAt = toIso(Date.now() + SESSION_TTL_MS);

  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      user_id: userId,
      workspace_id: workspaceId,
      created_at: nowIso(),
      expires_at: expiresAt,
    })
    .execute();

  return {
    token,
    csrfToken,
    expiresAt,
    principal: { kind: 'session', sessionId, userId, workspaceId, role, csrfToken },
  };
}

/** Resolves a session cookie; the role is read fresh, so a role change applies at once. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
): Promise<SessionPrincipal | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .onRef('memberships.workspace_id', '=', 'sessions.workspace_id'),
    )
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.workspace_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'memberships.role',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= nowIso() || !isRole(row.role)) return undefined;

  return {
    kind: 'session',
    sessionId: row.id as SessionId,
    userId: row.user_id as UserId,
    workspaceId: row.workspace_id as WorkspaceId,
    role: row.role,
    csrfToken: row.csrf_token,
  };
}

export async function logout(db: Kysely<Database>, sessionId: SessionId): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Moves a session to another workspace the user belongs to. */
export async function switchWorkspace(
  db: Kysely<Database>,
  principal: SessionPrincipal,
  workspaceId: string,
): Promise<SessionPrincipal> {
  const membership = await pickWorkspace(db, principal.userId, workspaceId);
  if (!membership || !isRole(membership.role)) {
    throw new AppError(
      'not_found',
      'workspace_not_found',
      'No workspace with that id.',
      'workspaceId',
    );
  }

  await db
    .updateTable('sessions')
    .set({ workspace_id: workspaceId })
    .where('id', '=', principal.sessionId)
    .execute();

  return { ...principal, workspaceId: workspaceId as WorkspaceId, role: membership.role };
}
