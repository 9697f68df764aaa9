import { sql } from 'kysely';

import type { Migration } from '../migration.js';

/**
 * Ingest writes every event into each of the events table's indexes, and two of them serve no
 * query: nothing reads events by time across people (`events_occurred`: scoring, the events
 * API, backtests and re-scoring all read one person's events at a time) or by anonymous id
 * (`events_anonymous`: identity resolution finds an anonymous id's person in `identities`).
 * Dropping them saves two index entries per event, one of them a random page.
 */
export const ingestIndexes: Migration = {
  version: 5,
  name: 'ingest-indexes',
  async up(db) {
    await sql.raw('DROP INDEX events_occurred').execute(db);
    await sql.raw('DROP INDEX events_anonymous').execute(db);
  },
};
