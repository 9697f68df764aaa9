import { sql } from 'kysely';

import type { Migration } from '../migration.js';

/**
 * Both stores: `people_workspace_id`, so that bulk scoring walks a workspace's people in id
 * order chunk by chunk (each chunk its own rows, not a sort of the workspace), and reads a
 * chunk's events as one range of the events index (workspace, person id).
 *
 * SQLite: bulk scoring (re-scoring after a publish, backtests) reads each person's events by
 * type, name and page path. `events_scoring` extends `events_person` (workspace, person, time)
 * with those, the page path being the expression `PAGE_PATH_SQL` of
 * src/scoring/event-match-sql.ts (the two texts must stay equal), so that the scan is answered
 * from the index without reading any event row or parsing its JSON. It serves every query
 * `events_person` served (same leading columns), which it replaces: ingest keeps maintaining
 * one index per event, not two. PostgreSQL cannot answer a query from an expression index
 * (an index-only scan needs the columns themselves), so it keeps `events_person`.
 */
export const scoringScan: Migration = {
  version: 4,
  name: 'scoring-scan',
  async up(db, dialect) {
    await db.schema
      .createIndex('people_workspace_id')
      .on('people')
      .columns(['workspace_id', 'id'])
      .execute();
    if (dialect !== 'sqlite') return;

    await sql
      .raw(
        'CREATE INDEX events_scoring ON events (workspace_id, person_id, occurred_at, type, name, ' +
          "(case when type in ('page', 'screen') then coalesce(" +
          "case when json_type(properties, '$.path') = 'text' then json_extract(properties, '$.path') end, " +
          "case when json_type(context, '$.page.path') = 'text' then json_extract(context, '$.page.path') end) end))",
      )
      .execute(db);
    await sql.raw('DROP INDEX events_person').execute(db);
  },
};
