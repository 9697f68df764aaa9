import type pg from 'pg';

type Query = (...args: unknown[]) => Promise<unknown>;

/** The statement's text in lower case, for the few bare commands this looks for. */
const commandOf = (text: unknown) =>
  typeof text === 'string' ? text.trim().toLowerCase() : undefined;

/** A query without values, sent as text: PostgreSQL's simple protocol, which takes several. */
function isPlainText(args: unknown[]): args is [string] | [string, unknown[]] {
  const [text, values] = args;
  if (typeof text !== 'string' || args.length > 2) return false;

  return values === undefined || (Array.isArray(values) && values.length === 0);
}

/** What `pg` answers for a statement that completed without rows. */
const completed = (command: string) => ({ command, rowCount: null, rows: [], fields: [] });

/**
 * Saves a round trip per transaction on PostgreSQL. `begin` is held back until the
 * transaction's first statement; when that statement carries no values (a lock taken with a
 * literal key, say), both go in one message, `begin; ...`, and the client answers with the
 * statement's own result. Otherwise `begin` goes first, as before. A transaction that ends
 * before any statement sends nothing at all.
 *
 * Under READ COMMITTED each statement takes its own snapshot, so a transaction that starts at
 * its first statement behaves exactly like one started a round trip earlier. Only promise
 * calls (Kysely's) are held back; anything else passes through untouched.
 */
export function deferBegin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  let pending = false;

  async function beginWith(args: unknown[]): Promise<unknown> {
    const [text] = args;
    const command = commandOf(text);
    if (command === 'commit' || command === 'rollback') return completed(command.toUpperCase());

    if (isPlainText(args)) {
      const results = (await query(`begin; ${text}`)) as unknown[];

      return results.length === 2 ? results[1] : results.slice(1);
    }

    await query('begin');

    return query(...args);
  }

  client.query = ((...args: unknown[]) => {
    if (isPlainText(args) && commandOf(args[0]) === 'begin') {
      pending = true;

      return Promise.resolve(completed('BEGIN'));
    }
    if (!pending) return query(...args);

    pending = false;

    return beginWith(args);
  }) as typeof client.query;
}
