import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';

import { seedDemo } from '../src/demo/demo.service.js';
import { checkInvariants, type Violation } from '../src/doctor/invariants.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { newWorkspace } from './support/api.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('doctor', (scratch, dialect) => {
  const store = () => scratch().store;
  const db = () => store().db;
  let demo: WorkspaceId;
  let other: WorkspaceId;

  async function personIn(workspaceId: WorkspaceId, stage?: string): Promise<string> {
    let query = db().selectFrom('people').select('id').where('workspace_id', '=', workspaceId);
    if (stage) query = query.where('lifecycle_stage', '=', stage);

    return (await query.orderBy('id').executeTakeFirstOrThrow()).id;
  }

  async function violationsOf(code: Violation['code']): Promise<Violation[]> {
    return (await checkInvariants(store())).filter((v) => v.code === code);
  }

  beforeAll(async () => {
    demo = (await seedDemo(store(), { people: 200, seed: 3 })).workspaceId;
    other = (await newWorkspace(store(), 'Other Co')).workspaceId;
    await db()
      .insertInto('companies')
      .values({
        id: 'cmp_other',
        workspace_id: other,
        name: 'Other Inc',
        domain: 'other.test',
        industry: null,
        employees: null,
        annual_revenue: null,
        region: null,
        country: null,
        owner_id: null,
        traits: '{}',
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
  });

  it('finds nothing wrong with a fresh demo store', async () => {
    expect(await checkInvariants(store())).toEqual([]);
  });

  it('reports a stage the workspace does not define', async () => {
    const id = await personIn(demo, 'lead');
    await sql`update people set lifecycle_stage = 'golden' where id = ${id}`.execute(db());

    expect(await violationsOf('unknown_stage')).toEqual([
      expect.objectContaining({ workspaceId: demo, subjectType: 'person', subjectId: id }),
    ]);
  });

  it('reports a person in an owned stage without an owner, and an owner from outside', async () => {
    const unowned = await personIn(demo, 'mql');
    await sql`update people set owner_id = null where id = ${unowned}`.execute(db());
    const outsider = await db()
      .selectFrom('memberships')
      .select('user_id')
      .where('workspace_id', '=', other)
      .executeTakeFirstOrThrow();
    const misowned = await personIn(demo, 'sal');
    await sql`update people set owner_id = ${outsider.user_id} where id = ${misowned}`.execute(
      db(),
    );

    expect((await violationsOf('owner_missing')).map((v) => v.subjectId)).toEqual([unowned]);
    expect((await violationsOf('owner_not_member')).map((v) => v.subjectId)).toEqual([misowned]);
  });

  it('reports references into another workspace', async () => {
    const person = await personIn(demo, 'customer');
    await sql`update people set company_id = 'cmp_other' where id = ${person}`.execute(db());
    const activity = await db()
      .selectFrom('activities')
      .select('id')
      .where('workspace_id', '=', demo)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`update activities set workspace_id = ${other} where id = ${activity.id}`.execute(
      db(),
    );
    const identity = await db()
      .selectFrom('identities')
      .select(['kind', 'value'])
      .where('workspace_id', '=', demo)
      .orderBy('value')
      .executeTakeFirstOrThrow();
    await sql`update identities set workspace_id = ${other} where workspace_id = ${demo} and kind = ${identity.kind} and value = ${identity.value}`.execute(
      db(),
    );

    const cross = await violationsOf('cross_workspace_reference');
    expect(cross).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subjectType: 'person', subjectId: person, workspaceId: demo }),
        expect.objectContaining({
          subjectType: 'activity',
          subjectId: activity.id,
          workspaceId: other,
        }),
      ]),
    );
    expect(await violationsOf('identity_cross_workspace')).toEqual([
      expect.objectContaining({ subjectId: `${identity.kind}:${identity.value}` }),
    ]);
  });

  it('reports a workspace without an admin', async () => {
    await sql`update memberships set role = 'viewer' where workspace_id = ${other}`.execute(db());

    expect(await violationsOf('workspace_without_admin')).toEqual([
      expect.objectContaining({ workspaceId: other, subjectId: other }),
    ]);
  });

  it('reports an audit log that is no longer append-only', async () => {
    expect(await violationsOf('audit_log_mutable')).toEqual([]);

    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(db());
    else await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db());

    const mutable = await violationsOf('audit_log_mutable');
    expect(mutable.map((v) => v.message).join(' ')).toContain('UPDATE');
    expect(mutable.every((v) => v.workspaceId === null && v.subjectId === 'audit_log')).toBe(true);
  });
});
