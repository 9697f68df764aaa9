import { newId, type WorkspaceId } from '../../src/shared/ids.js';
import type { Store } from '../../src/store/database.js';

/** Writes rows of history straight into a store: events, stage moves and deals at known times. */
export interface PersonSpec {
  readonly email: string | null;
  readonly title?: string;
  readonly phone?: string;
  readonly stage?: string;
  readonly company?: {
    readonly industry?: string;
    readonly employees?: number;
    readonly region?: string;
  };
}

export async function addPerson(
  store: Store,
  workspaceId: WorkspaceId,
  spec: PersonSpec,
): Promise<string> {
  const now = new Date().toISOString();
  let companyId: string | null = null;
  if (spec.company) {
    companyId = newId('company');
    await store.db
      .insertInto('companies')
      .values({
        id: companyId,
        workspace_id: workspaceId,
        name: `Company ${companyId.slice(-6)}`,
        domain: null,
        industry: spec.company.industry ?? null,
        employees: spec.company.employees ?? null,
        annual_revenue: null,
        region: spec.company.region ?? null,
        country: null,
        owner_id: null,
        traits: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  const id = newId('person');
  await store.db
    .insertInto('people')
    .values({
      id,
      workspace_id: workspaceId,
      email: spec.email,
      user_id: null,
      first_name: null,
      last_name: null,
      title: spec.title ?? null,
      phone: spec.phone ?? null,
      company_id: companyId,
      lifecycle_stage: spec.stage ?? 'lead',
      owner_id: null,
      source: null,
      traits: '{}',
      search_text: spec.email ?? '',
      created_at: now,
      updated_at: now,
    })
    .execute();

  return id;
}

export async function addEvent(
  store: Store,
  workspaceId: WorkspaceId,
  personId: string,
  event: { type: 'track' | 'page'; name?: string; path?: string; at: string },
): Promise<string> {
  const at = Date.parse(event.at);
  const id = newId('event', at);
  await store.db
    .insertInto('events')
    .values({
      id,
      workspace_id: workspaceId,
      message_id: `msg-${id}`,
      type: event.type,
      name: event.name ?? null,
      person_id: personId,
      anonymous_id: null,
      user_id: null,
      properties: JSON.stringify(event.path ? { path: event.path } : {}),
      context: '{}',
      occurred_at: new Date(at).toISOString(),
      received_at: new Date(at).toISOString(),
    })
    .execute();

  return id;
}

export async function addStageMove(
  store: Store,
  workspaceId: WorkspaceId,
  personId: string,
  to: string,
  at: string,
): Promise<void> {
  await store.db
    .insertInto('audit_log')
    .values({
      id: newId('audit'),
      workspace_id: workspaceId,
      actor_type: 'user',
      actor_id: 'usr_test',
      action: 'person.stage_changed',
      subject_type: 'person',
      subject_id: personId,
      before: null,
      after: JSON.stringify({ lifecycleStage: to }),
      reason: 'test history',
      at: new Date(at).toISOString(),
    })
    .execute();
}

export async function addWonDeal(
  store: Store,
  workspaceId: WorkspaceId,
  personId: string,
  closeDate: string,
): Promise<void> {
  const now = new Date().toISOString();
  await store.db
    .insertInto('deals')
    .values({
      id: newId('deal'),
      workspace_id: workspaceId,
      name: 'Won deal',
      person_id: personId,
      company_id: null,
      owner_id: null,
      amount_minor: 100_000,
      currency: 'EUR',
      stage: 'closed_won',
      status: 'won',
      close_date: closeDate,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
