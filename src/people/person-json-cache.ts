import type { Kysely, Transaction } from 'kysely';

import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

interface Entry {
  readonly revision: number;
  readonly json: string;
}

/** Enough for the pages a busy team pages through; ~0.5 KB a person. */
const DEFAULT_CAPACITY = 20_000;

/**
 * People as the API's JSON text, each kept with the revision of the row it was rendered from
 * (`people.revision`, which the store raises on every change: migration 0006). A reader asks
 * with the revision it has just read, so a changed person is never answered from here, whoever
 * changed it. When full, the person used longest ago goes.
 */
export class PersonJsonCache {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly capacity = DEFAULT_CAPACITY) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The person's JSON if it was rendered at exactly `revision`. */
  get(id: string, revision: number): string | undefined {
    const entry = this.#entries.get(id);
    if (entry?.revision !== revision) return undefined;

    // Map keeps insertion order: moving the entry to the end marks it as the newest.
    this.#entries.delete(id);
    this.#entries.set(id, entry);

    return entry.json;
  }

  set(id: string, revision: number, json: string): void {
    const kept = this.#entries.get(id);
    if (kept && kept.revision > revision) return;

    this.#entries.delete(id);
    this.#entries.set(id, { revision, json });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}

// One cache per store: a transaction shares its database's adapter, and each store has its own.
const caches = new WeakMap<object, PersonJsonCache>();

/** The rendered-people cache of the store that `db` belongs to. */
export function personJsonCache(db: Db): PersonJsonCache {
  const adapter = db.getExecutor().adapter;
  let cache = caches.get(adapter);
  if (!cache) {
    cache = new PersonJsonCache();
    caches.set(adapter, cache);
  }

  return cache;
}
