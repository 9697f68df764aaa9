import { describe, expect, it } from 'vitest';

import { checkItems, sharedOf } from './ingest-items.js';

const RECEIVED = Date.UTC(2026, 5, 1);

describe('checkItems', () => {
  it('accepts good items, rejects bad ones by index, and drops repeats of a message id', () => {
    const checked = checkItems(
      [
        { type: 'track', userId: 'u', event: 'A', messageId: 'm1' },
        { type: 'track', userId: 'u', messageId: 'm2' },
        { type: 'track', userId: 'u', event: 'A again', messageId: 'm1' },
        { type: 'identify', userId: 'u', traits: { email: 'x' }, messageId: 'm3' },
        {
          type: 'group',
          userId: 'u',
          groupId: 'g',
          traits: { name: 'G', employees: 5 },
          messageId: 'm4',
        },
      ],
      { receivedAt: RECEIVED },
    );

    expect(checked.items.map((i) => i.index)).toEqual([0, 4]);
    expect(checked.items[1]!.company?.fields).toEqual({ name: 'G', employees: 5 });
    expect(checked.rejected.map((r) => [r.index, r.code, r.field])).toEqual([
      [1, 'required', 'event'],
      [3, 'invalid_email', 'traits.email'],
    ]);
    expect(checked.repeats).toBe(1);
  });

  it('splits identify traits and gives the batch context and sentAt to every item', () => {
    const shared = sharedOf({
      batch: [],
      context: { library: { name: 'x' } },
      sentAt: new Date(RECEIVED + 60_000).toISOString(),
      writeKey: 'k',
    });
    const checked = checkItems(
      [
        {
          type: 'identify',
          userId: 'u',
          traits: { name: 'Ada Lovelace' },
          timestamp: new Date(RECEIVED + 30_000).toISOString(),
        },
      ],
      {
        receivedAt: RECEIVED,
        shared,
      },
    );

    expect(shared).not.toHaveProperty('writeKey');
    expect(checked.items[0]!.profile?.fields).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(checked.items[0]!.message.context).toEqual({ library: { name: 'x' } });
    expect(checked.items[0]!.message.timestamp).toBe(new Date(RECEIVED - 30_000).toISOString());
  });

  it('refuses text no store can keep and times outside the years 1 to 9999', () => {
    const checked = checkItems(
      [
        { type: 'track', userId: 'u', event: 'A', properties: { 'k\u0000': 1 } },
        { type: 'track', userId: 'u', event: 'A', context: { x: 'a\ud800' } },
        { type: 'track', userId: 'u', event: 'A', timestamp: '+275760-09-13T00:00:00Z' },
        {
          type: 'track',
          userId: 'u',
          event: 'A',
          timestamp: '0001-01-01T00:00:00Z',
          sentAt: '9999-12-31T00:00:00Z',
        },
        { type: 'track', userId: 'u', event: 'A', timestamp: '12' },
      ],
      { receivedAt: RECEIVED },
    );

    expect(checked.rejected.map((r) => [r.index, r.code, r.field])).toEqual([
      [0, 'invalid_character', 'properties.k\u0000'],
      [1, 'invalid_character', 'context.x'],
      [2, 'invalid_timestamp', 'timestamp'],
      [3, 'invalid_timestamp', 'timestamp'],
      [4, 'invalid_timestamp', 'timestamp'],
    ]);
  });
});
