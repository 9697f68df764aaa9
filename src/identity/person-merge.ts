import { newId, type MergeId } from '../shared/ids.js';
import type { IdentityScope, MergeCause } from './identity-resolver.js';
import { identitiesOf, moveBelongings, type PersonRow } from './identity.repository.js';
import type { IdentityWrites } from './identity-writes.js';

function parseTraits(json: string): Record<string, unknown> {
  return JSON.parse(json) as Record<string, unknown>;
}

/**
 * Merges `merged` into `survivor` in the store: all history moves (identities, events,
 * activities, deals, score history), the merged person is deleted, and their snapshot stays in
 * person_merges and the audit log. The caller must have flushed its held writes first (this
 * moves rows in the store), and then applies `absorbedChange` to the survivor.
 */
export async function mergeInStore(
  scope: IdentityScope,
  writes: IdentityWrites,
  merged: PersonRow,
  survivor: PersonRow,
  cause: MergeCause,
): Promise<MergeId> {
  const { trx, workspaceId, now } = scope;
  const identities = await identitiesOf(trx, workspaceId, merged.id);
  const { search_text: _search, ...snapshot } = merged;
  const mergedSnapshot = { ...snapshot, traits: parseTraits(merged.traits), identities };

  await moveBelongings(trx, workspaceId, merged.id, survivor.id);
  await trx.deleteFrom('people').where('id', '=', merged.id).execute();

  const mergeId = newId('merge');
  await trx
    .insertInto('person_merges')
    .values({
      id: mergeId,
      workspace_id: workspaceId,
      survivor_id: survivor.id,
      merged_id: merged.id,
      merged_snapshot: JSON.stringify(mergedSnapshot),
      cause,
      at: now,
    })
    .execute();
  writes.audit(scope.actor, {
    action: 'person.merged',
    subjectType: 'person',
    subjectId: survivor.id,
    before: mergedSnapshot,
    after: { survivorId: survivor.id, mergedId: merged.id, mergeId, cause },
  });

  return mergeId;
}

/**
 * What the survivor of a merge becomes: its empty fields filled from the merged person, traits
 * merged (the survivor's win), the older creation time, and, while the survivor is still at
 * the start of the funnel, the merged person's stage. Pure.
 */
export function absorbedChange(survivor: PersonRow, merged: PersonRow): Partial<PersonRow> {
  const fill = <K extends keyof PersonRow>(key: K): PersonRow[K] => survivor[key] ?? merged[key];
  const stage =
    survivor.lifecycle_stage === 'subscriber' ? merged.lifecycle_stage : survivor.lifecycle_stage;

  return {
    email: fill('email'),
    user_id: fill('user_id'),
    first_name: fill('first_name'),
    last_name: fill('last_name'),
    title: fill('title'),
    phone: fill('phone'),
    company_id: fill('company_id'),
    owner_id: fill('owner_id'),
    source: fill('source'),
    lifecycle_stage: stage,
    traits: JSON.stringify({ ...parseTraits(merged.traits), ...parseTraits(survivor.traits) }),
    created_at: merged.created_at < survivor.created_at ? merged.created_at : survivor.created_at,
  };
}
