import type { IngestItem } from './ingest-items.js';
import type { IngestScope, ItemResult } from './ingest.service.js';

/**
 * Group commit for ingest. Every request of a workspace (and write key) joins a queue; the
 * queue runs one transaction at a time for the requests waiting in it, however many, and hands
 * each request its own items' results once that transaction has committed. A request still gets
 * its 200 only after its events are committed, but ten requests that arrive together share one
 * commit, one dedupe query, one identity lookup, one scoring read and one set of writes, instead
 * of queueing behind each other's transactions (they would anyway: SQLite writes one transaction
 * at a time, and PostgreSQL takes the workspace's advisory lock).
 *
 * A group starts on the event loop's next turn (`setImmediate`), after the requests that arrived
 * with the first one have been read: better-sqlite3 answers synchronously, so a transaction
 * started at once would run to its commit before Node even reads the next request. When a group
 * fails, each of its requests runs again alone, so that one request's fault reaches that request
 * only.
 */
type RunGroup = (scope: IngestScope, items: readonly IngestItem[]) => Promise<ItemResult[]>;

interface Pending {
  readonly scope: IngestScope;
  readonly items: readonly IngestItem[];
  resolve(results: ItemResult[]): void;
  reject(error: unknown): void;
}

/** Items one transaction takes at most (20 batches of 100); the rest wait for the next. */
export const MAX_GROUP_ITEMS = 2000;

function keyOf(scope: IngestScope): string {
  return `${scope.workspaceId}\u0000${scope.actor.type}\u0000${scope.actor.id}`;
}

export class IngestQueue {
  private readonly waiting = new Map<string, Pending[]>();
  private readonly busy = new Set<string>();

  constructor(private readonly run: RunGroup) {}

  /** Resolves with the results of `items`, in their order, once they are committed. */
  submit(scope: IngestScope, items: readonly IngestItem[]): Promise<ItemResult[]> {
    const key = keyOf(scope);

    return new Promise((resolve, reject) => {
      const list = this.waiting.get(key) ?? [];
      list.push({ scope, items, resolve, reject });
      this.waiting.set(key, list);
      if (this.busy.has(key)) return;

      this.busy.add(key);
      setImmediate(() => void this.drain(key));
    });
  }

  private async drain(key: string): Promise<void> {
    try {
      for (let group = this.take(key); group.length > 0; group = this.take(key)) {
        await this.runGroup(group);
      }
    } finally {
      this.busy.delete(key);
    }
  }

  private take(key: string): Pending[] {
    const list = this.waiting.get(key) ?? [];
    let count = 0;
    let n = 0;
    while (n < list.length && (n === 0 || count + list[n]!.items.length <= MAX_GROUP_ITEMS)) {
      count += list[n]!.items.length;
      n++;
    }
    const group = list.splice(0, n);
    if (list.length === 0) this.waiting.delete(key);

    return group;
  }

  private async runGroup(group: readonly Pending[]): Promise<void> {
    const first = group[0]!;
    if (group.length === 1) {
      await this.run(first.scope, first.items).then(first.resolve, first.reject);

      return;
    }

    let results: ItemResult[];
    try {
      results = await this.run(
        first.scope,
        group.flatMap((pending) => pending.items),
      );
    } catch {
      for (const pending of group) await this.runGroup([pending]);

      return;
    }

    let offset = 0;
    for (const pending of group) {
      pending.resolve(results.slice(offset, offset + pending.items.length));
      offset += pending.items.length;
    }
  }
}
