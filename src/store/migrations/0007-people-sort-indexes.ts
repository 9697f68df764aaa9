import { sql } from 'kysely';

import type { Migration } from '../migration.js';
import { analyzeNewIndexes } from './analyze-new-indexes.js';

/** Each new index, by the column whose sort value it holds. */
const SORT_INDEXES = { people_email_sort: 'email', people_last_name_sort: 'last_name' };

/**
 * People sorted by e-mail or last name order by `coalesce(column, '')`, so that keyset
 * pagination has a total order over missing values (`people.repository.ts`). The indexes of
 * 0001 hold the bare columns, which such an ORDER BY cannot use: every page sorted the whole
 * workspace (65–180 ms on 100,000 people). These index the expressions themselves, and replace
 * the old ones, which nothing else read (lookups by e-mail use the unique key).
 *
 * A store already analysed (the demo, after its bulk load) gets figures for the new indexes
 * too: SQLite takes an index without figures for a highly selective one, and would pick it for
 * every list of the workspace and sort (a page by creation time went from 0.2 to 65 ms).
 */
export const peopleSortIndexes: Migration = {
  version: 7,
  name: 'people-sort-indexes',
  async up(db, dialect) {
    await db.schema.dropIndex('people_email').execute();
    await db.schema.dropIndex('people_last_name').execute();

    for (const [index, column] of Object.entries(SORT_INDEXES)) {
      const sortValue = sql.raw(`(coalesce(${column}, ''))`);
      await sql`CREATE INDEX ${sql.raw(index)} ON people (workspace_id, ${sortValue}, id)`.execute(
        db,
      );
    }

    await analyzeNewIndexes(db, dialect, ['people'], Object.keys(SORT_INDEXES));
  },
};
