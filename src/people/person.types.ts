import type { CompanyId, PersonId, UserId } from '../shared/ids.js';

export interface PersonView {
  readonly id: PersonId;
  readonly email: string | null;
  readonly userId: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly name: string;
  readonly title: string | null;
  readonly phone: string | null;
  readonly company: { readonly id: CompanyId; readonly name: string } | null;
  readonly lifecycleStage: string;
  readonly ownerId: UserId | null;
  readonly source: string | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Fields a caller may set; `null` clears an optional one. */
export interface PersonInput {
  readonly email?: string | null;
  readonly userId?: string | null;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly title?: string | null;
  readonly phone?: string | null;
  readonly companyId?: string | null;
  readonly lifecycleStage?: string;
  readonly ownerId?: string | null;
  readonly source?: string | null;
  readonly traits?: Record<string, unknown>;
  /** Why the stage or owner changed; kept in the audit log. */
  readonly reason?: string;
}

export const PERSON_SORTS = ['created_at', 'updated_at', 'email', 'last_name'] as const;
export type PersonSort = (typeof PERSON_SORTS)[number];

export interface PersonFilter {
  readonly stage?: string;
  readonly ownerId?: string;
  readonly companyId?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly q?: string;
  readonly sort?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export type TimelineItem =
  | {
      readonly kind: 'event';
      readonly at: string;
      readonly id: string;
      readonly type: string;
      readonly name: string | null;
      readonly properties: Record<string, unknown>;
    }
  | {
      readonly kind: 'activity';
      readonly at: string;
      readonly id: string;
      readonly activityKind: string;
      readonly subject: string;
      readonly userId: string | null;
    }
  | {
      readonly kind: 'change';
      readonly at: string;
      readonly id: string;
      readonly action: string;
      readonly actorType: string;
      readonly actorId: string | null;
      readonly before: unknown;
      readonly after: unknown;
      readonly reason: string | null;
    };
