import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import { findPerson } from '../people/people.repository.js';
import type { PersonView } from '../people/person.types.js';
import type { Actor, Scope } from '../shared/actor.js';
import { AppError, conflict, invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { assertMember } from '../workspaces/references.js';
import { removedStages, validateLifecycle } from './lifecycle-config.js';
import { parseStages, requiresOwner, type StageDefinition } from './stages.js';
import { checkTransition, DEFAULT_TRANSITIONS, type StageCause } from './transitions.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface LifecycleView {
  readonly stages: StageDefinition[];
  readonly transitions: Record<string, string[]>;
  /** True while the workspace uses Baton's default transitions. */
  readonly defaultTransitions: boolean;
}

export async function getLifecycle(db: Db, workspaceId: WorkspaceId): Promise<LifecycleView> {
  const row = await db
    .selectFrom('workspaces')
    .select(['lifecycle_stages', 'lifecycle_transitions'])
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) throw notFound('workspace', 'id');

  const transitions = row.lifecycle_transitions
    ? (JSON.parse(row.lifecycle_transitions) as Record<string, string[]>)
    : DEFAULT_TRANSITIONS;

  return {
    stages: [...parseStages(row.lifecycle_stages)],
    transitions: Object.fromEntries(
      Object.entries(transitions).map(([from, to]) => [from, [...to]]),
    ),
    defaultTransitions: row.lifecycle_transitions === null,
  };
}

/**
 * Replaces the workspace's stages and transitions (`transitions: null` goes back to the
 * defaults). A stage that people are in cannot be removed: move them first.
 */
export async function setLifecycle(
  db: Kysely<Database>,
  scope: Scope,
  input: {
    stages: readonly StageDefinition[];
    transitions: Record<string, readonly string[]> | null;
  },
): Promise<LifecycleView> {
  const config = validateLifecycle({
    stages: input.stages,
    transitions: input.transitions ?? DEFAULT_TRANSITIONS,
  });

  await db.transaction().execute(async (trx) => {
    const before = await getLifecycle(trx, scope.workspaceId);
    const removed = removedStages(before.stages, config.stages);
    if (removed.length > 0) {
      const used = await trx
        .selectFrom('people')
        .select('lifecycle_stage')
        .where('workspace_id', '=', scope.workspaceId)
        .where('lifecycle_stage', 'in', removed)
        .executeTakeFirst();
      if (used)
        throw conflict(
          'stage_in_use',
          `People are in stage ${used.lifecycle_stage}: move them before removing it.`,
          'stages',
        );
    }

    await trx
      .updateTable('workspaces')
      .set({
        lifecycle_stages: JSON.stringify(config.stages),
        lifecycle_transitions:
          input.transitions === null ? null : JSON.stringify(config.transitions),
        updated_at: nowIso(),
      })
      .where('id', '=', scope.workspaceId)
      .execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'workspace.lifecycle_changed',
      subjectType: 'workspace',
      subjectId: scope.workspaceId,
      before: {
        stages: before.stages,
        transitions: before.defaultTransitions ? null : before.transitions,
      },
      after: {
        stages: config.stages,
        transitions: input.transitions === null ? null : config.transitions,
      },
    });
  });

  return getLifecycle(db, scope.workspaceId);
}

/** The cause a stage change by this actor is recorded with. */
export function causeOfActor(actor: Actor): StageCause {
  switch (actor.type) {
    case 'user':
    case 'cli':
      return 'user';
    case 'api_key':
      return 'api';
    case 'system':
      return 'system';
    default: {
      const never: never = actor;
      throw new Error(`Unknown actor ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Refuses a stage change the workspace does not allow: unknown stage (400), a move its
 * transitions do not list (409), a manual move by a user without a reason (400).
 */
export async function assertStageMove(
  trx: Db,
  scope: Scope,
  from: string,
  to: string,
  reason: string | null | undefined,
  stageField = 'stage',
): Promise<StageCause> {
  const lifecycle = await getLifecycle(trx, scope.workspaceId);
  const cause = causeOfActor(scope.actor);
  const check = checkTransition(lifecycle.stages, lifecycle.transitions, {
    from,
    to,
    cause,
    reason: reason ?? null,
  });
  if (check.ok) return cause;

  switch (check.code) {
    case 'unknown_stage':
      throw invalid('unknown_stage', check.message, stageField);
    case 'reason_required':
      throw invalid('reason_required', check.message, 'reason');
    case 'transition_not_allowed':
      throw new AppError('conflict', 'transition_not_allowed', check.message, stageField);
    default: {
      const never: never = check.code;
      throw new Error(`Unknown check ${String(never)}`);
    }
  }
}

export interface StageMove {
  readonly stage: string;
  readonly reason?: string;
  readonly ownerId?: string;
}

/**
 * Moves a person to another stage by hand: allowed by the workspace's transitions, with a
 * reason (required of users), an owner where the stage needs one, audited with the cause.
 */
export async function moveStage(
  db: Kysely<Database>,
  scope: Scope,
  personId: string,
  move: StageMove,
): Promise<PersonView> {
  await db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('people')
      .select(['id', 'lifecycle_stage', 'owner_id'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person) throw notFound('person', 'id');

    const reason = move.reason?.trim() || null;
    const cause = await assertStageMove(trx, scope, person.lifecycle_stage, move.stage, reason);
    if (typeof move.ownerId === 'string')
      await assertMember(trx, scope.workspaceId, move.ownerId, 'ownerId');

    const ownerId = move.ownerId ?? person.owner_id;
    const stages = (await getLifecycle(trx, scope.workspaceId)).stages;
    if (requiresOwner(stages, move.stage) && !ownerId) {
      throw invalid(
        'owner_required',
        `A person in stage ${move.stage} must have an owner.`,
        'ownerId',
      );
    }
    if (move.stage === person.lifecycle_stage && ownerId === person.owner_id) return;

    await trx
      .updateTable('people')
      .set({ lifecycle_stage: move.stage, owner_id: ownerId, updated_at: nowIso() })
      .where('id', '=', personId)
      .execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'person.stage_changed',
      subjectType: 'person',
      subjectId: personId,
      before: { lifecycleStage: person.lifecycle_stage, ownerId: person.owner_id },
      after: { lifecycleStage: move.stage, ownerId, cause },
      reason,
    });
  });

  return (await findPerson(db, scope.workspaceId, personId))!;
}
