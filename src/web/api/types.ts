/** The shapes the Baton API answers with, as the web app reads them. */

export const ROLES = ['admin', 'marketing', 'sales_manager', 'sales_rep', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
}

export interface Session {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly workspace: { readonly id: string; readonly name: string };
  readonly role: Role;
  readonly csrfToken: string;
  readonly workspaces: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly role: Role;
  }>;
}

export type FunnelZone = 'tofu' | 'mofu' | 'bofu' | 'closed';

export interface StageDefinition {
  readonly key: string;
  readonly label: string;
  readonly zone: FunnelZone;
  readonly owned: boolean;
}

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lifecycleStages: StageDefinition[];
}

export interface Person {
  readonly id: string;
  readonly email: string | null;
  readonly userId: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly name: string;
  readonly title: string | null;
  readonly phone: string | null;
  readonly company: { readonly id: string; readonly name: string } | null;
  readonly lifecycleStage: string;
  readonly ownerId: string | null;
  readonly source: string | null;
  readonly traits: Record<string, unknown>;
  readonly createdAt: string;
  readonly updatedAt: string;
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

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeRange {
  readonly start: string;
  readonly end: string;
}

export interface TeamCalendar {
  readonly timeZone: string;
  readonly weeklyHours: Record<Weekday, TimeRange[]>;
  readonly holidays: string[];
}

export const AVAILABILITIES = ['available', 'away', 'out_of_office'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface TeamMember {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly capacity: number;
  readonly availability: Availability;
  readonly awayUntil: string | null;
}

export type TeamKind = 'marketing' | 'sales';

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly kind: TeamKind;
  readonly managerId: string | null;
  readonly calendar: TeamCalendar;
  readonly members: TeamMember[];
}

export interface Company {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly industry: string | null;
  readonly employees: number | null;
  readonly annualRevenue: number | null;
  readonly region: string | null;
  readonly country: string | null;
  readonly ownerId: string | null;
}

export const API_KEY_SCOPES = ['ingest', 'read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly scope: ApiKeyScope;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  readonly token: string;
}
