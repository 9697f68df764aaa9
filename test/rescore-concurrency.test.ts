import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';

import { rescoreWorkspace } from '../src/scoring/rescore.service.js';
import { scorePerson } from '../src/scoring/score-person.js';
import { loadEvents, loadFacts, scoreAndQualify } from '../src/scoring/scoring.pipeline.js';
import { STARTER_MODEL } from '../src/scoring/starter-model.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import { workspaceLock } from '../src/store/workspace-lock.js';
import { newWorkspace } from './support/api.js';
import { addEvent, addPerson } from './support/history.js';
import { describeEachStore } from './support/stores.js';

/**
 * A bulk re-score and an ingest request scoring the same person at the same time: the ingest
 * transaction (holding the workspace's lock, as ingest does on PostgreSQL) stores an event and
 * the score it makes, while the re-score's chunk waits; the chunk then reads that event, so the
 * score left behind counts it. Before, the re-score read events and stored scores outside its
 * write transaction and could overwrite the newer score with one computed without the event.
 * SQLite runs one write transaction at a time and better-sqlite3 waits for a lock
 * synchronously, so there the two cannot interleave inside one process: PostgreSQL only.
 */
describeEachStore('re-scoring next to ingest', (scratch, dialect) => {
  let workspaceId: WorkspaceId;
  let personId: string;

  beforeAll(async () => {
    const store = scratch().store;
    workspaceId = (await newWorkspace(store, 'Race Co')).workspaceId;
    personId = await addPerson(store, workspaceId, {
      email: 'race@acme.example',
      title: 'VP Sales',
      phone: '+1 555 0100',
      company: { industry: 'Software', employees: 120 },
    });
    await addEvent(store, workspaceId, personId, {
      type: 'page',
      path: '/pricing',
      at: new Date(Date.now() - 86_400_000).toISOString(),
    });
  });

  it.skipIf(dialect === 'sqlite')(
    'waits for an ingest transaction of the workspace and counts its event',
    async () => {
      const db = scratch().store.db;
      const now = Date.now();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));

      const ingest = db.transaction().execute(async (trx) => {
        await sql`select ${workspaceLock(workspaceId)}`.execute(trx);
        const eventId = newId('event', now);
        const at = new Date(now - 60_000).toISOString();
        await trx
          .insertInto('events')
          .values({
            id: eventId,
            workspace_id: workspaceId,
            message_id: `m-${eventId}`,
            type: 'track',
            name: 'Demo Requested',
            person_id: personId,
            anonymous_id: null,
            user_id: null,
            properties: '{}',
            context: '{}',
            occurred_at: at,
            received_at: at,
          })
          .execute();
        await scoreAndQualify(trx, workspaceId, personId, { kind: 'event', eventId }, now);
        locked();
        await released;
      });
      await holding;

      const rescoring = rescoreWorkspace(db, workspaceId, {
        cause: { kind: 'import' },
        now,
        applyMoves: false,
      });
      // Time for a re-score that does not wait to read (and write) before the ingest commits.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await ingest;
      await rescoring;

      const stored = await db
        .selectFrom('person_scores')
        .select(['engagement', 'fit_points'])
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      const card = scorePerson(
        STARTER_MODEL,
        (await loadFacts(db, workspaceId, personId))!.profile,
        await loadEvents(db, workspaceId, personId),
        now,
      );
      expect(card.engagement.contributions.map((c) => c.ruleId)).toContain('demo-requested');
      expect(stored).toEqual({ engagement: card.engagement.score, fit_points: card.fit.points });
    },
  );
});
