/**
 * Whether a person's score and stage are current when an ingest request returns: one more
 * `Demo Requested` for a known person, then, as soon as the 200 is in, the stored score is
 * compared with the score recomputed from the stored facts and events, and the stage with the
 * automatic move those scores call for (none should be left to make).
 */
import type { Store } from '../src/store/database.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { automaticStage } from '../src/lifecycle/transitions.js';
import { pickModel } from '../src/scoring/model-selection.js';
import { scorePerson } from '../src/scoring/score-person.js';
import { loadEvents, loadFacts, publishedModels } from '../src/scoring/scoring.pipeline.js';

export interface Freshness {
  readonly current: boolean;
  readonly detail: string;
  readonly requestMs: number;
}

export async function checkFreshness(
  store: Store,
  workspaceId: WorkspaceId,
  url: string,
  authorization: string,
): Promise<Freshness> {
  const person = await store.db
    .selectFrom('people')
    .select(['id', 'user_id'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', 'is not', null)
    .where('email', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!person) return { current: false, detail: 'no identified person', requestMs: 0 };

  const messageId = `freshness-${Date.now()}`;
  const sent = performance.now();
  const response = await fetch(`${url}/v1/track`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({
      userId: person.user_id,
      event: 'Demo Requested',
      messageId,
      properties: {},
    }),
  });
  const requestMs = performance.now() - sent;
  if (response.status !== 200)
    return { current: false, detail: `answered ${response.status}`, requestMs };

  const event = await store.db
    .selectFrom('events')
    .select('person_id')
    .where('workspace_id', '=', workspaceId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  const scored = await store.db
    .selectFrom('person_scores')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  const facts = await loadFacts(store.db, workspaceId, person.id);
  const events = await loadEvents(store.db, workspaceId, person.id);
  const model = pickModel(await publishedModels(store.db, workspaceId), facts!.profile);
  if (event?.person_id !== person.id)
    return { current: false, detail: 'event not stored for the person', requestMs };
  if (!scored || !model) return { current: false, detail: 'no stored score', requestMs };

  const card = scorePerson(model.definition, facts!.profile, events, Date.parse(scored.scored_at));
  const pending = automaticStage({
    stage: facts!.profile.stage,
    hasEmail: facts!.hasEmail,
    mql: scored.mql === 1,
    sql: scored.sql === 1,
  });
  const problems = [
    scored.version_id !== model.versionId && 'version',
    scored.fit_points !== card.fit.points && 'fit',
    Math.abs(scored.engagement - card.engagement.score) > 0.01 &&
      `engagement ${scored.engagement} ≠ ${card.engagement.score}`,
    (scored.mql === 1) !== card.mql.met && 'mql',
    pending !== undefined && `stage ${facts!.profile.stage} should move to ${pending}`,
  ].filter(Boolean);

  return {
    current: problems.length === 0,
    detail:
      problems.length === 0
        ? `person ${person.id}: engagement ${scored.engagement}, grade ${scored.grade}, stage ${facts!.profile.stage}, ${events.length} events`
        : problems.join(', '),
    requestMs,
  };
}

/** Events stored and people made in the workspace: the committed result of a run. */
export async function countsOf(
  store: Store,
  workspaceId: WorkspaceId,
): Promise<{ stored: number; people: number }> {
  const events = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const people = await store.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();

  return { stored: Number(events.n), people: Number(people.n) };
}
