import { sql, type Transaction } from 'kysely';

import { IdentityResolver } from '../identity/identity-resolver.js';
import { HitCache, type HitEntry } from '../scoring/hit-cache.js';
import { toScoredEvent } from '../scoring/scored-event.js';
import type { ScoredEvent } from '../scoring/scoring-model.js';
import { scoreAndQualifyMany } from '../scoring/scoring.pipeline.js';
import type { Actor } from '../shared/actor.js';
import { toIso } from '../shared/clock.js';
import { newId, type WorkspaceId } from '../shared/ids.js';
import type { Store } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { insertEvents, storedMessageIds, type EventRow } from './events.repository.js';
import { workspaceLock } from '../store/workspace-lock.js';
import type { IngestItem } from './ingest-items.js';
import { IngestQueue } from './ingest-queue.js';
import type { SegmentMessage } from './segment-message.js';

/**
 * Stores checked Segment messages in one transaction: drops those already stored (dedupe by
 * message id per workspace), resolves each to a person, inserts the events, and re-scores
 * each person touched once, so that score and stage are current when the caller answers.
 */
export interface IngestOutcome {
  readonly stored: number;
  readonly duplicates: number;
  readonly people: number;
  readonly merges: number;
}

export interface IngestScope {
  readonly workspaceId: WorkspaceId;
  readonly actor: Actor;
  readonly log?: (fields: Record<string, unknown>, message: string) => void;
}

/** What an event row keeps of a message's payload besides its columns. */
function payloadOf(message: SegmentMessage): Record<string, unknown> {
  switch (message.type) {
    case 'track':
    case 'page':
    case 'screen':
      return message.properties;
    case 'identify':
      return message.traits;
    case 'group':
      return { groupId: message.groupId, traits: message.traits };
    case 'alias':
      return { previousId: message.previousId };
    default: {
      const never: never = message.type;
      throw new Error(`Unknown message type ${String(never)}`);
    }
  }
}

function eventRow(workspaceId: string, message: SegmentMessage, personId: string): EventRow {
  return {
    id: newId('event'),
    workspace_id: workspaceId,
    message_id: message.messageId,
    type: message.type,
    name: message.name,
    person_id: personId,
    anonymous_id: message.anonymousId,
    user_id: message.userId,
    properties: JSON.stringify(payloadOf(message)),
    context: JSON.stringify(message.context),
    occurred_at: message.timestamp,
    received_at: message.receivedAt,
  };
}

/** One `T` per store, made on first use (a process may serve several stores: the tests do). */
function perStore<T>(make: (store: Store) => T): (store: Store) => T {
  const values = new WeakMap<Store, T>();

  return (store) => {
    let value = values.get(store);
    if (value === undefined) {
      value = make(store);
      values.set(store, value);
    }

    return value;
  };
}

// What each store's people's events scored to, remembered between requests of this process
// (see hit-cache.ts for when an entry may be used).
const hitCacheOf = perStore(() => new HitCache());

/** What one transaction did to each of its items, in the items' order. */
export interface ItemResult {
  readonly stored: boolean;
  /** The person the item's event belongs to, once any merge of the transaction is applied. */
  readonly personId: string | undefined;
  /** Merges that resolving this item made. */
  readonly merges: number;
}

interface Attempt {
  readonly results: ItemResult[];
  /** Hit-cache entries to remember once the transaction has committed. */
  readonly fresh: Map<string, HitEntry>;
}

async function ingestInTransaction(
  trx: Transaction<Database>,
  store: Store,
  scope: IngestScope,
  items: readonly IngestItem[],
  now: number,
): Promise<Attempt> {
  const { workspaceId } = scope;

  // Concurrent requests of one workspace resolve identities one at a time on PostgreSQL:
  // otherwise two batches naming the same people insert the same identity keys and lock
  // people rows in opposite orders (unique violations and deadlocks under load). SQLite
  // already runs one write transaction at a time.
  //
  // In the same round trip, this transaction's statements are planned for their values each
  // time: the hot statements below are prepared once per connection, and a generic plan made
  // while a workspace's tables were still small (a sequential scan of events, say) would stay
  // in use as they grow (dedupe took 33 ms instead of 3 for 100 message ids).
  if (store.dialect === 'postgres') {
    const customPlans = sql`set_config('plan_cache_mode', 'force_custom_plan', true)`;
    await sql`select ${customPlans}, ${workspaceLock(workspaceId)}`.execute(trx);
  }

  const stored = await storedMessageIds(
    trx,
    workspaceId,
    items.map((i) => i.message.messageId),
  );
  const fresh = items.filter((i) => !stored.has(i.message.messageId));
  const resolver = new IdentityResolver({
    trx,
    dialect: store.dialect,
    workspaceId,
    actor: scope.actor,
    now: toIso(now),
    log: scope.log,
  });
  const messages = fresh.map((i) => ({ ...i.message, profile: i.profile, company: i.company }));

  await resolver.preload(messages);
  const rows: EventRow[] = [];
  const mergesOf: number[] = [];
  for (const message of messages) {
    const before = resolver.merges.length;
    rows.push(eventRow(workspaceId, message, await resolver.resolve(message)));
    mergesOf.push(resolver.merges.length - before);
  }
  await resolver.flush();
  // A merge later in the request moves the earlier messages' person too.
  for (const row of rows) row.person_id = resolver.current(row.person_id!);

  const inserted = await insertEvents(trx, rows);
  const lastEventOf = new Map<string, string>();
  const added = new Map<string, ScoredEvent[]>();
  for (const row of rows) {
    if (!inserted.has(row.id)) continue;
    lastEventOf.set(row.person_id!, row.id);
    const mine = added.get(row.person_id!) ?? [];
    mine.push(toScoredEvent(row));
    added.set(row.person_id!, mine);
  }
  const requests = [...lastEventOf].map(([personId, eventId]) => ({
    personId,
    cause: { kind: 'event' as const, eventId },
  }));
  const remember = new Map<string, HitEntry>();
  await scoreAndQualifyMany(trx, workspaceId, requests, now, {
    cache: hitCacheOf(store),
    added,
    fresh: remember,
  });

  const rowOf = new Map(fresh.map((item, i) => [item, i] as const));
  const results = items.map((item): ItemResult => {
    const i = rowOf.get(item);
    const row = i === undefined ? undefined : rows[i];

    return {
      stored: row !== undefined && inserted.has(row.id),
      personId: row?.person_id ?? undefined,
      merges: i === undefined ? 0 : mergesOf[i]!,
    };
  });

  return { results, fresh: remember };
}

// PostgreSQL: a deadlock, a serialization failure, or a unique key a concurrent request took
// first (two first page views of one visitor). The whole transaction is rolled back, so
// running it again is safe, and it then sees the other request's rows.
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const ATTEMPTS = 3;

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;

  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Stores `items` (already checked) for the workspace in one transaction of their own and tells
 * what happened to each; committed when the promise resolves. `ingestMessages` is the entry
 * point; this is the transaction it runs for one group of requests.
 */
async function ingestTransaction(
  store: Store,
  scope: IngestScope,
  items: readonly IngestItem[],
  now = Date.now(),
): Promise<ItemResult[]> {
  if (items.length === 0) return [];

  for (let attempt = 1; ; attempt++) {
    try {
      const { results, fresh } = await store.db
        .transaction()
        .execute((trx) => ingestInTransaction(trx, store, scope, items, now));
      // Committed: what the transaction scored may now stand for the stored events.
      const cache = hitCacheOf(store);
      for (const [personId, entry] of fresh) cache.set(scope.workspaceId, personId, entry);

      return results;
    } catch (error) {
      if (attempt >= ATTEMPTS || store.dialect !== 'postgres' || !retryable(error)) throw error;
    }
  }
}

/** One request's share of a transaction's results. */
function outcomeOf(results: readonly ItemResult[]): IngestOutcome {
  const people = new Set<string>();
  let stored = 0;
  let merges = 0;
  for (const result of results) {
    merges += result.merges;
    if (!result.stored) continue;
    stored++;
    people.add(result.personId!);
  }

  return { stored, duplicates: results.length - stored, people: people.size, merges };
}

const queueOf = perStore(
  (store) => new IngestQueue((scope, items) => ingestTransaction(store, scope, items)),
);

/**
 * Stores `items` (already checked) for the workspace; committed when the promise resolves.
 * Requests that arrive while the workspace's previous transaction runs go in together in the
 * next one (group commit; see `ingest-queue.ts`).
 */
export async function ingestMessages(
  store: Store,
  scope: IngestScope,
  items: readonly IngestItem[],
): Promise<IngestOutcome> {
  if (items.length === 0) return { stored: 0, duplicates: 0, people: 0, merges: 0 };

  return outcomeOf(await queueOf(store).submit(scope, items));
}
