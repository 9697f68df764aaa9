import type { Kysely, Transaction } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import type { Scope } from '../shared/actor.js';
import { invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type DealId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { isIsoDate } from '../teams/calendar.js';
import { validateName } from '../users/user.validation.js';
import { assertCompany, assertMember, assertPerson } from '../workspaces/references.js';
import { findDeal, findDealRow } from './deals.repository.js';
import type { DealInput, DealStatus, DealView } from './deal.types.js';

type Row = Database['deals'];

function checkAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw invalid(
      'invalid_amount',
      'amountMinor must be a whole number of minor units, 0 or more.',
      'amountMinor',
    );
  }

  return amount;
}

function checkCurrency(currency: string): string {
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw invalid(
      'invalid_currency',
      'currency must be an ISO 4217 code of three upper-case letters, such as EUR.',
      'currency',
    );
  }

  return currency;
}

function checkCloseDate(date: string | null): string | null {
  if (date !== null && !isIsoDate(date)) {
    throw invalid('invalid_date', 'closeDate must be a date YYYY-MM-DD.', 'closeDate');
  }

  return date;
}

/** Applies `input` over `base`; fields left out keep their value, `null` clears them. */
function merge(base: Row, input: DealInput): Row {
  const pick = <T>(value: T | undefined, fallback: T): T =>
    value === undefined ? fallback : value;

  return {
    ...base,
    name: input.name === undefined ? base.name : validateName(input.name, 'name'),
    person_id: pick(input.personId, base.person_id),
    company_id: pick(input.companyId, base.company_id),
    owner_id: pick(input.ownerId, base.owner_id),
    amount_minor:
      input.amountMinor === undefined ? base.amount_minor : checkAmount(input.amountMinor),
    currency: input.currency === undefined ? base.currency : checkCurrency(input.currency),
    stage: input.stage === undefined ? base.stage : validateName(input.stage, 'stage', 100),
    status: input.status ?? base.status,
    close_date: input.closeDate === undefined ? base.close_date : checkCloseDate(input.closeDate),
  };
}

async function checkReferences(
  trx: Transaction<Database>,
  scope: Scope,
  input: DealInput,
): Promise<void> {
  if (typeof input.personId === 'string')
    await assertPerson(trx, scope.workspaceId, input.personId, 'personId');
  if (typeof input.companyId === 'string')
    await assertCompany(trx, scope.workspaceId, input.companyId, 'companyId');
  if (typeof input.ownerId === 'string')
    await assertMember(trx, scope.workspaceId, input.ownerId, 'ownerId');
}

function auditable(row: Row): Record<string, unknown> {
  const { workspace_id: _ws, ...rest } = row;

  return { ...rest, amount_minor: Number(row.amount_minor) };
}

/** Winning and losing get their own action names, so the history reads as a story. */
function actionOf(before: Row, after: Row): string {
  if (before.status !== after.status) {
    const status = after.status as DealStatus;
    switch (status) {
      case 'won':
        return 'deal.won';
      case 'lost':
        return 'deal.lost';
      case 'open':
        return 'deal.reopened';
      default: {
        const never: never = status;
        throw new Error(`Unknown status ${String(never)}`);
      }
    }
  }

  return before.stage !== after.stage ? 'deal.stage_changed' : 'deal.updated';
}

const REQUIRED = ['name', 'amountMinor', 'currency', 'stage', 'status'] as const;

export async function createDeal(
  db: Kysely<Database>,
  scope: Scope,
  input: DealInput,
): Promise<DealView> {
  for (const field of REQUIRED) {
    if (input[field] === undefined) throw invalid('required', `${field} is required.`, field);
  }

  const id = await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const blank: Row = {
      id: newId('deal'),
      workspace_id: scope.workspaceId,
      name: '',
      person_id: null,
      company_id: null,
      owner_id: null,
      amount_minor: 0,
      currency: 'EUR',
      stage: '',
      status: 'open',
      close_date: null,
      created_at: now,
      updated_at: now,
    };
    const row = merge(blank, input);

    await checkReferences(trx, scope, input);
    await trx.insertInto('deals').values(row).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'deal.created',
      subjectType: 'deal',
      subjectId: row.id,
      after: auditable(row),
    });

    return row.id as DealId;
  });

  return (await findDeal(db, scope.workspaceId, id))!;
}

export async function updateDeal(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  input: DealInput,
): Promise<DealView> {
  await db.transaction().execute(async (trx) => {
    const before = await findDealRow(trx, scope.workspaceId, id);
    if (!before) throw notFound('deal', 'id');

    const after: Row = { ...merge(before, input), updated_at: nowIso() };
    await checkReferences(trx, scope, input);

    await trx.updateTable('deals').set(after).where('id', '=', id).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: actionOf(before, after),
      subjectType: 'deal',
      subjectId: id,
      before: auditable(before),
      after: auditable(after),
    });
  });

  return (await findDeal(db, scope.workspaceId, id))!;
}
