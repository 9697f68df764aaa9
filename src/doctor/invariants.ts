import { sql, type Kysely, type RawBuilder } from 'kysely';

import { parseStages, type StageDefinition } from '../lifecycle/stages.js';
import type { Store } from '../store/database.js';
import type { Database } from '../store/schema.js';

/**
 * The invariants `baton doctor` checks on a live store (PRODUCT.md, "Invariants that hold at
 * all times"). Each check is one query that returns the offending rows, capped, so a broken
 * 100k-person workspace gives a readable report rather than a flood.
 */
export type ViolationCode =
  | 'invalid_stage_config'
  | 'unknown_stage'
  | 'owner_missing'
  | 'owner_not_member'
  | 'cross_workspace_reference'
  | 'identity_cross_workspace'
  | 'workspace_without_admin'
  | 'audit_log_mutable';

export interface Violation {
  readonly code: ViolationCode;
  /** `null` for store-wide problems, such as a missing trigger. */
  readonly workspaceId: string | null;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly message: string;
}

/** At most this many violations of one check are listed. */
export const MAX_PER_CHECK = 1000;

type Db = Kysely<Database>;

interface Offender {
  workspace_id: string;
  id: string;
  detail: string | null;
}

interface RowCheck {
  readonly code: ViolationCode;
  readonly subjectType: string;
  /** Selects `workspace_id`, `id` and `detail` of every offending row. */
  readonly query: RawBuilder<Offender>;
  readonly message: (row: Offender) => string;
}

function rowChecks(): RowCheck[] {
  const ownerNotMember = (table: string, column: string, subjectType: string): RowCheck => ({
    code: 'owner_not_member',
    subjectType,
    query: sql<Offender>`select t.workspace_id, t.id, t.${sql.ref(column)} as detail from ${sql.table(table)} t
      left join memberships m on m.workspace_id = t.workspace_id and m.user_id = t.${sql.ref(column)}
      where t.${sql.ref(column)} is not null and m.user_id is null`,
    message: (row) =>
      `${subjectType} ${row.id} has ${column} ${row.detail ?? ''}, who is not a member of its workspace.`,
  });
  const crossWorkspace = (
    table: string,
    column: string,
    target: string,
    subjectType: string,
  ): RowCheck => ({
    code: 'cross_workspace_reference',
    subjectType,
    query: sql<Offender>`select t.workspace_id, t.id, t.${sql.ref(column)} as detail from ${sql.table(table)} t
      join ${sql.table(target)} r on r.id = t.${sql.ref(column)}
      where r.workspace_id <> t.workspace_id`,
    message: (row) =>
      `${subjectType} ${row.id} has ${column} ${row.detail ?? ''} from another workspace.`,
  });

  return [
    ownerNotMember('people', 'owner_id', 'person'),
    ownerNotMember('companies', 'owner_id', 'company'),
    ownerNotMember('deals', 'owner_id', 'deal'),
    ownerNotMember('teams', 'manager_id', 'team'),
    {
      code: 'owner_not_member',
      subjectType: 'team_member',
      query: sql<Offender>`select t.workspace_id, t.team_id || ':' || t.user_id as id, t.user_id as detail from team_members t
        left join memberships m on m.workspace_id = t.workspace_id and m.user_id = t.user_id
        where m.user_id is null`,
      message: (row) =>
        `Team member ${row.detail ?? ''} (${row.id}) is not a member of the team's workspace.`,
    },
    crossWorkspace('people', 'company_id', 'companies', 'person'),
    crossWorkspace('activities', 'person_id', 'people', 'activity'),
    crossWorkspace('deals', 'person_id', 'people', 'deal'),
    crossWorkspace('deals', 'company_id', 'companies', 'deal'),
    crossWorkspace('events', 'person_id', 'people', 'event'),
    {
      code: 'cross_workspace_reference',
      subjectType: 'team_member',
      query: sql<Offender>`select t.workspace_id, t.team_id || ':' || t.user_id as id, t.team_id as detail from team_members t
        join teams r on r.id = t.team_id where r.workspace_id <> t.workspace_id`,
      message: (row) =>
        `Team member ${row.id} is filed under a workspace other than its team ${row.detail ?? ''}'s.`,
    },
    {
      code: 'identity_cross_workspace',
      subjectType: 'identity',
      query: sql<Offender>`select i.workspace_id, i.kind || ':' || i.value as id, i.person_id as detail from identities i
        join people p on p.id = i.person_id where p.workspace_id <> i.workspace_id`,
      message: (row) =>
        `Identity ${row.id} points to person ${row.detail ?? ''} of another workspace.`,
    },
    {
      code: 'workspace_without_admin',
      subjectType: 'workspace',
      query: sql<Offender>`select w.id as workspace_id, w.id, null as detail from workspaces w
        where not exists (select 1 from memberships m where m.workspace_id = w.id and m.role = 'admin')`,
      message: () => 'The workspace has no admin; nobody can manage its users.',
    },
  ];
}

async function runRowCheck(db: Db, check: RowCheck): Promise<Violation[]> {
  const capped = sql<Offender>`select * from (${check.query}) offenders limit ${MAX_PER_CHECK}`;
  const { rows } = await capped.execute(db);

  return rows.map((row) => ({
    code: check.code,
    workspaceId: row.workspace_id,
    subjectType: check.subjectType,
    subjectId: row.id,
    message: check.message(row),
  }));
}

function inList(keys: readonly string[]) {
  // An empty IN () is not valid SQL; a value no stage can have stands in for "none".
  return sql.join((keys.length > 0 ? keys : ['\u0000']).map((key) => sql`${key}`));
}

async function stageChecks(db: Db): Promise<Violation[]> {
  const workspaces = await db.selectFrom('workspaces').select(['id', 'lifecycle_stages']).execute();
  const violations: Violation[] = [];

  for (const workspace of workspaces) {
    let stages: readonly StageDefinition[];
    try {
      stages = parseStages(workspace.lifecycle_stages);
      if (!Array.isArray(stages) || stages.length === 0) throw new Error('no stages');
    } catch {
      violations.push({
        code: 'invalid_stage_config',
        workspaceId: workspace.id,
        subjectType: 'workspace',
        subjectId: workspace.id,
        message: 'The workspace has no readable list of lifecycle stages.',
      });
      continue;
    }

    const keys = stages.map((s) => s.key);
    const owned = stages.filter((s) => s.owned).map((s) => s.key);
    const unknown = await sql<{
      id: string;
      lifecycle_stage: string;
    }>`select id, lifecycle_stage from people
      where workspace_id = ${workspace.id} and lifecycle_stage not in (${inList(keys)}) limit ${MAX_PER_CHECK}`.execute(
      db,
    );
    const unowned = await sql<{
      id: string;
      lifecycle_stage: string;
    }>`select id, lifecycle_stage from people
      where workspace_id = ${workspace.id} and owner_id is null and lifecycle_stage in (${inList(owned)}) limit ${MAX_PER_CHECK}`.execute(
      db,
    );

    for (const row of unknown.rows) {
      violations.push({
        code: 'unknown_stage',
        workspaceId: workspace.id,
        subjectType: 'person',
        subjectId: row.id,
        message: `Person ${row.id} is in stage "${row.lifecycle_stage}", which the workspace does not define.`,
      });
    }
    for (const row of unowned.rows) {
      violations.push({
        code: 'owner_missing',
        workspaceId: workspace.id,
        subjectType: 'person',
        subjectId: row.id,
        message: `Person ${row.id} is in owned stage ${row.lifecycle_stage} but has no owner.`,
      });
    }
  }

  return violations;
}

// PostgreSQL's pg_trigger.tgtype bits for the events a trigger fires on.
const PG_TRIGGER_DELETE = 8;
const PG_TRIGGER_UPDATE = 16;

/** Which of UPDATE and DELETE on audit_log an enabled trigger refuses. */
async function guardedOperations(store: Store): Promise<Set<'UPDATE' | 'DELETE'>> {
  const guarded = new Set<'UPDATE' | 'DELETE'>();

  if (store.dialect === 'sqlite') {
    const { rows } = await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`.execute(
      store.db,
    );
    for (const row of rows) {
      const text = row.sql.toUpperCase();
      if (!text.includes('RAISE')) continue;
      if (/BEFORE\s+UPDATE/.test(text)) guarded.add('UPDATE');
      if (/BEFORE\s+DELETE/.test(text)) guarded.add('DELETE');
    }
  } else {
    const { rows } = await sql<{ tgtype: number }>`select tgtype from pg_trigger
      where tgrelid = to_regclass('audit_log') and not tgisinternal and tgenabled <> 'D'`.execute(
      store.db,
    );
    for (const row of rows) {
      if (row.tgtype & PG_TRIGGER_UPDATE) guarded.add('UPDATE');
      if (row.tgtype & PG_TRIGGER_DELETE) guarded.add('DELETE');
    }
  }

  return guarded;
}

async function auditChecks(store: Store): Promise<Violation[]> {
  const guarded = await guardedOperations(store);

  return (['UPDATE', 'DELETE'] as const)
    .filter((op) => !guarded.has(op))
    .map((op) => ({
      code: 'audit_log_mutable',
      workspaceId: null,
      subjectType: 'store',
      subjectId: 'audit_log',
      message: `No enabled trigger refuses ${op} on audit_log; the audit log is not append-only.`,
    }));
}

/** Every invariant violation in the store; an empty list means the store is sound. */
export async function checkInvariants(store: Store): Promise<Violation[]> {
  const violations: Violation[] = [];

  violations.push(...(await stageChecks(store.db)));
  for (const check of rowChecks()) violations.push(...(await runRowCheck(store.db, check)));
  violations.push(...(await auditChecks(store)));
  // TODO(#4): SLA clock invariants: every person in an owned stage has at least one running
  // or resolved SLA clock, and no clock is left running past a terminal stage.

  return violations;
}
