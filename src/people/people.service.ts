import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import { assertStageMove } from '../lifecycle/lifecycle.service.js';
import { requiresOwner, type StageDefinition } from '../lifecycle/stages.js';
import type { Scope } from '../shared/actor.js';
import { conflict, invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type PersonId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { validateEmail } from '../users/user.validation.js';
import { assertCompany, assertMember, workspaceStages } from '../workspaces/references.js';
import { findPerson } from './people.repository.js';
import type { PersonInput, PersonView } from './person.types.js';
import { personSearchText } from './search-text.js';

type Row = Omit<Database['people'], 'revision'>;

const MAX_TRAITS_BYTES = 16 * 1024;

function checkTraits(traits: Record<string, unknown>): string {
  const json = JSON.stringify(traits);
  if (json.length > MAX_TRAITS_BYTES) {
    throw invalid(
      'too_long',
      `traits must be at most ${MAX_TRAITS_BYTES} bytes of JSON.`,
      'traits',
    );
  }

  return json;
}

function checkStage(stages: readonly StageDefinition[], stage: string): void {
  if (!stages.some((s) => s.key === stage)) {
    const keys = stages.map((s) => s.key).join(', ');
    throw invalid('unknown_stage', `lifecycleStage must be one of ${keys}.`, 'lifecycleStage');
  }
}

async function checkReferences(
  trx: Transaction<Database>,
  scope: Scope,
  input: PersonInput,
): Promise<void> {
  if (typeof input.companyId === 'string')
    await assertCompany(trx, scope.workspaceId, input.companyId, 'companyId');
  if (typeof input.ownerId === 'string')
    await assertMember(trx, scope.workspaceId, input.ownerId, 'ownerId');
}

async function checkEmailFree(
  trx: Transaction<Database>,
  scope: Scope,
  email: string,
  self?: string,
): Promise<void> {
  let query = trx
    .selectFrom('people')
    .select('id')
    .where('workspace_id', '=', scope.workspaceId)
    .where('email', '=', email);
  if (self) query = query.where('id', '!=', self);

  if (await query.executeTakeFirst()) {
    throw conflict(
      'email_taken',
      'A person with this e-mail already exists in this workspace.',
      'email',
    );
  }
}

/** Applies `input` over `base`; fields left out keep their value, `null` clears them. */
function merge(base: Row, input: PersonInput, stages: readonly StageDefinition[]): Row {
  const pick = <T>(value: T | undefined, fallback: T): T =>
    value === undefined ? fallback : value;
  const email =
    input.email === undefined
      ? base.email
      : input.email === null
        ? null
        : validateEmail(input.email);
  const next: Row = {
    ...base,
    email,
    user_id: pick(input.userId, base.user_id),
    first_name: pick(input.firstName, base.first_name),
    last_name: pick(input.lastName, base.last_name),
    title: pick(input.title, base.title),
    phone: pick(input.phone, base.phone),
    company_id: pick(input.companyId, base.company_id),
    lifecycle_stage: input.lifecycleStage ?? base.lifecycle_stage,
    owner_id: pick(input.ownerId, base.owner_id),
    source: pick(input.source, base.source),
    traits: input.traits ? checkTraits(input.traits) : base.traits,
  };

  checkStage(stages, next.lifecycle_stage);
  if (requiresOwner(stages, next.lifecycle_stage) && !next.owner_id) {
    throw invalid(
      'owner_required',
      `A person in stage ${next.lifecycle_stage} must have an owner.`,
      'ownerId',
    );
  }

  return {
    ...next,
    search_text: personSearchText({
      email,
      firstName: next.first_name,
      lastName: next.last_name,
      title: next.title,
    }),
  };
}

function auditable(row: Row): Partial<Row> {
  const { search_text: _search, workspace_id: _ws, ...rest } = row;

  return { ...rest, traits: JSON.parse(row.traits) as string };
}

function identityRows(row: Row): { kind: string; value: string }[] {
  const keys: { kind: string; value: string }[] = [];
  if (row.email) keys.push({ kind: 'email', value: row.email });
  if (row.user_id) keys.push({ kind: 'user_id', value: row.user_id });

  return keys;
}

async function syncIdentities(
  trx: Transaction<Database>,
  scope: Scope,
  before: Row | undefined,
  after: Row,
): Promise<void> {
  const stale = before
    ? identityRows(before).filter(
        (k) => !identityRows(after).some((n) => n.kind === k.kind && n.value === k.value),
      )
    : [];
  for (const key of stale) {
    await trx
      .deleteFrom('identities')
      .where('workspace_id', '=', scope.workspaceId)
      .where('kind', '=', key.kind)
      .where('value', '=', key.value)
      .execute();
  }

  for (const key of identityRows(after)) {
    const owner = await trx
      .selectFrom('identities')
      .select('person_id')
      .where('workspace_id', '=', scope.workspaceId)
      .where('kind', '=', key.kind)
      .where('value', '=', key.value)
      .executeTakeFirst();
    if (owner && owner.person_id !== after.id) {
      throw conflict(
        `${key.kind}_taken`,
        `Another person already has this ${key.kind.replace('_', ' ')}.`,
        key.kind === 'email' ? 'email' : 'userId',
      );
    }
    if (!owner) {
      await trx
        .insertInto('identities')
        .values({
          workspace_id: scope.workspaceId,
          kind: key.kind,
          value: key.value,
          person_id: after.id,
          created_at: nowIso(),
        })
        .execute();
    }
  }
}

export async function createPerson(
  db: Kysely<Database>,
  scope: Scope,
  input: PersonInput,
): Promise<PersonView> {
  const id = await db.transaction().execute(async (trx) => {
    const stages = await workspaceStages(trx, scope.workspaceId);
    const now = nowIso();
    const blank: Row = {
      id: newId('person'),
      workspace_id: scope.workspaceId,
      email: null,
      user_id: null,
      first_name: null,
      last_name: null,
      title: null,
      phone: null,
      company_id: null,
      lifecycle_stage: input.email ? 'lead' : 'subscriber',
      owner_id: null,
      source: null,
      traits: '{}',
      search_text: '',
      created_at: now,
      updated_at: now,
    };
    const row = merge(blank, input, stages);

    await checkReferences(trx, scope, input);
    if (row.email) await checkEmailFree(trx, scope, row.email);

    await trx.insertInto('people').values(row).execute();
    await syncIdentities(trx, scope, undefined, row);
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'person.created',
      subjectType: 'person',
      subjectId: row.id,
      after: auditable(row),
      reason: input.reason ?? null,
    });

    return row.id as PersonId;
  });

  return (await findPerson(db, scope.workspaceId, id))!;
}

export async function updatePerson(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  input: PersonInput,
): Promise<PersonView> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('people')
      .selectAll()
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw notFound('person', 'id');

    const stages = await workspaceStages(trx, scope.workspaceId);
    const after = { ...merge(before, input, stages), updated_at: nowIso() };
    if (after.lifecycle_stage !== before.lifecycle_stage) {
      await assertStageMove(
        trx,
        scope,
        before.lifecycle_stage,
        after.lifecycle_stage,
        input.reason,
        'lifecycleStage',
      );
    }

    await checkReferences(trx, scope, input);
    if (after.email && after.email !== before.email)
      await checkEmailFree(trx, scope, after.email, id);

    await trx.updateTable('people').set(after).where('id', '=', id).execute();
    await syncIdentities(trx, scope, before, after);
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: actionOf(before, after),
      subjectType: 'person',
      subjectId: id,
      before: auditable(before),
      after: auditable(after),
      reason: input.reason ?? null,
    });
  });

  return (await findPerson(db, scope.workspaceId, id))!;
}

/** Stage and owner changes get their own action names, so the history reads as a story. */
function actionOf(before: Row, after: Row): string {
  if (before.lifecycle_stage !== after.lifecycle_stage) return 'person.stage_changed';
  if (before.owner_id !== after.owner_id) return 'person.owner_changed';

  return 'person.updated';
}
