import type { Insertable, Transaction } from 'kysely';

import { createApiKey } from '../api-keys/api-key.service.js';
import { recordAudit } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/secrets.js';
import { DEFAULT_STAGE_DEFINITIONS } from '../lifecycle/stages.js';
import type { Actor, Scope } from '../shared/actor.js';
import { invalid } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type UserId, type WorkspaceId } from '../shared/ids.js';
import type { Store } from '../store/database.js';
import { rescoreWorkspace } from '../scoring/rescore.service.js';
import { analyzeStore } from '../store/statistics.js';
import { ensureStarterModel } from '../scoring/scoring-models.service.js';
import type { Database } from '../store/schema.js';
import type { CreatedWorkspace } from '../workspaces/workspace.service.js';
import { DEMO_LOGIN, DEMO_USERS, type DemoUserKey } from './demo-catalog.js';
import { generateDemo, type PersonBundle } from './demo-data.js';
import { demoIdSource } from './demo-ids.js';

export { DEMO_LOGIN } from './demo-catalog.js';

export interface DemoOptions {
  readonly people: number;
  readonly seed: number;
  /** Told how many people are written so far, after every batch. */
  readonly onProgress?: (written: number, total: number) => void;
  readonly actor?: Actor;
}

export interface DemoCounts {
  people: number;
  companies: number;
  events: number;
  activities: number;
  deals: number;
}

export const MAX_DEMO_PEOPLE = 1_000_000;
const DEMO_WORKSPACE_NAME = 'Baton Demo';

// Rows per INSERT: 500 rows of the widest table stay far below both stores' parameter limits.
const CHUNK = 500;

type Trx = Transaction<Database>;
type Table =
  | 'teams'
  | 'team_members'
  | 'companies'
  | 'people'
  | 'identities'
  | 'events'
  | 'activities'
  | 'deals';

async function insertChunked<T extends Table>(
  trx: Trx,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    // Kysely's insert types are per table; the rows are whole rows of that same table.
    await trx
      .insertInto(table)
      .values(rows.slice(start, start + CHUNK) as never)
      .execute();
  }
}

function checkOptions(options: DemoOptions): void {
  if (!Number.isInteger(options.people) || options.people < 0 || options.people > MAX_DEMO_PEOPLE) {
    throw invalid(
      'invalid_people',
      `people must be a whole number from 0 to ${MAX_DEMO_PEOPLE}.`,
      'people',
    );
  }
  if (!Number.isInteger(options.seed) || Math.abs(options.seed) > 2 ** 32) {
    throw invalid('invalid_seed', 'seed must be a whole number.', 'seed');
  }
}

/**
 * The demo users, created where their e-mail is new; users who already exist (from an earlier
 * `baton demo`) are reused as they are and join this workspace too.
 */
async function demoUsers(trx: Trx, passwordHash: string): Promise<Record<DemoUserKey, UserId>> {
  const now = nowIso();
  const ids = {} as Record<DemoUserKey, UserId>;

  for (const user of DEMO_USERS) {
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', user.email)
      .executeTakeFirst();
    ids[user.key] = (existing?.id as UserId | undefined) ?? newId('user');
    if (!existing) {
      await trx
        .insertInto('users')
        .values({
          id: ids[user.key],
          email: user.email,
          name: user.name,
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }

  return ids;
}

async function createDemoWorkspace(
  trx: Trx,
  scope: Scope,
  userIds: Record<DemoUserKey, UserId>,
): Promise<CreatedWorkspace> {
  const now = nowIso();

  await trx
    .insertInto('workspaces')
    .values({
      id: scope.workspaceId,
      name: DEMO_WORKSPACE_NAME,
      lifecycle_stages: JSON.stringify(DEFAULT_STAGE_DEFINITIONS),
      created_at: now,
      updated_at: now,
    })
    .execute();
  await trx
    .insertInto('memberships')
    .values(
      DEMO_USERS.map((user) => ({
        workspace_id: scope.workspaceId,
        user_id: userIds[user.key],
        role: user.role,
        created_at: now,
      })),
    )
    .execute();
  await recordAudit(trx, scope.workspaceId, scope.actor, {
    action: 'workspace.created',
    subjectType: 'workspace',
    subjectId: scope.workspaceId,
    after: { name: DEMO_WORKSPACE_NAME, adminUserId: userIds.admin },
  });

  const writeKey = await createApiKey(trx, scope, {
    name: 'Demo website write key',
    scope: 'ingest',
  });
  const apiKey = await createApiKey(trx, scope, { name: 'Demo admin key', scope: 'admin' });

  return { workspaceId: scope.workspaceId, adminUserId: userIds.admin, writeKey, apiKey };
}

async function writeBatch(
  trx: Trx,
  batch: readonly PersonBundle[],
  counts: DemoCounts,
): Promise<void> {
  const events = batch.flatMap((bundle) => bundle.events);
  const activities = batch.flatMap((bundle) => bundle.activities);
  const deals = batch.flatMap((bundle) => bundle.deals);

  await insertChunked(
    trx,
    'people',
    batch.map((bundle) => bundle.person),
  );
  await insertChunked(
    trx,
    'identities',
    batch.flatMap((bundle) => bundle.identities),
  );
  await insertChunked(trx, 'events', events);
  await insertChunked(trx, 'activities', activities);
  await insertChunked(trx, 'deals', deals);

  counts.people += batch.length;
  counts.events += events.length;
  counts.activities += activities.length;
  counts.deals += deals.length;
}

async function writeContent(
  trx: Trx,
  scope: Scope,
  userIds: Record<DemoUserKey, UserId>,
  options: DemoOptions,
): Promise<DemoCounts> {
  const data = generateDemo({
    seed: options.seed,
    people: options.people,
    now: Date.now(),
    workspaceId: scope.workspaceId,
    userIds,
    newId: demoIdSource(),
  });
  const counts: DemoCounts = {
    people: 0,
    companies: data.companies.length,
    events: 0,
    activities: 0,
    deals: 0,
  };

  await insertChunked(trx, 'teams', data.teams);
  await insertChunked(trx, 'team_members', data.teamMembers);
  await insertChunked(trx, 'companies', data.companies);

  let batch: PersonBundle[] = [];
  for (const bundle of data.people) {
    batch.push(bundle);
    if (batch.length === CHUNK) {
      await writeBatch(trx, batch, counts);
      options.onProgress?.(counts.people, options.people);
      batch = [];
    }
  }
  await writeBatch(trx, batch, counts);
  options.onProgress?.(counts.people, options.people);

  return counts;
}

/**
 * A realistic demo workspace, the same for the same seed (relative to today): the demo admin
 * (`DEMO_LOGIN`), a marketing manager, a sales manager and six reps; three teams with
 * calendars; companies, people with months of events, activities and deals. Everything is
 * written in one transaction, in multi-row inserts, so a failure leaves nothing behind.
 */
export async function seedDemo(store: Store, options: DemoOptions): Promise<CreatedWorkspace> {
  checkOptions(options);

  // One Argon2id hash for all new demo users: they share the demo password anyway.
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const scope: Scope = {
    workspaceId: newId('workspace') as WorkspaceId,
    actor: options.actor ?? { type: 'system', id: 'demo' },
  };

  const created = await store.db.transaction().execute(async (trx) => {
    const userIds = await demoUsers(trx, passwordHash);
    const created = await createDemoWorkspace(trx, scope, userIds);
    await ensureStarterModel(trx, scope.workspaceId, scope.actor);
    const counts = await writeContent(trx, scope, userIds, options);

    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'demo.seeded',
      subjectType: 'workspace',
      subjectId: scope.workspaceId,
      after: { seed: options.seed, ...counts },
    });

    return created;
  });

  // The seeded stages already tell each person's story: score everyone, move no one.
  await rescoreWorkspace(store.db, scope.workspaceId, {
    cause: { kind: 'import' },
    applyMoves: false,
  });

  // A bulk load leaves the planner's statistics behind the data; gather them now rather than
  // when autovacuum (PostgreSQL) or nobody (SQLite) gets to it.
  await analyzeStore(store);

  return created;
}
