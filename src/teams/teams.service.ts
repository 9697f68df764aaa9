import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import type { Scope } from '../shared/actor.js';
import { conflict, invalid, notFound, type AppError } from '../shared/app-error.js';
import { nowIso, toIso } from '../shared/clock.js';
import { newId, type TeamId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { validateName } from '../users/user.validation.js';
import { assertMember } from '../workspaces/references.js';
import { DEFAULT_CALENDAR, validateCalendar, type TeamCalendar } from './calendar.js';
import { findTeam, findTeamByName, findTeamRow } from './teams.repository.js';
import {
  DEFAULT_CAPACITY,
  MAX_CAPACITY,
  type Availability,
  type MemberInput,
  type TeamInput,
  type TeamView,
} from './team.types.js';

type Row = Database['teams'];
type MemberRow = Database['team_members'];

const MAX_TEAM_NAME = 100;

function auditable(row: Row): Record<string, unknown> {
  const { workspace_id: _ws, calendar, ...rest } = row;

  return { ...rest, calendar: JSON.parse(calendar) as TeamCalendar };
}

// Two requests racing for one name both pass the check; the store's unique constraint
// stops the second, and it gets the same answer as if it had come later.
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;

  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function nameTaken(): AppError {
  return conflict(
    'team_name_taken',
    'A team with this name already exists in this workspace.',
    'name',
  );
}

async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    throw isUniqueViolation(error) ? nameTaken() : error;
  }
}

async function checkNameFree(
  trx: Transaction<Database>,
  scope: Scope,
  name: string,
  self?: string,
): Promise<void> {
  const other = await findTeamByName(trx, scope.workspaceId, name);
  if (other && other.id !== self) {
    throw conflict(
      'team_name_taken',
      'A team with this name already exists in this workspace.',
      'name',
    );
  }
}

/** Applies `input` over `base`; fields left out keep their value. */
function merge(base: Row, input: TeamInput): Row {
  return {
    ...base,
    name: input.name === undefined ? base.name : validateName(input.name, 'name', MAX_TEAM_NAME),
    kind: input.kind ?? base.kind,
    manager_id: input.managerId === undefined ? base.manager_id : input.managerId,
    calendar:
      input.calendar === undefined
        ? base.calendar
        : JSON.stringify(validateCalendar(input.calendar)),
  };
}

export async function createTeam(
  db: Kysely<Database>,
  scope: Scope,
  input: TeamInput,
): Promise<TeamView> {
  if (input.name === undefined) throw invalid('required', 'name is required.', 'name');
  if (input.kind === undefined) throw invalid('required', 'kind is required.', 'kind');

  const id = await inTransaction(db, async (trx) => {
    const now = nowIso();
    const blank: Row = {
      id: newId('team'),
      workspace_id: scope.workspaceId,
      name: '',
      kind: input.kind!,
      manager_id: null,
      calendar: JSON.stringify(DEFAULT_CALENDAR),
      created_at: now,
      updated_at: now,
    };
    const row = merge(blank, input);

    if (row.manager_id) await assertMember(trx, scope.workspaceId, row.manager_id, 'managerId');
    await checkNameFree(trx, scope, row.name);

    await trx.insertInto('teams').values(row).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'team.created',
      subjectType: 'team',
      subjectId: row.id,
      after: auditable(row),
    });

    return row.id as TeamId;
  });

  return (await findTeam(db, scope.workspaceId, id))!;
}

export async function updateTeam(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  input: TeamInput,
): Promise<TeamView> {
  await inTransaction(db, async (trx) => {
    const before = await findTeamRow(trx, scope.workspaceId, id);
    if (!before) throw notFound('team', 'id');

    const after: Row = { ...merge(before, input), updated_at: nowIso() };
    if (typeof input.managerId === 'string')
      await assertMember(trx, scope.workspaceId, input.managerId, 'managerId');
    if (after.name !== before.name) await checkNameFree(trx, scope, after.name, id);

    await trx.updateTable('teams').set(after).where('id', '=', id).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'team.updated',
      subjectType: 'team',
      subjectId: id,
      before: auditable(before),
      after: auditable(after),
    });
  });

  return (await findTeam(db, scope.workspaceId, id))!;
}

export async function deleteTeam(db: Kysely<Database>, scope: Scope, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findTeamRow(trx, scope.workspaceId, id);
    if (!before) throw notFound('team', 'id');

    const members = await trx
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', id)
      .execute();
    await trx.deleteFrom('team_members').where('team_id', '=', id).execute();
    await trx.deleteFrom('teams').where('id', '=', id).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'team.deleted',
      subjectType: 'team',
      subjectId: id,
      before: { ...auditable(before), memberIds: members.map((m) => m.user_id) },
    });
  });
}

function checkAbsence(availability: Availability, awayUntil: string | null): string | null {
  if (awayUntil === null) return null;
  if (availability === 'available') {
    throw invalid(
      'away_until_without_absence',
      'awayUntil needs availability away or out_of_office.',
      'awayUntil',
    );
  }

  const ms = Date.parse(awayUntil);
  if (!Number.isFinite(ms))
    throw invalid('invalid_format', 'awayUntil must be a date-time.', 'awayUntil');

  return toIso(ms);
}

function memberSettings(
  base: MemberRow | undefined,
  input: MemberInput,
): Pick<MemberRow, 'capacity' | 'availability' | 'away_until'> {
  const capacity = input.capacity ?? base?.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) {
    throw invalid(
      'invalid_capacity',
      `capacity must be a whole number from 0 to ${MAX_CAPACITY}.`,
      'capacity',
    );
  }

  const availability =
    input.availability ?? (base?.availability as Availability | undefined) ?? 'available';
  // Becoming available again ends an absence unless a new end is given.
  const inherited = availability === 'available' ? null : (base?.away_until ?? null);
  const awayUntil = checkAbsence(
    availability,
    input.awayUntil === undefined ? inherited : input.awayUntil,
  );

  return { capacity, availability, away_until: awayUntil };
}

/** Adds a user to a team, or changes their capacity and availability there. */
export async function setTeamMember(
  db: Kysely<Database>,
  scope: Scope,
  teamId: string,
  userId: string,
  input: MemberInput,
): Promise<TeamView> {
  await db.transaction().execute(async (trx) => {
    if (!(await findTeamRow(trx, scope.workspaceId, teamId))) throw notFound('team', 'id');
    await assertMember(trx, scope.workspaceId, userId, 'userId');

    const before = await trx
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const settings = memberSettings(before, input);

    if (before) {
      await trx
        .updateTable('team_members')
        .set(settings)
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .execute();
    } else {
      await trx
        .insertInto('team_members')
        .values({
          team_id: teamId,
          workspace_id: scope.workspaceId,
          user_id: userId,
          created_at: nowIso(),
          ...settings,
        })
        .execute();
    }
    await trx.updateTable('teams').set({ updated_at: nowIso() }).where('id', '=', teamId).execute();

    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: before ? 'team.member_updated' : 'team.member_added',
      subjectType: 'team',
      subjectId: teamId,
      before: before
        ? {
            userId,
            capacity: before.capacity,
            availability: before.availability,
            awayUntil: before.away_until,
          }
        : null,
      after: {
        userId,
        capacity: settings.capacity,
        availability: settings.availability,
        awayUntil: settings.away_until,
      },
    });
  });

  return (await findTeam(db, scope.workspaceId, teamId))!;
}

export async function removeTeamMember(
  db: Kysely<Database>,
  scope: Scope,
  teamId: string,
  userId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await findTeamRow(trx, scope.workspaceId, teamId))) throw notFound('team', 'id');

    const before = await trx
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!before) throw notFound('team_member', 'userId');

    await trx
      .deleteFrom('team_members')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
    await trx.updateTable('teams').set({ updated_at: nowIso() }).where('id', '=', teamId).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'team.member_removed',
      subjectType: 'team',
      subjectId: teamId,
      before: {
        userId,
        capacity: before.capacity,
        availability: before.availability,
        awayUntil: before.away_until,
      },
    });
  });
}
