import type { CompanyId, UserId } from '../shared/ids.js';

export interface CompanyView {
  readonly id: CompanyId;
  readonly name: string;
  /** Lower-cased host name, unique in a workspace. */
  readonly domain: string | null;
  readonly industry: string | null;
  readonly employees: number | null;
  readonly annualRevenue: number | null;
  readonly region: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string | null;
  readonly ownerId: UserId | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Fields a caller may set; `null` clears an optional one. */
export interface CompanyInput {
  readonly name?: string;
  readonly domain?: string | null;
  readonly industry?: string | null;
  readonly employees?: number | null;
  readonly annualRevenue?: number | null;
  readonly region?: string | null;
  readonly country?: string | null;
  readonly ownerId?: string | null;
  readonly traits?: Record<string, unknown>;
}

export const COMPANY_SORTS = ['name', 'created_at', 'updated_at'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

export interface CompanyFilter {
  readonly industry?: string;
  readonly region?: string;
  readonly ownerId?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly q?: string;
  readonly sort?: string;
  readonly limit?: number;
  readonly cursor?: string;
}
