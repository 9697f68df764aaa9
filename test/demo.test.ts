import { expect, it } from 'vitest';

import { login } from '../src/auth/session.service.js';
import { DEMO_LOGIN, seedDemo } from '../src/demo/demo.service.js';
import { checkInvariants } from '../src/doctor/invariants.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { describeEachStore } from './support/stores.js';

const PEOPLE = 400;

describeEachStore('demo workspace', (scratch) => {
  const db = () => scratch().store.db;

  async function content(workspaceId: WorkspaceId) {
    const people = await db()
      .selectFrom('people')
      .select(['email', 'first_name', 'last_name', 'title', 'lifecycle_stage', 'source', 'traits'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('email')
      .execute();
    const companies = await db()
      .selectFrom('companies')
      .select(['name', 'domain', 'industry', 'region'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('domain')
      .execute();

    return {
      people: people.map((p) => ({ ...p, traits: JSON.parse(p.traits) as unknown })),
      companies,
    };
  }

  async function count(
    table: 'people' | 'events' | 'activities' | 'deals' | 'teams' | 'team_members' | 'identities',
    workspaceId: WorkspaceId,
  ) {
    const row = await db()
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();

    return Number(row.n);
  }

  let first: WorkspaceId;

  it('seeds a workspace the demo login can open, with everything in it', async () => {
    const created = await seedDemo(scratch().store, { people: PEOPLE, seed: 7 });
    first = created.workspaceId;

    expect(await count('people', first)).toBe(PEOPLE);
    expect(await count('events', first)).toBeGreaterThan(PEOPLE * 3);
    expect(await count('identities', first)).toBeGreaterThanOrEqual(PEOPLE * 2);
    expect(await count('activities', first)).toBeGreaterThan(0);
    expect(await count('deals', first)).toBeGreaterThan(0);
    expect(await count('teams', first)).toBe(3);
    expect(await count('team_members', first)).toBeGreaterThan(6);

    const session = await login(db(), {
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
      workspaceId: first,
    });
    expect(session.principal.role).toBe('admin');

    const roles = await db()
      .selectFrom('memberships')
      .select('role')
      .where('workspace_id', '=', first)
      .execute();
    expect(roles.map((r) => r.role).sort()).toEqual([
      'admin',
      'marketing',
      'sales_manager',
      ...Array(6).fill('sales_rep'),
    ]);
  });

  it('records one summarising audit entry, not one per row', async () => {
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', first)
      .execute();
    const names = actions.map((a) => a.action);

    expect(names.filter((a) => a === 'demo.seeded')).toHaveLength(1);
    expect(names.length).toBeLessThan(10);
  });

  it('leaves a store that passes every invariant check', async () => {
    expect(await checkInvariants(scratch().store)).toEqual([]);
  });

  it('seeds again into a new workspace, reusing the demo users, with the same content for the same seed', async () => {
    const again = await seedDemo(scratch().store, { people: PEOPLE, seed: 7 });

    expect(again.workspaceId).not.toBe(first);
    expect(again.adminUserId).toBeDefined();
    expect(await content(again.workspaceId)).toEqual(await content(first));

    const demoUsers = await db()
      .selectFrom('users')
      .select('id')
      .where('email', 'like', '%@baton.dev')
      .execute();
    expect(demoUsers).toHaveLength(9);
    expect(await checkInvariants(scratch().store)).toEqual([]);
  });

  it('refuses a bad size and writes nothing', async () => {
    const before = await db().selectFrom('workspaces').select('id').execute();

    await expect(seedDemo(scratch().store, { people: -1, seed: 1 })).rejects.toMatchObject({
      code: 'invalid_people',
      field: 'people',
    });
    await expect(seedDemo(scratch().store, { people: 10, seed: 1.5 })).rejects.toMatchObject({
      code: 'invalid_seed',
      field: 'seed',
    });
    expect(await db().selectFrom('workspaces').select('id').execute()).toHaveLength(before.length);
  });
});
