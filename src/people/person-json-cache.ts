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
 * changed it.
 *
 * It holds between half and all of `capacity` people, in two generations: new and used entries
 * go into the recent one; when that is half full, it becomes the older one and the previous
 * older one is dropped. (Evicting one oldest entry at a time from a single Map would iterate
 * past every deleted slot at its front, which V8 only compacts now and then: that made a page
 * of misses cost milliseconds.)
 */
export class PersonJsonCache {
  #recent = new Map<string, Entry>();
  #older = new Map<string, Entry>();

  constructor(readonly capacity = DEFAULT_CAPACITY) {}

  get size(): number {
    return this.#recent.size + this.#older.size;
  }

  /** What is kept of the person, at whatever revision: to ask the store whether it still holds. */
  peek(id: string): { readonly revision: number; readonly json: string } | undefined {
    return this.#recent.get(id) ?? this.#older.get(id);
  }

  /** The person's JSON if it was rendered at exactly `revision`. */
  get(id: string, revision: number): string | undefined {
    let entry = this.#recent.get(id);
    if (!entry) {
      entry = this.#older.get(id);
      if (entry) this.#keep(id, entry);
    }

    return entry?.revision === revision ? entry.json : undefined;
  }

  set(id: string, revision: number, json: string): void {
    const kept = this.#recent.get(id) ?? this.#older.get(id);
    if (kept && kept.revision > revision) return;

    this.#keep(id, { revision, json });
  }

  #keep(id: string, entry: Entry): void {
    this.#older.delete(id);
    this.#recent.set(id, entry);
    if (this.#recent.size < this.capacity / 2) return;

    this.#older = this.#recent;
    this.#recent = new Map();
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
