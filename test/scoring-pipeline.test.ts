import { expect, it } from 'vitest';

import { createPerson } from '../src/people/people.service.js';
import { scoreAndQualify } from '../src/scoring/scoring.pipeline.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import type { Store } from '../src/store/database.js';
import { newWorkspace } from './support/api.js';
import { describeEachStore } from './support/stores.js';

const DAY = 86_400_000;

/** Publishes the starter model straight into the tables, as the scoring service would. */
async function publishStarter(
  store: Store,
  workspaceId: WorkspaceId,
): Promise<{ modelId: string; versionId: string }> {
  const now = new Date().toISOString();
  const modelId = newId('scoringModel');
  const versionId = newId('modelVersion');

  // Whatever the workspace was given at creation steps aside, so this test knows its model.
  await store.db
    .updateTable('scoring_model_versions')
    .set({ status: 'retired', retired_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'published')
    .execute();
  await store.db
    .insertInto('scoring_models')
    .values({
      id: modelId,
      workspace_id: workspaceId,
      name: `Starter ${modelId}`,
      description: null,
      segment: null,
      priority: 100,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  await store.db
    .insertInto('scoring_model_versions')
    .values({
      id: versionId,
      workspace_id: workspaceId,
      model_id: modelId,
      version: 1,
      status: 'published',
      definition: JSON.stringify(STARTER_MODEL),
      created_by: 'test',
      created_at: now,
      published_at: now,
      retired_at: null,
    })
    .execute();

  return { modelId, versionId };
}

async function addEvent(
  store: Store,
  workspaceId: WorkspaceId,
  personId: string,
  event: { type: string; name?: string; path?: string; at: number },
): Promise<string> {
  const id = newId('event');
  await store.db
    .insertInto('events')
    .values({
      id,
      workspace_id: workspaceId,
      message_id: id,
      type: event.type,
      name: event.name ?? null,
      person_id: personId,
      anonymous_id: null,
      user_id: null,
      properties: JSON.stringify(event.path ? { path: event.path } : {}),
      context: '{}',
      occurred_at: new Date(event.at).toISOString(),
      received_at: new Date(event.at).toISOString(),
    })
    .execute();

  return id;
}

describeEachStore('scoring pipeline', (scratch) => {
  it('scores a person, records the history with the version, and qualifies them as an MQL', async () => {
    const { store } = scratch();
    const workspace = await newWorkspace(store);
    const { versionId } = await publishStarter(store, workspace.workspaceId);
    const scope = {
      workspaceId: workspace.workspaceId,
      actor: { type: 'cli' as const, id: 'test' },
    };
    const company = newId('company');
    const now = Date.now();
    await store.db
      .insertInto('companies')
      .values({
        id: company,
        workspace_id: workspace.workspaceId,
        name: 'Acme',
        domain: null,
        industry: 'Software',
        employees: 300,
        annual_revenue: null,
        region: 'EMEA',
        country: 'DE',
        owner_id: null,
        traits: '{}',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const person = await createPerson(store.db, scope, {
      email: 'vp@acme.io',
      title: 'VP Marketing',
      companyId: company,
    });

    await addEvent(store, workspace.workspaceId, person.id, {
      type: 'page',
      path: '/pricing',
      at: now - 2 * DAY,
    });
    const first = await scoreAndQualify(
      store.db,
      workspace.workspaceId,
      person.id,
      { kind: 'profile' },
      now,
    );
    expect(first).toMatchObject({ grade: 'A', mql: false, stage: 'lead', versionId });

    const demo = await addEvent(store, workspace.workspaceId, person.id, {
      type: 'track',
      name: 'Demo Requested',
      at: now - DAY,
    });
    await addEvent(store, workspace.workspaceId, person.id, {
      type: 'track',
      name: 'Webinar Attended',
      at: now - DAY,
    });
    const second = await store.db
      .transaction()
      .execute((trx) =>
        scoreAndQualify(
          trx,
          workspace.workspaceId,
          person.id,
          { kind: 'event', eventId: demo },
          now,
        ),
      );
    expect(second).toMatchObject({ mql: true, movedTo: 'mql', stage: 'mql' });

    const row = await store.db
      .selectFrom('people')
      .select(['lifecycle_stage', 'owner_id'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ lifecycle_stage: 'mql', owner_id: workspace.adminUserId });

    const history = await store.db
      .selectFrom('score_history')
      .select(['version_id', 'cause', 'cause_id'])
      .where('person_id', '=', person.id)
      .orderBy('at')
      .execute();
    expect(history).toEqual([
      { version_id: versionId, cause: 'profile', cause_id: null },
      { version_id: versionId, cause: 'event', cause_id: demo },
    ]);

    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'reason'])
      .where('subject_id', '=', person.id)
      .where('action', '=', 'person.stage_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'system', actor_id: 'scoring' });
    expect(audit[0]?.reason).toContain('MQL criteria of');

    const qualified = await store.db
      .selectFrom('domain_events')
      .select(['type', 'payload'])
      .where('subject_id', '=', person.id)
      .execute();
    expect(qualified.map((e) => e.type)).toEqual(['lead.qualified']);
    expect(JSON.parse(qualified[0]!.payload)).toMatchObject({
      personId: person.id,
      versionId,
      grade: 'A',
    });
  });

  it('writes no history when nothing changed, and nothing without a published model', async () => {
    const { store } = scratch();
    const bare = await newWorkspace(store);
    const scope = { workspaceId: bare.workspaceId, actor: { type: 'cli' as const, id: 'test' } };
    const person = await createPerson(store.db, scope, { email: 'x@example.org' });
    await store.db
      .updateTable('scoring_model_versions')
      .set({ status: 'retired' })
      .where('workspace_id', '=', bare.workspaceId)
      .execute();

    expect(
      await scoreAndQualify(store.db, bare.workspaceId, person.id, { kind: 'profile' }),
    ).toBeUndefined();

    await publishStarter(store, bare.workspaceId);
    const now = Date.now();
    await scoreAndQualify(store.db, bare.workspaceId, person.id, { kind: 'profile' }, now);
    await scoreAndQualify(store.db, bare.workspaceId, person.id, { kind: 'profile' }, now);
    const history = await store.db
      .selectFrom('score_history')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();

    expect(history).toHaveLength(1);
  });
});
