import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';

import { dialectOf } from '../store/dialect-of.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// The store writes the API's person object itself, so that reads of one person or of a page
// hand the HTTP layer finished JSON instead of rows to map and serialise. It must say exactly
// what `toPersonView` says; `test/person-json.test.ts` holds the two side by side.

// `[first, last].filter(Boolean).join(' ') || email || 'Anonymous'`, in SQL.
const NAME = sql`case
  when coalesce(people.first_name, '') <> '' and coalesce(people.last_name, '') <> ''
    then people.first_name || ' ' || people.last_name
  when coalesce(people.first_name, '') <> '' then people.first_name
  when coalesce(people.last_name, '') <> '' then people.last_name
  when coalesce(people.email, '') <> '' then people.email
  else 'Anonymous'
end`;

const SQLITE = sql<string>`json_object(
  'id', people.id,
  'email', people.email,
  'userId', people.user_id,
  'firstName', people.first_name,
  'lastName', people.last_name,
  'name', ${NAME},
  'title', people.title,
  'phone', people.phone,
  'company', case when people.company_id is not null and companies.name is not null
    then json_object('id', people.company_id, 'name', companies.name) end,
  'lifecycleStage', people.lifecycle_stage,
  'ownerId', people.owner_id,
  'source', people.source,
  'traits', json(people.traits),
  'createdAt', people.created_at,
  'updatedAt', people.updated_at
)`;

// Times as `Date#toISOString` writes them, whatever the session's time zone.
function isoTime(column: string): RawBuilder<string> {
  return sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const POSTGRES = sql<string>`json_build_object(
  'id', people.id,
  'email', people.email,
  'userId', people.user_id,
  'firstName', people.first_name,
  'lastName', people.last_name,
  'name', ${NAME},
  'title', people.title,
  'phone', people.phone,
  'company', case when people.company_id is not null and companies.name is not null
    then json_build_object('id', people.company_id, 'name', companies.name) end,
  'lifecycleStage', people.lifecycle_stage,
  'ownerId', people.owner_id,
  'source', people.source,
  'traits', people.traits,
  'createdAt', ${isoTime('people.created_at')},
  'updatedAt', ${isoTime('people.updated_at')}
)::text`;

/** A person (`people` left joined to `companies`) as the API's JSON text. */
export function personJson(db: Db): RawBuilder<string> {
  return dialectOf(db) === 'postgres' ? POSTGRES : SQLITE;
}
