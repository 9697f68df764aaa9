import { describe, expect, it } from 'vitest';

import type { ApiKeyId, WorkspaceId } from '../shared/ids.js';
import type { IngestItem } from './ingest-items.js';
import { IngestQueue, MAX_GROUP_ITEMS } from './ingest-queue.js';
import type { IngestScope, ItemResult } from './ingest.service.js';

function scope(workspace: string, key = 'key_1'): IngestScope {
  return { workspaceId: workspace as WorkspaceId, actor: { type: 'api_key', id: key as ApiKeyId } };
}

function items(tag: string, n: number): IngestItem[] {
  return Array.from({ length: n }, (_, index) => ({
    index,
    message: { messageId: `${tag}-${index}` } as IngestItem['message'],
  }));
}

/** A transaction stand-in that records its groups and stores every item under its message id. */
function recorder(fail?: (items: readonly IngestItem[]) => boolean) {
  const groups: string[][] = [];
  const run = (_scope: IngestScope, all: readonly IngestItem[]): Promise<ItemResult[]> => {
    groups.push(all.map((item) => item.message.messageId));
    if (fail?.(all)) return Promise.reject(new Error('bad item'));

    return Promise.resolve(
      all.map((item) => ({ stored: true, personId: item.message.messageId, merges: 0 })),
    );
  };

  return { groups, run };
}

const ids = (results: ItemResult[]) => results.map((r) => r.personId);

describe('IngestQueue', () => {
  it('runs the requests that arrive together as one group and gives each its own results', async () => {
    const { groups, run } = recorder();
    const queue = new IngestQueue(run);

    const [a, b, c] = await Promise.all([
      queue.submit(scope('ws_1'), items('a', 2)),
      queue.submit(scope('ws_1'), items('b', 1)),
      queue.submit(scope('ws_1'), items('c', 3)),
    ]);

    expect(groups).toEqual([['a-0', 'a-1', 'b-0', 'c-0', 'c-1', 'c-2']]);
    expect(ids(a)).toEqual(['a-0', 'a-1']);
    expect(ids(b)).toEqual(['b-0']);
    expect(ids(c)).toEqual(['c-0', 'c-1', 'c-2']);
  });

  it('keeps workspaces and write keys apart', async () => {
    const { groups, run } = recorder();
    const queue = new IngestQueue(run);

    await Promise.all([
      queue.submit(scope('ws_1'), items('a', 1)),
      queue.submit(scope('ws_2'), items('b', 1)),
      queue.submit(scope('ws_1', 'key_2'), items('c', 1)),
      queue.submit(scope('ws_1'), items('d', 1)),
    ]);

    expect(groups).toEqual([['a-0', 'd-0'], ['b-0'], ['c-0']]);
  });

  it('takes requests that arrive during a transaction into the next one', async () => {
    const { groups, run } = recorder();
    const queue = new IngestQueue(run);

    const first = queue.submit(scope('ws_1'), items('a', 1));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [
      queue.submit(scope('ws_1'), items('b', 1)),
      queue.submit(scope('ws_1'), items('c', 1)),
    ];
    await Promise.all([first, ...later]);

    expect(groups).toEqual([['a-0'], ['b-0', 'c-0']]);
  });

  it('caps a group at MAX_GROUP_ITEMS items, a single larger request alone', async () => {
    const { groups, run } = recorder();
    const queue = new IngestQueue(run);
    const half = MAX_GROUP_ITEMS / 2;

    await Promise.all([
      queue.submit(scope('ws_1'), items('a', half)),
      queue.submit(scope('ws_1'), items('b', half)),
      queue.submit(scope('ws_1'), items('c', 1)),
      queue.submit(scope('ws_1'), items('d', MAX_GROUP_ITEMS + 1)),
    ]);

    expect(groups.map((group) => group.length)).toEqual([MAX_GROUP_ITEMS, 1, MAX_GROUP_ITEMS + 1]);
  });

  it('runs each request of a failed group again alone, so that only the faulty one fails', async () => {
    const { groups, run } = recorder((all) => all.some((item) => item.message.messageId === 'b-0'));
    const queue = new IngestQueue(run);

    const settled = await Promise.allSettled([
      queue.submit(scope('ws_1'), items('a', 1)),
      queue.submit(scope('ws_1'), items('b', 1)),
      queue.submit(scope('ws_1'), items('c', 1)),
    ]);

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toEqual([['a-0', 'b-0', 'c-0'], ['a-0'], ['b-0'], ['c-0']]);
  });
});
