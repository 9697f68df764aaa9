import type { TeamId, UserId } from '../shared/ids.js';
import type { CalendarInput, TeamCalendar } from './calendar.js';

export const TEAM_KINDS = ['marketing', 'sales'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const AVAILABILITIES = ['available', 'away', 'out_of_office'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** How many open leads a member takes unless told otherwise. */
export const DEFAULT_CAPACITY = 25;
export const MAX_CAPACITY = 1000;

export interface TeamMemberView {
  readonly userId: UserId;
  readonly name: string;
  readonly email: string;
  /** The most open leads this member should hold at once. */
  readonly capacity: number;
  readonly availability: Availability;
  readonly awayUntil: string | null;
}

export interface TeamView {
  readonly id: TeamId;
  readonly name: string;
  readonly kind: TeamKind;
  readonly managerId: UserId | null;
  readonly calendar: TeamCalendar;
  readonly members: TeamMemberView[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TeamInput {
  readonly name?: string;
  readonly kind?: TeamKind;
  /** `null` removes the manager. */
  readonly managerId?: string | null;
  /** Replaces the whole calendar; parts left out take their defaults. */
  readonly calendar?: CalendarInput;
}

/** A member's settings; on an existing member, fields left out keep their value. */
export interface MemberInput {
  readonly capacity?: number;
  readonly availability?: Availability;
  readonly awayUntil?: string | null;
}

export const TEAM_SORTS = ['name', 'created_at'] as const;
export type TeamSort = (typeof TEAM_SORTS)[number];

export interface TeamFilter {
  readonly kind?: TeamKind;
  readonly q?: string;
  readonly sort?: string;
  readonly limit?: number;
  readonly cursor?: string;
}
