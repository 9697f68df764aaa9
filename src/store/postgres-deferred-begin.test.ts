import type pg from 'pg';
import { describe, expect, it } from 'vitest';

import { deferBegin } from './postgres-deferred-begin.js';

/** A stand-in for `pg`'s client that records the messages it would send. */
function recordingClient() {
  const sent: unknown[][] = [];
  const client = {
    query: (...args: unknown[]) => {
      sent.push(args);
      const text = String(args[0]);
      const statements = text.split(';').filter((part) => part.trim() !== '');
      const result = (command: string) => ({ command, rows: [{ text: command }], rowCount: 1 });

      return Promise.resolve(
        statements.length > 1 ? statements.map((part) => result(part.trim())) : result(text),
      );
    },
  };
  deferBegin(client as unknown as pg.PoolClient);

  return { client: client as unknown as pg.PoolClient, sent };
}

describe('deferBegin', () => {
  it('sends begin with a first statement that has no values, in one message', async () => {
    const { client, sent } = recordingClient();

    await client.query('begin', []);
    const result = await client.query('select pg_advisory_xact_lock(42)', []);
    await client.query('select 1 where $1', [true]);
    await client.query('commit', []);

    expect(sent).toEqual([
      ['begin; select pg_advisory_xact_lock(42)'],
      ['select 1 where $1', [true]],
      ['commit', []],
    ]);
    expect(result).toMatchObject({ command: 'select pg_advisory_xact_lock(42)' });
  });

  it('sends begin on its own before a first statement with values', async () => {
    const { client, sent } = recordingClient();

    await client.query('begin', []);
    await client.query('select $1', [1]);
    await client.query('rollback', []);

    expect(sent).toEqual([['begin'], ['select $1', [1]], ['rollback', []]]);
  });

  it('sends nothing for a transaction that ends before any statement', async () => {
    const { client, sent } = recordingClient();

    await client.query('begin', []);
    const committed = await client.query('commit', []);
    await client.query('begin', []);
    await client.query('rollback', []);
    await client.query('select 2', []);

    expect(committed).toMatchObject({ command: 'COMMIT' });
    expect(sent).toEqual([['select 2', []]]);
  });

  it('leaves queries outside transactions alone', async () => {
    const { client, sent } = recordingClient();

    await client.query('select 3', []);
    await client.query({ text: 'select $1', values: [4] } as unknown as string);

    expect(sent).toEqual([['select 3', []], [{ text: 'select $1', values: [4] }]]);
  });
});
