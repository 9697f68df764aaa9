import { sql } from 'kysely';

import type { Migration } from '../migration.js';

/**
 * Every person row carries a revision that the store itself raises whenever anything the
 * person's API object shows changes: every update of the row, and a rename of the person's
 * company. Readers that keep rendered people (`people/person-json-cache.ts`) compare it
 * instead of re-reading and re-rendering the row, and since the store raises it, a write from
 * any process or code path is seen.
 */
export const personRevisions: Migration = {
  version: 6,
  name: 'person-revisions',
  async up(db, dialect) {
    await db.schema
      .alterTable('people')
      .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    if (dialect === 'sqlite') {
      // An AFTER trigger raises it unless the statement already did, so it never loops.
      await sql
        .raw(
          `CREATE TRIGGER people_revision AFTER UPDATE ON people ` +
            `WHEN new.revision = old.revision ` +
            `BEGIN UPDATE people SET revision = old.revision + 1 WHERE id = new.id; END`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER companies_rename_revision AFTER UPDATE OF name ON companies ` +
            `WHEN new.name IS NOT old.name ` +
            `BEGIN UPDATE people SET revision = revision + 1 ` +
            `WHERE workspace_id = new.workspace_id AND company_id = new.id; END`,
        )
        .execute(db);

      return;
    }

    await sql
      .raw(
        `CREATE FUNCTION people_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
          `BEGIN NEW.revision := OLD.revision + 1; RETURN NEW; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER people_revision BEFORE UPDATE ON people ` +
          `FOR EACH ROW EXECUTE FUNCTION people_next_revision()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE FUNCTION companies_rename_revision() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
          `BEGIN UPDATE people SET revision = revision + 1 ` +
          `WHERE workspace_id = NEW.workspace_id AND company_id = NEW.id; RETURN NULL; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER companies_rename_revision AFTER UPDATE OF name ON companies ` +
          `FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name) ` +
          `EXECUTE FUNCTION companies_rename_revision()`,
      )
      .execute(db);
  },
};
