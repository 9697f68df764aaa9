import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import type { Scope } from '../shared/actor.js';
import { conflict, invalid, notFound, type AppError } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type CompanyId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { validateName } from '../users/user.validation.js';
import { assertMember } from '../workspaces/references.js';
import { findCompany, findCompanyByDomain, findCompanyRow } from './companies.repository.js';
import type { CompanyInput, CompanyView } from './company.types.js';
import { normalizeCountry, normalizeDomain } from './domain.js';

type Row = Database['companies'];

const MAX_TRAITS_BYTES = 16 * 1024;

function checkTraits(traits: Record<string, unknown>): string {
  const json = JSON.stringify(traits);
  if (json.length > MAX_TRAITS_BYTES) {
    throw invalid(
      'too_long',
      `traits must be at most ${MAX_TRAITS_BYTES} bytes of JSON.`,
      'traits',
    );
  }

  return json;
}

/** Trimmed text, or null when it is blank. */
function optionalText(value: string | null | undefined, fallback: string | null): string | null {
  if (value === undefined) return fallback;

  return value === null || value.trim() === '' ? null : value.trim();
}

/** Applies `input` over `base`; fields left out keep their value, `null` clears them. */
function merge(base: Row, input: CompanyInput): Row {
  const pick = <T>(value: T | undefined, fallback: T): T =>
    value === undefined ? fallback : value;
  const domain =
    input.domain === undefined
      ? base.domain
      : input.domain === null
        ? null
        : normalizeDomain(input.domain);
  const country =
    input.country === undefined
      ? base.country
      : input.country === null
        ? null
        : normalizeCountry(input.country);

  return {
    ...base,
    name: input.name === undefined ? base.name : validateName(input.name, 'name'),
    domain,
    industry: optionalText(input.industry, base.industry),
    employees: pick(input.employees, base.employees),
    annual_revenue: pick(input.annualRevenue, base.annual_revenue),
    region: optionalText(input.region, base.region),
    country,
    owner_id: pick(input.ownerId, base.owner_id),
    traits: input.traits ? checkTraits(input.traits) : base.traits,
  };
}

// Two requests racing for one domain both pass the check; the store's unique constraint
// stops the second, and it gets the same answer as if it had come later.
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;

  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function domainTaken(): AppError {
  return conflict(
    'domain_taken',
    'A company with this domain already exists in this workspace.',
    'domain',
  );
}

async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    throw isUniqueViolation(error) ? domainTaken() : error;
  }
}

async function checkDomainFree(
  trx: Transaction<Database>,
  scope: Scope,
  domain: string,
  self?: string,
): Promise<void> {
  const other = await findCompanyByDomain(trx, scope.workspaceId, domain);
  if (other && other.id !== self) throw domainTaken();
}

function auditable(row: Row): Record<string, unknown> {
  const { workspace_id: _ws, traits, ...rest } = row;

  return { ...rest, traits: JSON.parse(traits) as unknown };
}

export async function createCompany(
  db: Kysely<Database>,
  scope: Scope,
  input: CompanyInput,
): Promise<CompanyView> {
  if (input.name === undefined) throw invalid('required', 'name is required.', 'name');

  const id = await inTransaction(db, async (trx) => {
    const now = nowIso();
    const blank: Row = {
      id: newId('company'),
      workspace_id: scope.workspaceId,
      name: '',
      domain: null,
      industry: null,
      employees: null,
      annual_revenue: null,
      region: null,
      country: null,
      owner_id: null,
      traits: '{}',
      created_at: now,
      updated_at: now,
    };
    const row = merge(blank, input);

    if (row.owner_id) await assertMember(trx, scope.workspaceId, row.owner_id, 'ownerId');
    if (row.domain) await checkDomainFree(trx, scope, row.domain);

    await trx.insertInto('companies').values(row).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'company.created',
      subjectType: 'company',
      subjectId: row.id,
      after: auditable(row),
    });

    return row.id as CompanyId;
  });

  return (await findCompany(db, scope.workspaceId, id))!;
}

export async function updateCompany(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  input: CompanyInput,
): Promise<CompanyView> {
  await inTransaction(db, async (trx) => {
    const before = await findCompanyRow(trx, scope.workspaceId, id);
    if (!before) throw notFound('company', 'id');

    const after: Row = { ...merge(before, input), updated_at: nowIso() };
    if (typeof input.ownerId === 'string')
      await assertMember(trx, scope.workspaceId, input.ownerId, 'ownerId');
    if (after.domain && after.domain !== before.domain)
      await checkDomainFree(trx, scope, after.domain, id);

    await trx.updateTable('companies').set(after).where('id', '=', id).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: before.owner_id !== after.owner_id ? 'company.owner_changed' : 'company.updated',
      subjectType: 'company',
      subjectId: id,
      before: auditable(before),
      after: auditable(after),
    });
  });

  return (await findCompany(db, scope.workspaceId, id))!;
}
