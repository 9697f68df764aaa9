import type { Transaction } from 'kysely';

import { personSearchText } from '../people/search-text.js';
import { isFreeMailDomain } from '../scoring/free-mail.js';
import type { Actor } from '../shared/actor.js';
import { newId, type PersonId, type WorkspaceId } from '../shared/ids.js';
import type { Dialect } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { CompanyLinker } from './company-linker.js';
import {
  findOwners,
  findOwnersOfKinds,
  findPersonRow,
  findPersonRows,
  type IdentityKind,
  type PersonRow,
} from './identity.repository.js';
import { IdentityWrites } from './identity-writes.js';
import { absorbedChange, mergeInStore } from './person-merge.js';
import {
  emailDomain,
  type CompanyTraits,
  type PersonFields,
  type ProfileTraits,
} from './profile-traits.js';

/**
 * Identity resolution: which person a Segment message belongs to. Anonymous activity gets a
 * person of its own (stage subscriber) so that its history is kept; identify and alias join
 * it to the known person by merging, and each merge is recorded (person_merges, audit log).
 * One resolver serves one request: it remembers owners and rows it has read or written, and
 * holds its writes until `flush` (or a merge) so that they go out in a few multi-row statements.
 */
export interface IdentityScope {
  readonly trx: Transaction<Database>;
  readonly dialect: Dialect;
  readonly workspaceId: WorkspaceId;
  readonly actor: Actor;
  readonly now: string;
  /** Milestones (merges) with ids only. */
  readonly log?: (fields: Record<string, unknown>, message: string) => void;
}

/** What resolution reads from a checked message. */
export interface Resolvable {
  readonly type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly previousId: string | null;
  readonly groupId: string | null;
  /** identify: the person's traits, split. */
  readonly profile?: ProfileTraits;
  /** group: the company's traits, split. */
  readonly company?: CompanyTraits;
}

export type MergeCause = 'identify' | 'alias';

export interface MergeRecord {
  readonly survivorId: PersonId;
  readonly mergedId: PersonId;
  readonly cause: MergeCause;
}

const keyOf = (kind: IdentityKind, value: string): string => `${kind}\u0000${value}`;

function parseTraits(json: string): Record<string, unknown> {
  return JSON.parse(json) as Record<string, unknown>;
}

export class IdentityResolver {
  private readonly owners = new Map<string, string | null>();
  private readonly rows = new Map<string, PersonRow>();
  private readonly redirects = new Map<string, string>();
  readonly merges: MergeRecord[] = [];
  private readonly writes: IdentityWrites;
  private readonly companies: CompanyLinker;

  constructor(private readonly scope: IdentityScope) {
    this.writes = new IdentityWrites(scope.trx, scope.workspaceId);
    this.companies = new CompanyLinker(scope, this.writes);
  }

  /** Writes what resolution has decided so far; call it before the request's events go in. */
  async flush(): Promise<void> {
    await this.writes.flush();
  }

  /** Reads the owners of every id in `messages` in a few queries, instead of one per message. */
  async preload(messages: readonly Resolvable[]): Promise<void> {
    const wanted: Record<'user_id' | 'anonymous_id' | 'email', string[]> = {
      user_id: [],
      anonymous_id: [],
      email: [],
    };
    for (const m of messages) {
      if (m.userId) wanted.user_id.push(m.userId);
      if (m.anonymousId) wanted.anonymous_id.push(m.anonymousId);
      if (m.previousId) {
        wanted.user_id.push(m.previousId);
        wanted.anonymous_id.push(m.previousId);
      }
      if (m.profile?.fields.email) wanted.email.push(m.profile.fields.email);
    }

    const missing = new Map<IdentityKind, string[]>();
    for (const kind of ['user_id', 'anonymous_id', 'email'] as const) {
      const values = wanted[kind].filter((v) => !this.owners.has(keyOf(kind, v)));
      if (values.length > 0) missing.set(kind, values);
    }
    if (missing.size > 0) {
      const found = await findOwnersOfKinds(this.scope.trx, this.scope.workspaceId, missing);
      for (const [kind, values] of missing)
        for (const value of values)
          this.owners.set(keyOf(kind, value), found.get(kind)?.get(value) ?? null);
    }

    // The companies of corporate e-mail domains and of group calls' domains, in one query.
    const domains: string[] = [];
    for (const m of messages) {
      const email = m.profile?.fields.email;
      const domain = email ? emailDomain(email) : undefined;
      if (domain && !isFreeMailDomain(domain)) domains.push(domain);
      if (m.company?.fields.domain) domains.push(m.company.fields.domain);
    }
    await this.companies.preload(domains);

    // The rows of everyone named, in one query: resolution reads most of them.
    const people = new Set<string>();
    for (const owner of this.owners.values()) if (owner && !this.rows.has(owner)) people.add(owner);
    const rows = await findPersonRows(this.scope.trx, this.scope.workspaceId, [...people]);
    for (const row of rows) this.rows.set(row.id, row);
  }

  /** The person a person id now is: a merged person's id leads to the survivor. */
  current(personId: string): PersonId {
    let id = personId;
    for (let next = this.redirects.get(id); next; next = this.redirects.get(id)) id = next;

    return id as PersonId;
  }

  /** Resolves `message` to a person, applying what identify, alias and group say. */
  async resolve(message: Resolvable): Promise<PersonId> {
    switch (message.type) {
      case 'identify':
        return this.resolveIdentify(message);
      case 'alias':
        return this.resolveAlias(message);
      case 'group': {
        const personId = await this.resolveActivity(message);
        if (message.groupId) await this.linkGroup(personId, message.groupId, message.company);

        return personId;
      }
      case 'track':
      case 'page':
      case 'screen':
        return this.resolveActivity(message);
      default: {
        const never: never = message.type;
        throw new Error(`Unknown message type ${String(never)}`);
      }
    }
  }

  // ---- resolution -------------------------------------------------------------------------

  private async resolveActivity(message: Resolvable): Promise<PersonId> {
    const known = message.userId ? await this.owner('user_id', message.userId) : undefined;
    const anonymous = await this.usableAnonymous(message.anonymousId, message.userId);

    let personId = known ?? anonymous;
    if (known && anonymous && known !== anonymous)
      personId = await this.merge(anonymous, known, 'identify');
    personId ??= await this.createPerson({ userId: message.userId });

    await this.link(personId, 'user_id', message.userId);
    await this.link(personId, 'anonymous_id', message.anonymousId);

    return personId;
  }

  private async resolveIdentify(message: Resolvable): Promise<PersonId> {
    let email = message.profile?.fields.email ?? null;
    let known = message.userId ? await this.owner('user_id', message.userId) : undefined;

    const byEmail = email ? await this.owner('email', email) : undefined;
    if (byEmail && byEmail !== known) {
      if (!(await this.canJoin(byEmail, message.userId))) email = null;
      else if (known) known = await this.merge(byEmail, known, 'identify');
      else known = byEmail;
    }

    const anonymous = await this.usableAnonymous(message.anonymousId, message.userId);
    let personId = known ?? anonymous;
    if (known && anonymous && known !== anonymous)
      personId = await this.merge(anonymous, known, 'identify');
    personId ??= await this.createPerson({ userId: message.userId, email });

    await this.link(personId, 'user_id', message.userId);
    await this.link(personId, 'anonymous_id', message.anonymousId);
    await this.link(personId, 'email', email);
    await this.applyProfile(personId, message.userId, email, message.profile);

    return personId;
  }

  /**
   * alias(previousId → userId): the person known by the previous id (an anonymous id or an
   * older user id) and the one known by the new id are one; they merge, whatever they knew.
   */
  private async resolveAlias(message: Resolvable): Promise<PersonId> {
    const targetKind: IdentityKind = message.userId ? 'user_id' : 'anonymous_id';
    const target = message.userId ?? message.anonymousId;
    const previous = message.previousId;

    const toPerson = target ? await this.owner(targetKind, target) : undefined;
    const fromPerson = previous
      ? ((await this.owner('user_id', previous)) ?? (await this.owner('anonymous_id', previous)))
      : undefined;

    let personId = toPerson ?? fromPerson;
    if (toPerson && fromPerson && toPerson !== fromPerson)
      personId = await this.merge(fromPerson, toPerson, 'alias');
    personId ??= await this.createPerson({ userId: message.userId });

    await this.link(personId, 'user_id', message.userId);
    await this.link(personId, 'anonymous_id', message.anonymousId);
    if (previous && !fromPerson) await this.link(personId, 'anonymous_id', previous);
    await this.applyProfile(personId, message.userId, null, undefined);

    return personId;
  }

  /** The person an anonymous id leads to, unless they are someone else (a shared device). */
  private async usableAnonymous(
    anonymousId: string | null,
    userId: string | null,
  ): Promise<PersonId | undefined> {
    if (!anonymousId) return undefined;

    const personId = await this.owner('anonymous_id', anonymousId);
    if (!personId || (await this.canJoin(personId, userId))) return personId;

    return undefined;
  }

  /** A person may join `userId` unless they already have a different user id. */
  private async canJoin(personId: string, userId: string | null): Promise<boolean> {
    if (!userId) return true;

    const row = await this.row(personId);

    return row.user_id === null || row.user_id === userId;
  }

  // ---- identities and rows ----------------------------------------------------------------

  private async owner(kind: IdentityKind, value: string): Promise<PersonId | undefined> {
    const key = keyOf(kind, value);
    if (!this.owners.has(key)) {
      const found = await findOwners(this.scope.trx, this.scope.workspaceId, kind, [value]);
      this.owners.set(key, found.get(value) ?? null);
    }

    const owner = this.owners.get(key);

    return owner ? this.current(owner) : undefined;
  }

  /** Gives `value` to the person unless someone already has it. */
  private async link(personId: string, kind: IdentityKind, value: string | null): Promise<void> {
    if (!value || (await this.owner(kind, value))) return;

    this.writes.addIdentity(kind, value, personId, this.scope.now);
    this.owners.set(keyOf(kind, value), personId);
  }

  private async row(personId: string): Promise<PersonRow> {
    const id = this.current(personId);
    let row = this.rows.get(id);
    if (!row) {
      row = await findPersonRow(this.scope.trx, this.scope.workspaceId, id);
      if (!row) throw new Error(`Person ${id} of an identity is missing`);
      this.rows.set(id, row);
    }

    return row;
  }

  private async createPerson(known: {
    userId: string | null;
    email?: string | null;
  }): Promise<PersonId> {
    const { workspaceId, now } = this.scope;
    const row: PersonRow = {
      id: newId('person'),
      workspace_id: workspaceId,
      email: known.email ?? null,
      user_id: known.userId,
      first_name: null,
      last_name: null,
      title: null,
      phone: null,
      company_id: null,
      lifecycle_stage: known.email ? 'lead' : 'subscriber',
      owner_id: null,
      source: 'segment',
      traits: '{}',
      search_text: personSearchText({ email: known.email ?? null }),
      created_at: now,
      updated_at: now,
    };

    this.writes.createPerson(row);
    this.writes.audit(this.scope.actor, {
      action: 'person.created',
      subjectType: 'person',
      subjectId: row.id,
      after: {
        lifecycleStage: row.lifecycle_stage,
        source: row.source,
        userId: row.user_id,
        email: row.email,
      },
    });
    this.rows.set(row.id, row);

    return row.id as PersonId;
  }

  /** Writes the columns of `next` that differ from the row, and audits the change. */
  private async patch(
    personId: string,
    change: Partial<PersonRow>,
    action = 'person.updated',
  ): Promise<void> {
    const before = await this.row(personId);
    const changed = Object.entries(change).filter(
      ([key, value]) => before[key as keyof PersonRow] !== value,
    );
    if (changed.length === 0) return;

    const after: PersonRow = {
      ...before,
      ...Object.fromEntries(changed),
      updated_at: this.scope.now,
    };
    after.search_text = personSearchText({
      email: after.email,
      firstName: after.first_name,
      lastName: after.last_name,
      title: after.title,
    });
    this.writes.updatePerson(after, {
      ...Object.fromEntries(changed),
      search_text: after.search_text,
      updated_at: after.updated_at,
    });
    this.rows.set(before.id, after);

    const view = (row: PersonRow) =>
      Object.fromEntries(
        changed.map(([key]) => [
          key,
          key === 'traits' ? parseTraits(row.traits) : row[key as keyof PersonRow],
        ]),
      );
    this.writes.audit(this.scope.actor, {
      action,
      subjectType: 'person',
      subjectId: before.id,
      before: view(before),
      after: view(after),
    });
  }

  /** Traits onto the person: common ones into columns, the rest merged into traits (new wins). */
  private async applyProfile(
    personId: string,
    userId: string | null,
    email: string | null,
    profile: ProfileTraits | undefined,
  ): Promise<void> {
    const row = await this.row(personId);
    const fields: PersonFields = profile?.fields ?? {};
    const change: Partial<PersonRow> = {};

    if (userId && !row.user_id) change.user_id = userId;
    if (email) change.email = email;
    if (fields.firstName) change.first_name = fields.firstName;
    if (fields.lastName) change.last_name = fields.lastName;
    if (fields.title) change.title = fields.title;
    if (fields.phone) change.phone = fields.phone;
    if (profile && Object.keys(profile.rest).length > 0) {
      change.traits = JSON.stringify({ ...parseTraits(row.traits), ...profile.rest });
    }

    const domain = email ? emailDomain(email) : undefined;
    if (domain && !row.company_id && !isFreeMailDomain(domain)) {
      change.company_id = await this.companies.forDomain(domain);
    }

    await this.patch(personId, change);
  }

  // ---- merging ----------------------------------------------------------------------------

  /**
   * Merges `mergedId` into `survivorId` (`mergeInStore`): all history moves, the survivor takes
   * what it lacks from the merged person (`absorbedChange`), and the merged person's ids lead
   * to the survivor from now on.
   */
  private async merge(mergedId: string, survivorId: string, cause: MergeCause): Promise<PersonId> {
    // The merge moves rows in the store: everything decided so far must be there first.
    await this.writes.flush();
    const merged = await this.row(mergedId);
    const survivor = await this.row(survivorId);

    const mergeId = await mergeInStore(this.scope, this.writes, merged, survivor, cause);
    this.redirects.set(merged.id, survivor.id);
    this.rows.delete(merged.id);
    await this.patch(survivor.id, absorbedChange(survivor, merged));

    this.merges.push({
      survivorId: survivor.id as PersonId,
      mergedId: merged.id as PersonId,
      cause,
    });
    this.scope.log?.(
      {
        workspaceId: this.scope.workspaceId,
        survivorId: survivor.id,
        mergedId: merged.id,
        mergeId,
        cause,
      },
      'people merged',
    );

    return survivor.id as PersonId;
  }

  /**
   * group(groupId, traits): the person belongs to the group's company (see `CompanyLinker`)
   * from now on.
   */
  private async linkGroup(
    personId: PersonId,
    groupId: string,
    company: CompanyTraits | undefined,
  ): Promise<void> {
    const companyId = await this.companies.forGroup(groupId, company);
    await this.patch(personId, { company_id: companyId });
  }
}
