import { sql } from 'kysely';

import type { Migration } from '../migration.js';

/**
 * An index for finding a company by its Segment group id (kept in `traits.groupId`; the
 * expression matches `findCompanyByGroupId`), and on PostgreSQL a guard that makes
 * `TRUNCATE audit_log` fail like UPDATE and DELETE already do.
 */
export const guards: Migration = {
  version: 3,
  name: 'guards',
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      await sql
        .raw(
          `CREATE INDEX companies_group_id ON companies (workspace_id, json_extract(traits, '$.groupId'))`,
        )
        .execute(db);

      return;
    }

    await sql
      .raw(`CREATE INDEX companies_group_id ON companies (workspace_id, (traits->>'groupId'))`)
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log ` +
          `FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
      )
      .execute(db);
  },
};
