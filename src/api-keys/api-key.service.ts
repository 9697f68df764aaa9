import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import { isScope, type ApiKeyScope } from '../auth/permissions.js';
import { hashToken, randomToken, sameHash } from '../auth/secrets.js';
import type { Scope } from '../shared/actor.js';
import { invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type ApiKeyId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { validateName } from '../users/user.validation.js';
import { forgetVerifiedKey } from './verified-key-cache.js';

export interface ApiKeyView {
  readonly id: ApiKeyId;
  readonly name: string;
  readonly scope: ApiKeyScope;
  /** The non-secret start of the key, to recognise it in a list. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKeyView {
  /** The whole key; shown once, stored only as a hash. */
  readonly token: string;
}

export interface VerifiedKey {
  readonly id: ApiKeyId;
  readonly workspaceId: WorkspaceId;
  readonly scope: ApiKeyScope;
}

type Db = Kysely<Database> | Transaction<Database>;

// Write keys (scope ingest) look like Segment's and travel as basic-auth user names;
// the other keys are Bearer tokens. The prefix tells them apart at a glance.
function tokenPrefix(scope: ApiKeyScope): string {
  return scope === 'ingest' ? 'wk' : 'bk';
}

function toView(row: Database['api_keys']): ApiKeyView {
  return {
    id: row.id as ApiKeyId,
    name: row.name,
    scope: row.scope as ApiKeyScope,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function createApiKey(
  db: Db,
  scope: Scope,
  input: { name: string; scope: string },
): Promise<CreatedApiKey> {
  const name = validateName(input.name, 'name', 100);
  if (!isScope(input.scope)) {
    throw invalid('invalid_scope', 'scope must be one of ingest, read, write, admin.', 'scope');
  }

  const id = newId('apiKey');
  const prefix = `${tokenPrefix(input.scope)}_${randomToken(9)}`;
  const secret = randomToken(32);
  const row = {
    id,
    workspace_id: scope.workspaceId,
    name,
    scope: input.scope,
    prefix,
    secret_hash: hashToken(secret),
    created_by: scope.actor.type === 'user' ? scope.actor.id : null,
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };

  await db.insertInto('api_keys').values(row).execute();
  await recordAudit(db, scope.workspaceId, scope.actor, {
    action: 'api_key.created',
    subjectType: 'api_key',
    subjectId: id,
    after: { name, scope: input.scope, prefix },
  });

  return { ...toView(row), token: `${prefix}.${secret}` };
}

export async function listApiKeys(db: Db, workspaceId: WorkspaceId): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();

  return rows.map(toView);
}

export async function revokeApiKey(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<ApiKeyView> {
  const view = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('api_keys')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('api_key', 'id');
    if (row.revoked_at) return toView(row);

    const revokedAt = nowIso();
    await trx.updateTable('api_keys').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'api_key.revoked',
      subjectType: 'api_key',
      subjectId: id,
    });

    return toView({ ...row, revoked_at: revokedAt });
  });
  // After the commit, so that no request in between can verify and cache it again.
  forgetVerifiedKey(id);

  return view;
}

/** Checks a presented token; `undefined` for anything unknown, malformed or revoked. */
export async function verifyApiKey(db: Db, token: string): Promise<VerifiedKey | undefined> {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) return undefined;

  const prefix = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'scope', 'secret_hash', 'revoked_at'])
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  if (!row || row.revoked_at || !sameHash(row.secret_hash, hashToken(secret))) return undefined;

  return {
    id: row.id as ApiKeyId,
    workspaceId: row.workspace_id as WorkspaceId,
    scope: row.scope as ApiKeyScope,
  };
}
