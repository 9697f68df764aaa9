import { sql, type Kysely } from 'kysely';

import type { Dialect } from '../database.js';
import { columnTypes, type Migration } from '../migration.js';

type Db = Kysely<unknown>;
type Types = ReturnType<typeof columnTypes>;

async function createAccounts(db: Db, t: Types): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stages', t.json, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('last_used_at', t.time)
    .addColumn('revoked_at', t.time)
    .execute();
  await db.schema
    .createIndex('api_keys_workspace')
    .on('api_keys')
    .columns(['workspace_id', 'created_at'])
    .execute();
}

async function createTeams(db: Db, t: Types): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'text', (c) => c.references('users.id'))
    .addColumn('calendar', t.json, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addUniqueConstraint('teams_workspace_name', ['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('away_until', t.time)
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('team_members_user')
    .on('team_members')
    .columns(['workspace_id', 'user_id'])
    .execute();
}

async function createCrm(db: Db, t: Types): Promise<void> {
  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('industry', 'text')
    .addColumn('employees', 'integer')
    .addColumn('annual_revenue', t.real)
    .addColumn('region', 'text')
    .addColumn('country', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('traits', t.json, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addUniqueConstraint('companies_workspace_domain', ['workspace_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('companies_created')
    .on('companies')
    .columns(['workspace_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('companies_name')
    .on('companies')
    .columns(['workspace_id', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('email', 'text')
    .addColumn('user_id', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('title', 'text')
    .addColumn('phone', 'text')
    .addColumn('company_id', 'text', (c) => c.references('companies.id'))
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('source', 'text')
    .addColumn('traits', t.json, (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .addUniqueConstraint('people_workspace_email', ['workspace_id', 'email'])
    .execute();

  const peopleIndexes: Record<string, string[]> = {
    people_created: ['workspace_id', 'created_at', 'id'],
    people_updated: ['workspace_id', 'updated_at', 'id'],
    people_email: ['workspace_id', 'email', 'id'],
    people_last_name: ['workspace_id', 'last_name', 'id'],
    people_stage: ['workspace_id', 'lifecycle_stage', 'created_at', 'id'],
    people_owner: ['workspace_id', 'owner_id', 'created_at', 'id'],
    people_company: ['workspace_id', 'company_id', 'created_at', 'id'],
  };
  for (const [name, columns] of Object.entries(peopleIndexes)) {
    await db.schema.createIndex(name).on('people').columns(columns).execute();
  }

  await db.schema
    .createTable('identities')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['workspace_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('identities_person').on('identities').column('person_id').execute();
}

async function createHistory(db: Db, t: Types, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('anonymous_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('properties', t.json, (c) => c.notNull())
    .addColumn('context', t.json, (c) => c.notNull())
    .addColumn('occurred_at', t.time, (c) => c.notNull())
    .addColumn('received_at', t.time, (c) => c.notNull())
    .addUniqueConstraint('events_workspace_message', ['workspace_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('events_person')
    .on('events')
    .columns(['workspace_id', 'person_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('occurred_at', t.time, (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activities_person')
    .on('activities')
    .columns(['workspace_id', 'person_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('activities_created')
    .on('activities')
    .columns(['workspace_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('close_date', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('updated_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deals_created')
    .on('deals')
    .columns(['workspace_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('deals_person')
    .on('deals')
    .columns(['workspace_id', 'person_id'])
    .execute();

  await createAuditLog(db, t, dialect);
}

async function createAuditLog(db: Db, t: Types, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('before', t.json)
    .addColumn('after', t.json)
    .addColumn('reason', 'text')
    .addColumn('at', t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_workspace')
    .on('audit_log')
    .columns(['workspace_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_log_subject')
    .on('audit_log')
    .columns(['workspace_id', 'subject_id', 'seq'])
    .execute();

  // The audit log is append-only: the store itself refuses edits and deletions.
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log ` +
            `BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
        )
        .execute(db);
    }
  } else {
    await sql
      .raw(
        `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
          `BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log ` +
          `FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      )
      .execute(db);
  }
}

export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  async up(db, dialect) {
    const t = columnTypes(dialect);

    await createAccounts(db, t);
    await createTeams(db, t);
    await createCrm(db, t);
    await createHistory(db, t, dialect);
  },
};
