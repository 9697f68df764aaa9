import { beforeAll, expect, it } from 'vitest';

import { seedDemo } from '../src/demo/demo.service.js';
import { rescoreWorkspace } from '../src/scoring/rescore.service.js';
import { runRescoreJob } from '../src/scoring/rescore-runner.js';
import { publishModel, saveDraft } from '../src/scoring/scoring-models.service.js';
import { scorePerson } from '../src/scoring/score-person.js';
import { loadEvents, loadFacts } from '../src/scoring/scoring.pipeline.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { newWorkspace } from './support/api.js';
import { addEvent, addPerson } from './support/history.js';
import { describeEachStore } from './support/stores.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const daysBefore = (d: number, h = 0) =>
  new Date(NOW - d * 86_400_000 - h * 3_600_000).toISOString();

describeEachStore('bulk re-scoring', (scratch) => {
  let workspaceId: WorkspaceId;
  const people: string[] = [];

  beforeAll(async () => {
    const store = scratch().store;
    workspaceId = (await newWorkspace(store, 'Rescore Co')).workspaceId;

    // Ten people from cold to hot, with fit from none to A, some without e-mail.
    for (let i = 0; i < 10; i++) {
      const id = await addPerson(store, workspaceId, {
        email: i === 9 ? null : `p${i}@${i % 3 === 0 ? 'gmail.com' : 'acme.example'}`,
        stage: i === 9 ? 'subscriber' : i % 4 === 0 ? 'subscriber' : 'lead',
        ...(i % 2 === 0
          ? {
              title: 'VP Sales',
              phone: '+1 555 0100',
              company: { industry: 'Software', employees: 120 },
            }
          : {}),
      });
      people.push(id);
      for (let j = 0; j < i; j++) {
        await addEvent(store, workspaceId, id, {
          type: 'page',
          path: j % 2 ? '/pricing' : '/blog',
          at: daysBefore(j * 3, i),
        });
      }
      if (i >= 6)
        await addEvent(store, workspaceId, id, {
          type: 'track',
          name: 'Demo Requested',
          at: daysBefore(2),
        });
    }
  });

  async function stored() {
    return scratch()
      .store.db.selectFrom('person_scores')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('person_id')
      .execute();
  }

  it('scores in chunks exactly as the single-person scorer does, and moves who qualifies', async () => {
    const db = scratch().store.db;
    const summary = await rescoreWorkspace(db, workspaceId, {
      cause: { kind: 'import' },
      now: NOW,
      chunkSize: 3,
    });
    expect(summary.scored).toBe(10);
    expect(summary.changed).toBe(10);

    const rows = await stored();
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      const facts = (await loadFacts(db, workspaceId, row.person_id))!;
      const card = scorePerson(
        STARTER_MODEL,
        facts.profile,
        await loadEvents(db, workspaceId, row.person_id),
        NOW,
      );
      expect(
        { fit: row.fit_points, grade: row.grade, engagement: row.engagement, mql: row.mql === 1 },
        row.person_id,
      ).toEqual({
        fit: card.fit.points,
        grade: card.fit.grade,
        engagement: card.engagement.score,
        mql: card.mql.met,
      });
    }

    // Subscribers with an e-mail became leads; qualified leads became MQLs, with an owner and an event.
    const stages = await db
      .selectFrom('people')
      .select(['id', 'lifecycle_stage', 'owner_id'])
      .where('workspace_id', '=', workspaceId)
      .execute();
    const stageOf = new Map(stages.map((s) => [s.id, s]));
    expect(stageOf.get(people[9]!)!.lifecycle_stage).toBe('subscriber');
    expect(stageOf.get(people[4]!)!.lifecycle_stage).toBe('lead');
    const mqls = rows.filter((r) => r.mql === 1).map((r) => r.person_id);
    expect(mqls.length).toBeGreaterThan(0);
    for (const id of mqls) {
      expect(stageOf.get(id)!.lifecycle_stage).toBe('mql');
      expect(stageOf.get(id)!.owner_id).not.toBeNull();
    }
    const qualified = await db
      .selectFrom('domain_events')
      .select('subject_id')
      .where('workspace_id', '=', workspaceId)
      .where('type', '=', 'lead.qualified')
      .execute();
    expect(qualified.map((q) => q.subject_id).sort()).toEqual([...mqls].sort());
    const initial = (i: number) => (i === 9 || i % 4 === 0 ? 'subscriber' : 'lead');
    const changed = people.filter((id, i) => stageOf.get(id)!.lifecycle_stage !== initial(i));
    expect(summary.moved).toBe(changed.length);
    expect(
      changed.filter((id) => !mqls.includes(id)).map((id) => stageOf.get(id)!.lifecycle_stage),
    ).toEqual(['lead', 'lead']);
  });

  it('writes no history and no rows when nothing changed, and history again when time decays the score', async () => {
    const db = scratch().store.db;
    const historyCount = async () =>
      Number(
        (
          await db
            .selectFrom('score_history')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('workspace_id', '=', workspaceId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await historyCount();

    const again = await rescoreWorkspace(db, workspaceId, {
      cause: { kind: 'import' },
      now: NOW,
      chunkSize: 4,
    });
    expect(again).toMatchObject({ scored: 10, changed: 0, moved: 0 });
    expect(await historyCount()).toBe(before);

    const later = await rescoreWorkspace(db, workspaceId, {
      cause: { kind: 'import' },
      now: NOW + 20 * 86_400_000,
    });
    expect(later.changed).toBeGreaterThan(0);
    expect(await historyCount()).toBe(before + later.changed);
  });
  it('restamps unchanged scores with a new version that changes no number, and records that version for everyone', async () => {
    const db = scratch().store.db;
    const scope = { workspaceId, actor: { type: 'system' as const, id: 'test' } };
    const model = await db
      .selectFrom('scoring_models')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    const relabel = (suffix: string) => ({
      ...STARTER_MODEL,
      fitRules: STARTER_MODEL.fitRules.map((rule) => ({
        ...rule,
        label: `${rule.label} ${suffix}`,
      })),
    });
    // Two publishes moments apart: the events are long past, so the second changes no number.
    await saveDraft(db, scope, model.id, relabel('(v2)'));
    await runRescoreJob(db, workspaceId, (await publishModel(db, scope, model.id)).rescoreJobId);
    const before = await stored();
    await saveDraft(db, scope, model.id, relabel('(v3)'));

    const result = await publishModel(db, scope, model.id);
    const job = await runRescoreJob(db, workspaceId, result.rescoreJobId);

    const after = await stored();
    const numbers = (rows: typeof before) =>
      rows.map((r) => [r.person_id, r.fit_points, r.grade, r.engagement, r.mql, r.sql]);
    expect(numbers(after)).toEqual(numbers(before));
    expect(new Set(after.map((r) => r.version_id))).toEqual(new Set([result.version.id]));
    expect(job).toMatchObject({ status: 'done', scored: 10, changed: 10, moved: 0 });
    const history = await db
      .selectFrom('score_history')
      .select(['person_id', 'cause', 'cause_id', 'fit_points', 'engagement'])
      .where('workspace_id', '=', workspaceId)
      .where('version_id', '=', result.version.id)
      .orderBy('person_id')
      .execute();
    expect(
      history.map((h) => [h.person_id, h.cause, h.cause_id, h.fit_points, h.engagement]),
    ).toEqual(
      after.map((r) => [r.person_id, 'publish', result.version.id, r.fit_points, r.engagement]),
    );
  });
});

describeEachStore('demo scores', (scratch) => {
  it('seeds a demo whose people all have a score from the starter model, stages untouched', async () => {
    const store = scratch().store;
    const created = await seedDemo(store, { people: 120, seed: 7 });
    const count = async (table: 'people' | 'person_scores') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('workspace_id', '=', created.workspaceId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    expect(await count('person_scores')).toBe(await count('people'));
    const moves = await store.db
      .selectFrom('audit_log')
      .select('id')
      .where('workspace_id', '=', created.workspaceId)
      .where('action', '=', 'person.stage_changed')
      .execute();
    expect(moves).toHaveLength(0);
    const model = await store.db
      .selectFrom('scoring_models')
      .select('name')
      .where('workspace_id', '=', created.workspaceId)
      .execute();
    expect(model).toEqual([{ name: 'Starter model' }]);
  });
});
