import { newId, type CompanyId } from '../shared/ids.js';
import type { IdentityScope } from './identity-resolver.js';
import {
  findCompaniesByDomain,
  findCompanyByDomain,
  findCompanyByGroupId,
  type CompanyRow,
} from './identity.repository.js';
import type { IdentityWrites } from './identity-writes.js';
import { nameFromDomain, type CompanyTraits } from './profile-traits.js';

function parseTraits(json: string): Record<string, unknown> {
  return JSON.parse(json) as Record<string, unknown>;
}

interface NewCompany {
  readonly name: string;
  readonly domain?: string;
  readonly industry?: string;
  readonly employees?: number;
  readonly traits: Record<string, unknown>;
}

/**
 * The companies identity resolution links people to, for one request: by a corporate e-mail
 * domain (created, named after the domain, if missing) or by a group call. Companies are
 * written at once (people rows held by `IdentityWrites` refer to them); their audit entries go
 * with the request's others. Remembers what it has read or written by domain.
 */
export class CompanyLinker {
  private readonly byDomain = new Map<string, CompanyRow | null>();

  constructor(
    private readonly scope: IdentityScope,
    private readonly writes: IdentityWrites,
  ) {}

  /** Reads the companies of `domains` in one query, for the lookups that follow. */
  async preload(domains: readonly string[]): Promise<void> {
    const unknown = [...new Set(domains)].filter((d) => !this.byDomain.has(d));
    if (unknown.length === 0) return;

    const found = await findCompaniesByDomain(this.scope.trx, this.scope.workspaceId, unknown);
    for (const domain of unknown) this.byDomain.set(domain, found.get(domain) ?? null);
  }

  /** The company of a corporate e-mail domain; created, named after the domain, if missing. */
  async forDomain(domain: string): Promise<CompanyId> {
    const found = await this.withDomain(domain);
    if (found) return found.id as CompanyId;

    return this.create({ name: nameFromDomain(domain), domain, traits: {} });
  }

  /**
   * group(groupId, traits): the company with that group id (kept in its traits), else the one
   * with the traits' domain, else a new one; its fields take the newer values.
   */
  async forGroup(groupId: string, company: CompanyTraits | undefined): Promise<CompanyId> {
    const { trx, workspaceId, now, dialect } = this.scope;
    const fields = company?.fields ?? {};
    const traits = { ...(company?.rest ?? {}), groupId };

    let existing = await findCompanyByGroupId(trx, dialect, workspaceId, groupId);
    if (!existing && fields.domain) existing = await this.withDomain(fields.domain);
    if (!existing)
      return this.create({ ...fields, name: fields.name ?? fields.domain ?? groupId, traits });

    const domainFree = fields.domain && !existing.domain && !(await this.withDomain(fields.domain));
    const next = {
      name: fields.name ?? existing.name,
      industry: fields.industry ?? existing.industry,
      employees: fields.employees ?? existing.employees,
      domain: domainFree ? fields.domain! : existing.domain,
      traits: JSON.stringify({ ...parseTraits(existing.traits), ...traits }),
    };
    const before = existing;
    const changed = Object.entries(next).filter(
      ([key, value]) => before[key as keyof typeof next] !== value,
    );
    if (changed.length > 0) {
      await trx
        .updateTable('companies')
        .set({ ...next, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      this.writes.audit(this.scope.actor, {
        action: 'company.updated',
        subjectType: 'company',
        subjectId: existing.id,
        before: Object.fromEntries(changed.map(([key]) => [key, before[key as keyof typeof next]])),
        after: Object.fromEntries(changed),
      });
      if (existing.domain) this.byDomain.delete(existing.domain);
    }

    return existing.id as CompanyId;
  }

  private async withDomain(domain: string): Promise<CompanyRow | undefined> {
    if (!this.byDomain.has(domain)) {
      this.byDomain.set(
        domain,
        (await findCompanyByDomain(this.scope.trx, this.scope.workspaceId, domain)) ?? null,
      );
    }

    return this.byDomain.get(domain) ?? undefined;
  }

  private async create(input: NewCompany): Promise<CompanyId> {
    const { trx, workspaceId, now } = this.scope;
    const row: CompanyRow = {
      id: newId('company'),
      workspace_id: workspaceId,
      name: input.name,
      domain: input.domain ?? null,
      industry: input.industry ?? null,
      employees: input.employees ?? null,
      annual_revenue: null,
      region: null,
      country: null,
      owner_id: null,
      traits: JSON.stringify(input.traits),
      created_at: now,
      updated_at: now,
    };

    await trx.insertInto('companies').values(row).execute();
    this.writes.audit(this.scope.actor, {
      action: 'company.created',
      subjectType: 'company',
      subjectId: row.id,
      after: {
        name: row.name,
        domain: row.domain,
        industry: row.industry,
        employees: row.employees,
        traits: input.traits,
      },
    });
    if (row.domain) this.byDomain.set(row.domain, row);

    return row.id as CompanyId;
  }
}
