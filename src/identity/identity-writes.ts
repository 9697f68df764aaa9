import type { Transaction } from 'kysely';

import { recordAuditMany, type AuditEntry } from '../audit/audit.repository.js';
import type { Actor } from '../shared/actor.js';
import { rowArgs, slotRows } from '../ingest/compiled-rows.js';
import type { WorkspaceId } from '../shared/ids.js';
import { runCompiled } from '../store/compiled-query.js';
import type { Database } from '../store/schema.js';
import { chunks, type IdentityKind, type PersonRow } from './identity.repository.js';

type Trx = Transaction<Database>;

// people has 16 columns, identities 5: both far below either store's bound-parameter limit.
const PEOPLE_PER_INSERT = 100;
const IDENTITIES_PER_INSERT = 200;

const PERSON_COLUMNS = [
  'id',
  'workspace_id',
  'email',
  'user_id',
  'first_name',
  'last_name',
  'title',
  'phone',
  'company_id',
  'lifecycle_stage',
  'owner_id',
  'source',
  'traits',
  'search_text',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PersonRow)[];

const IDENTITY_COLUMNS = [
  'workspace_id',
  'kind',
  'value',
  'person_id',
  'created_at',
] as const satisfies readonly (keyof Database['identities'])[];

/**
 * The writes identity resolution makes for one request, held until `flush` and then written
 * with a few multi-row statements instead of one statement each: new people, new identities,
 * column changes of existing people (one update per person, whatever the number of changes)
 * and audit entries, in that order (identities and audit entries name the new people).
 * A person created in the request takes later changes into its insert.
 */
export class IdentityWrites {
  private readonly newPeople = new Map<string, PersonRow>();
  private readonly identities: Database['identities'][] = [];
  private readonly updates = new Map<string, Partial<PersonRow>>();
  private readonly audits: { actor: Actor; entry: AuditEntry }[] = [];

  constructor(
    private readonly trx: Trx,
    private readonly workspaceId: WorkspaceId,
  ) {}

  createPerson(row: PersonRow): void {
    this.newPeople.set(row.id, row);
  }

  addIdentity(kind: IdentityKind, value: string, personId: string, at: string): void {
    this.identities.push({
      workspace_id: this.workspaceId,
      kind,
      value,
      person_id: personId,
      created_at: at,
    });
  }

  /** Records new column values of a person (`after` is the whole row as it now is). */
  updatePerson(after: PersonRow, change: Partial<PersonRow>): void {
    const created = this.newPeople.get(after.id);
    if (created) {
      this.newPeople.set(after.id, after);
      return;
    }
    this.updates.set(after.id, { ...this.updates.get(after.id), ...change });
  }

  audit(actor: Actor, entry: AuditEntry): void {
    this.audits.push({ actor, entry });
  }

  async flush(): Promise<void> {
    const trx = this.trx;
    for (const part of chunks([...this.newPeople.values()], PEOPLE_PER_INSERT))
      await runCompiled(
        trx,
        `identity.insertPeople:${part.length}`,
        (slot) =>
          trx.insertInto('people').values(slotRows<PersonRow>(slot, PERSON_COLUMNS, part.length)),
        rowArgs(PERSON_COLUMNS, part),
      );
    this.newPeople.clear();

    for (const part of chunks(this.identities, IDENTITIES_PER_INSERT))
      await runCompiled(
        trx,
        `identity.insertIdentities:${part.length}`,
        (slot) =>
          trx
            .insertInto('identities')
            .values(slotRows<Database['identities']>(slot, IDENTITY_COLUMNS, part.length)),
        rowArgs(IDENTITY_COLUMNS, part),
      );
    this.identities.length = 0;

    for (const [id, change] of this.updates)
      await this.trx.updateTable('people').set(change).where('id', '=', id).execute();
    this.updates.clear();

    if (this.audits.length > 0) await recordAuditMany(this.trx, this.workspaceId, this.audits);
    this.audits.length = 0;
  }
}
