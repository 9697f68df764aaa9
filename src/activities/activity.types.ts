import type { ActivityId, PersonId, UserId } from '../shared/ids.js';

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'note'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityView {
  readonly id: ActivityId;
  readonly personId: PersonId;
  /** Who logged it; null when an API key did. */
  readonly userId: UserId | null;
  readonly kind: ActivityKind;
  readonly subject: string;
  readonly body: string | null;
  readonly occurredAt: string;
  readonly createdAt: string;
}

export interface ActivityInput {
  readonly personId: string;
  readonly kind: ActivityKind;
  readonly subject: string;
  readonly body?: string | null;
  /** When it happened; now when left out. */
  readonly occurredAt?: string;
}

export interface ActivityFilter {
  readonly personId?: string;
  readonly userId?: string;
  readonly kind?: ActivityKind;
  readonly limit?: number;
  readonly cursor?: string;
}
