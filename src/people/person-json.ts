import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';

import type { Dialect } from '../store/database.js';
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

// The company as `{id, name}`, from the row's left join with `companies`, or looked up by a
// subquery. SQLite spends ~15 µs setting up a left join for every execution, more than a whole
// single-person read by primary key costs, so reads of one person look the company up instead.
type CompanySource = 'joined' | 'looked-up';

function companyJson(dialect: Dialect, source: CompanySource): RawBuilder<unknown> {
  const object = sql.raw(dialect === 'postgres' ? 'json_build_object' : 'json_object');
  if (source === 'joined') {
    return sql`case when people.company_id is not null and companies.name is not null
      then ${object}('id', people.company_id, 'name', companies.name) end`;
  }

  const lookedUp = sql`(select ${object}('id', c.id, 'name', c.name) from companies c
    where c.id = people.company_id)`;

  // SQLite hands a subquery's JSON back as text; json() makes it JSON again inside the object.
  return dialect === 'postgres' ? lookedUp : sql`json(${lookedUp})`;
}

const sqliteJson = (source: CompanySource) => sql<string>`json_object(
  'id', people.id,
  'email', people.email,
  'userId', people.user_id,
  'firstName', people.first_name,
  'lastName', people.last_name,
  'name', ${NAME},
  'title', people.title,
  'phone', people.phone,
  'company', ${companyJson('sqlite', source)},
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

const postgresJson = (source: CompanySource) => sql<string>`json_build_object(
  'id', people.id,
  'email', people.email,
  'userId', people.user_id,
  'firstName', people.first_name,
  'lastName', people.last_name,
  'name', ${NAME},
  'title', people.title,
  'phone', people.phone,
  'company', ${companyJson('postgres', source)},
  'lifecycleStage', people.lifecycle_stage,
  'ownerId', people.owner_id,
  'source', people.source,
  'traits', people.traits,
  'createdAt', ${isoTime('people.created_at')},
  'updatedAt', ${isoTime('people.updated_at')}
)::text`;

/**
 * A person as the API's JSON text: from `people` left joined to `companies` (`joined`), or from
 * `people` alone, the company looked up (`looked-up`).
 */
export function personJson(db: Db, source: CompanySource = 'joined'): RawBuilder<string> {
  return dialectOf(db) === 'postgres' ? postgresJson(source) : sqliteJson(source);
}
