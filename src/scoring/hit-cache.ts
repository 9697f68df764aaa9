import type { RuleHit } from './engagement-score.js';

/**
 * What a process remembers of a person's events between ingest requests, so that a request
 * scores its people from their remembered rule hits plus the events it adds instead of reading
 * every event again. An entry is used only while it provably describes the stored events:
 * same model version, and the store holds exactly `count` + the request's new events for the
 * person (events are only ever added to a person; a merge adds the merged person's, so the
 * count no longer matches). Anything else (another process's events, a merge, a re-publish)
 * falls back to reading the events. Entries are replaced, never changed in place, and only
 * after the transaction that computed them has committed.
 */
export interface HitEntry {
  readonly versionId: string;
  /** How many events the person had, of every kind, when the entry was made. */
  readonly count: number;
  /** The hits of `versionId`'s rules among those events, oldest first. */
  readonly hits: readonly RuleHit[];
}

const DEFAULT_PEOPLE = 20_000;

/** A bounded map of entries by workspace and person, least recently used out first. */
export class HitCache {
  private readonly entries = new Map<string, HitEntry>();

  constructor(private readonly maxPeople = DEFAULT_PEOPLE) {}

  get(workspaceId: string, personId: string): HitEntry | undefined {
    const key = `${workspaceId}/${personId}`;
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }

    return entry;
  }

  set(workspaceId: string, personId: string, entry: HitEntry): void {
    const key = `${workspaceId}/${personId}`;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxPeople) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
