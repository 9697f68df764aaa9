import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';

import { likePattern } from '../people/search-text.js';
import type { TeamId, UserId, WorkspaceId } from '../shared/ids.js';
import {
  decodeCursor,
  DEFAULT_LIMIT,
  expectCursorValue,
  pageOf,
  parseSort,
} from '../shared/pagination.js';
import type { Database } from '../store/schema.js';
import type { TeamCalendar } from './calendar.js';
import {
  TEAM_SORTS,
  type Availability,
  type TeamFilter,
  type TeamKind,
  type TeamMemberView,
  type TeamSort,
  type TeamView,
} from './team.types.js';
import { afterCursor } from '../store/keyset.js';

type Db = Kysely<Database> | Transaction<Database>;
type TeamRow = Database['teams'];

async function membersOf(
  db: Db,
  workspaceId: WorkspaceId,
  teamIds: readonly string[],
): Promise<Map<string, TeamMemberView[]>> {
  const byTeam = new Map<string, TeamMemberView[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;

  const rows = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select([
      'team_members.team_id',
      'team_members.user_id',
      'users.name',
      'users.email',
      'team_members.capacity',
      'team_members.availability',
      'team_members.away_until',
    ])
    .where('team_members.workspace_id', '=', workspaceId)
    .where('team_members.team_id', 'in', teamIds)
    .orderBy('users.name')
    .orderBy('team_members.user_id')
    .execute();

  for (const row of rows) {
    byTeam.get(row.team_id)?.push({
      userId: row.user_id as UserId,
      name: row.name,
      email: row.email,
      capacity: row.capacity,
      availability: row.availability as Availability,
      awayUntil: row.away_until,
    });
  }

  return byTeam;
}

function toTeamView(row: TeamRow, members: TeamMemberView[]): TeamView {
  return {
    id: row.id as TeamId,
    name: row.name,
    kind: row.kind as TeamKind,
    managerId: row.manager_id as UserId | null,
    calendar: JSON.parse(row.calendar) as TeamCalendar,
    members,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findTeamRow(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<TeamRow | undefined> {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findTeam(
  db: Db,
  workspaceId: WorkspaceId,
  id: string,
): Promise<TeamView | undefined> {
  const row = await findTeamRow(db, workspaceId, id);
  if (!row) return undefined;

  const members = await membersOf(db, workspaceId, [row.id]);

  return toTeamView(row, members.get(row.id) ?? []);
}

export async function findTeamByName(
  db: Db,
  workspaceId: WorkspaceId,
  name: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('teams')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

function sortExpression(field: TeamSort): Expression<string> {
  switch (field) {
    case 'name':
      return sql<string>`teams.name`;
    case 'created_at':
      return sql<string>`teams.created_at`;
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

function sortValue(view: TeamView, field: TeamSort): string {
  switch (field) {
    case 'name':
      return view.name;
    case 'created_at':
      return view.createdAt;
    default: {
      const never: never = field;
      throw new Error(`Unknown sort ${String(never)}`);
    }
  }
}

/** One page of teams, by name unless `sort` says otherwise, each with its members. */
export async function listTeams(
  db: Db,
  workspaceId: WorkspaceId,
  filter: TeamFilter,
): Promise<{ data: TeamView[]; nextCursor: string | null }> {
  const { field, direction } = parseSort(filter.sort ?? 'name', TEAM_SORTS, 'name');
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const expr = sortExpression(field);

  let query = db.selectFrom('teams').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.q)
    query = query.where(sql<SqlBool>`lower(teams.name) like ${likePattern(filter.q)} escape '\\'`);
  if (filter.cursor) {
    const cursor = expectCursorValue(
      decodeCursor(filter.cursor),
      field === 'name' ? 'text' : 'time',
    );
    query = query.where(afterCursor(expr, 'teams.id', cursor, direction));
  }

  const rows = await query
    .orderBy(expr, direction)
    .orderBy('teams.id', direction)
    .limit(limit + 1)
    .execute();
  const members = await membersOf(
    db,
    workspaceId,
    rows.slice(0, limit).map((r) => r.id),
  );
  const views = rows.map((row) => toTeamView(row, members.get(row.id) ?? []));

  return pageOf(views, limit, (view) => ({ value: sortValue(view, field), id: view.id }));
}
