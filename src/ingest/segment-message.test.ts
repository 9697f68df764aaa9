import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { checkMessage, correctedTime, MAX_MESSAGE_BYTES } from './segment-message.js';

const RECEIVED = Date.UTC(2026, 11, 3, 12, 0, 0);

describe('checkMessage', () => {
  it('normalises a track call', () => {
    const checked = checkMessage(
      {
        userId: 42,
        event: 'Demo Requested',
        properties: { plan: 'pro' },
        messageId: 'm-1',
        timestamp: '2026-12-03T11:59:00Z',
      },
      { implied: 'track', receivedAt: RECEIVED },
    );

    expect(checked).toMatchObject({
      ok: true,
      message: {
        type: 'track',
        userId: '42',
        name: 'Demo Requested',
        messageId: 'm-1',
        properties: { plan: 'pro' },
        timestamp: '2026-12-03T11:59:00.000Z',
      },
    });
  });

  it('assigns a message id when the client sent none', () => {
    const a = checkMessage(
      { anonymousId: 'a1', name: 'Home' },
      { implied: 'page', receivedAt: RECEIVED },
    );
    const b = checkMessage(
      { anonymousId: 'a1', name: 'Home' },
      { implied: 'page', receivedAt: RECEIVED },
    );

    expect(a.ok && b.ok && a.message.messageId !== b.message.messageId).toBe(true);
  });

  it('corrects a client clock that runs an hour fast', () => {
    const hour = 3_600_000;
    const checked = checkMessage(
      {
        anonymousId: 'a',
        event: 'X',
        timestamp: new Date(RECEIVED + hour - 5000).toISOString(),
        sentAt: new Date(RECEIVED + hour).toISOString(),
      },
      { implied: 'track', receivedAt: RECEIVED },
    );

    expect(checked.ok && checked.message.timestamp).toBe(new Date(RECEIVED - 5000).toISOString());
    expect(correctedTime(null, null, RECEIVED)).toBe(RECEIVED);
  });

  it('merges a batch context under the item context', () => {
    const checked = checkMessage(
      { type: 'identify', userId: 'u', traits: { email: 'a@b.co' }, context: { ip: '1.1.1.1' } },
      {
        receivedAt: RECEIVED,
        shared: { context: { ip: '9.9.9.9', library: { name: 'analytics-node' } } },
      },
    );

    expect(checked.ok && checked.message.context).toEqual({
      ip: '1.1.1.1',
      library: { name: 'analytics-node' },
    });
  });

  it('names the field and the reason for each kind of bad message', () => {
    const cases: [unknown, string | undefined, string, string][] = [
      [[], 'track', 'invalid_message', 'body'],
      [{ event: 'X' }, 'track', 'missing_identity', 'userId'],
      [{ userId: 'u' }, 'track', 'required', 'event'],
      [{ userId: 'u' }, 'group', 'required', 'groupId'],
      [{ userId: 'u' }, 'alias', 'required', 'previousId'],
      [{ type: 'click', userId: 'u' }, undefined, 'unknown_type', 'type'],
      [{ type: 'page', userId: 'u' }, 'track', 'unknown_type', 'type'],
      [{ userId: { id: 1 }, event: 'X' }, 'track', 'wrong_type', 'userId'],
      [{ userId: 'u'.repeat(300), event: 'X' }, 'track', 'too_long', 'userId'],
      [{ userId: 'u', event: 'X', properties: [1] }, 'track', 'wrong_type', 'properties'],
      [
        { userId: 'u', event: 'X', timestamp: 'yesterday' },
        'track',
        'invalid_timestamp',
        'timestamp',
      ],
      [
        { userId: 'u', event: 'X', properties: { blob: 'x'.repeat(MAX_MESSAGE_BYTES) } },
        'track',
        'message_too_large',
        'body',
      ],
    ];

    for (const [body, implied, code, field] of cases) {
      const checked = checkMessage(body, {
        implied: implied as 'track' | undefined,
        receivedAt: RECEIVED,
      });
      expect(checked, JSON.stringify(body).slice(0, 80)).toMatchObject({
        ok: false,
        problem: { code, field },
      });
    }
  });

  it('answers any JSON with a message or a named problem, never a crash', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 'identify', 'track', 'page', 'screen', 'group', 'alias'),
        (body, implied) => {
          const checked = checkMessage(body, {
            implied: implied as 'track' | undefined,
            receivedAt: RECEIVED,
          });

          return checked.ok
            ? checked.message.messageId.length > 0
            : checked.problem.field.length > 0;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts every well-formed message of every type', () => {
    const base = fc.record({
      userId: fc.string({ minLength: 1, maxLength: 40 }),
      messageId: fc.uuid(),
      timestamp: fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      properties: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 5,
      }),
    });
    fc.assert(
      fc.property(
        base,
        fc.constantFrom('identify', 'track', 'page', 'screen', 'group', 'alias'),
        (fields, type) => {
          const body = { ...fields, type, event: 'Signed Up', groupId: 'g1', previousId: 'anon-1' };

          return checkMessage(body, { receivedAt: RECEIVED }).ok;
        },
      ),
    );
  });
});
