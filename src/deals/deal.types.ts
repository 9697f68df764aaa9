import type { CompanyId, DealId, PersonId, UserId } from '../shared/ids.js';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export interface DealView {
  readonly id: DealId;
  readonly name: string;
  readonly personId: PersonId | null;
  readonly companyId: CompanyId | null;
  readonly ownerId: UserId | null;
  /** In minor units of `currency` (cents for EUR). */
  readonly amountMinor: number;
  /** ISO 4217, e.g. EUR. */
  readonly currency: string;
  readonly stage: string;
  readonly status: DealStatus;
  /** `YYYY-MM-DD`. */
  readonly closeDate: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Fields a caller may set; `null` clears an optional one. */
export interface DealInput {
  readonly name?: string;
  readonly personId?: string | null;
  readonly companyId?: string | null;
  readonly ownerId?: string | null;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly stage?: string;
  readonly status?: DealStatus;
  readonly closeDate?: string | null;
}

export const DEAL_SORTS = ['created_at', 'updated_at', 'name', 'amount', 'close_date'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export interface DealFilter {
  readonly status?: DealStatus;
  readonly stage?: string;
  readonly ownerId?: string;
  readonly personId?: string;
  readonly companyId?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly q?: string;
  readonly sort?: string;
  readonly limit?: number;
  readonly cursor?: string;
}
