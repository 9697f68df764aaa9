import { sql, type SqlBool, type Transaction } from 'kysely';

import { slotList } from '../ingest/compiled-rows.js';
import { runCompiled } from '../store/compiled-query.js';
import type { Dialect } from '../store/database.js';
import type { Database } from '../store/schema.js';

/** The queries identity resolution makes; each runs in the caller's transaction. */
type Trx = Transaction<Database>;

export type IdentityKind = 'email' | 'user_id' | 'anonymous_id' | 'external';
/** A person as identity resolution reads and writes it; the store keeps `revision` itself. */
export type PersonRow = Omit<Database['people'], 'revision'>;
export type CompanyRow = Database['companies'];

// Both stores take a few hundred values in one IN list without trouble.
const CHUNK = 300;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));

  return out;
}

/**
 * Which person owns each value of each kind, in one query per few hundred values whatever the
 * kinds: by kind, value → person id; values nobody owns are left out. E-mails are also looked
 * up in people.email, as in `findOwners`.
 */
export async function findOwnersOfKinds(
  trx: Trx,
  workspaceId: string,
  wanted: ReadonlyMap<IdentityKind, readonly string[]>,
): Promise<Map<IdentityKind, Map<string, string>>> {
  const owners = new Map<IdentityKind, Map<string, string>>();
  for (const kind of wanted.keys()) owners.set(kind, new Map());
  const pairs: [IdentityKind, string][] = [];
  for (const [kind, values] of wanted)
    for (const value of new Set(values)) pairs.push([kind, value]);

  // One probe of the primary key (workspace, kind, value) per pair: `kind in (...) and value
  // in (...)` would probe every kind for every value.
  for (const part of chunks(pairs)) {
    const rows = await runCompiled(
      trx,
      `identity.owners:${part.length}`,
      (slot) =>
        trx
          .selectFrom('identities')
          .select(['kind', 'value', 'person_id'])
          .where('workspace_id', '=', slot(0))
          .where(
            sql<SqlBool>`(kind, value) in (values ${sql.join(
              part.map((_, i) => sql`(${slot(1 + 2 * i)}, ${slot(2 + 2 * i)})`),
            )})`,
          ),
      [workspaceId, ...part.flat()],
    );
    for (const row of rows) owners.get(row.kind as IdentityKind)?.set(row.value, row.person_id);
  }

  const emails = owners.get('email');
  const wantedEmails = wanted.get('email') ?? [];
  if (emails && wantedEmails.length > 0) {
    for (const part of chunks([...new Set(wantedEmails)])) {
      const people = await runCompiled(
        trx,
        `identity.emailOwners:${part.length}`,
        (slot) =>
          trx
            .selectFrom('people')
            .select(['id', 'email'])
            .where('workspace_id', '=', slot(0))
            .where('email', 'in', slotList(slot, 1, part.length)),
        [workspaceId, ...part],
      );
      for (const row of people)
        if (row.email && !emails.has(row.email)) emails.set(row.email, row.id);
    }
  }

  return owners;
}

/** Which person owns each of `values` of `kind`; values nobody owns are left out. */
export async function findOwners(
  trx: Trx,
  workspaceId: string,
  kind: IdentityKind,
  values: readonly string[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const part of chunks([...new Set(values)])) {
    const rows = await trx
      .selectFrom('identities')
      .select(['value', 'person_id'])
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('value', 'in', part)
      .execute();
    for (const row of rows) owners.set(row.value, row.person_id);

    // An e-mail is unique per workspace in people.email too; a row written without its
    // identity (an import, say) still owns its address.
    if (kind === 'email') {
      const people = await trx
        .selectFrom('people')
        .select(['id', 'email'])
        .where('workspace_id', '=', workspaceId)
        .where('email', 'in', part)
        .execute();
      for (const row of people)
        if (row.email && !owners.has(row.email)) owners.set(row.email, row.id);
    }
  }

  return owners;
}

export async function findPersonRow(
  trx: Trx,
  workspaceId: string,
  id: string,
): Promise<PersonRow | undefined> {
  return trx
    .selectFrom('people')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The rows of `ids` (people of other workspaces and unknown ids left out). */
export async function findPersonRows(
  trx: Trx,
  workspaceId: string,
  ids: readonly string[],
): Promise<PersonRow[]> {
  const rows: PersonRow[] = [];
  // By primary key alone: with the workspace in the condition too, SQLite's planner (without
  // statistics) walks the workspace's people through one of its indexes instead.
  for (const part of chunks(ids)) {
    const found = await runCompiled(
      trx,
      `identity.people:${part.length}`,
      (slot) =>
        trx
          .selectFrom('people')
          .selectAll()
          .where('id', 'in', slotList(slot, 0, part.length)),
      part,
    );
    for (const row of found) if (row.workspace_id === workspaceId) rows.push(row);
  }

  return rows;
}

export async function identitiesOf(
  trx: Trx,
  workspaceId: string,
  personId: string,
): Promise<{ kind: string; value: string }[]> {
  return trx
    .selectFrom('identities')
    .select(['kind', 'value'])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
}

/**
 * Hands everything of `mergedId` to `survivorId`: identities, events, activities, deals and
 * score history move; the merged person's current scores are dropped (the survivor is scored
 * again); earlier merges into the merged person now point at the survivor.
 */
export async function moveBelongings(
  trx: Trx,
  workspaceId: string,
  mergedId: string,
  survivorId: string,
): Promise<void> {
  for (const table of ['identities', 'events', 'activities', 'deals', 'score_history'] as const) {
    await trx
      .updateTable(table)
      .set({ person_id: survivorId })
      .where('workspace_id', '=', workspaceId)
      .where('person_id', '=', mergedId)
      .execute();
  }
  await trx
    .deleteFrom('person_scores')
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '=', mergedId)
    .execute();
  await trx
    .updateTable('person_merges')
    .set({ survivor_id: survivorId })
    .where('workspace_id', '=', workspaceId)
    .where('survivor_id', '=', mergedId)
    .execute();
}

/** The companies of `domains`, by domain; domains without one are left out. */
export async function findCompaniesByDomain(
  trx: Trx,
  workspaceId: string,
  domains: readonly string[],
): Promise<Map<string, CompanyRow>> {
  const found = new Map<string, CompanyRow>();
  for (const part of chunks([...new Set(domains)])) {
    const rows = await trx
      .selectFrom('companies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('domain', 'in', part)
      .execute();
    for (const row of rows) if (row.domain) found.set(row.domain, row);
  }

  return found;
}

export async function findCompanyByDomain(
  trx: Trx,
  workspaceId: string,
  domain: string,
): Promise<CompanyRow | undefined> {
  return trx
    .selectFrom('companies')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('domain', '=', domain)
    .executeTakeFirst();
}

/**
 * The company a Segment group id names. The group id lives in `traits.groupId`; migration 3
 * indexes exactly the expression below, so the lookup does not scan the companies.
 */
export async function findCompanyByGroupId(
  trx: Trx,
  dialect: Dialect,
  workspaceId: string,
  groupId: string,
): Promise<CompanyRow | undefined> {
  const extracted =
    dialect === 'postgres'
      ? sql<string>`traits->>'groupId'`
      : sql<string>`json_extract(traits, '$.groupId')`;

  return trx
    .selectFrom('companies')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(extracted, '=', groupId)
    .orderBy('created_at')
    .executeTakeFirst();
}
