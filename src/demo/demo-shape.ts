import { DEFAULT_STAGE_DEFINITIONS, type DefaultStage } from '../lifecycle/stages.js';
import type { Database } from '../store/schema.js';
import { TITLES, type DemoUserKey, type Region } from './demo-catalog.js';

/**
 * What the demo generator's parts share: the row types, the context that brings ids and the
 * clock in, and the shape of each lifecycle stage (how old, how active such a person is).
 */
export type TeamRow = Database['teams'];
export type TeamMemberRow = Database['team_members'];
export type CompanyRow = Database['companies'];
export type PersonRow = Omit<Database['people'], 'revision'>;
export type IdentityRow = Database['identities'];
export type EventRow = Database['events'];
export type ActivityRow = Database['activities'];
export type DealRow = Database['deals'];

export type DemoIdKind = 'team' | 'company' | 'person' | 'event' | 'activity' | 'deal';

export interface DemoContext {
  readonly seed: number;
  readonly people: number;
  /** Epoch milliseconds that "now" means for the history. */
  readonly now: number;
  readonly workspaceId: string;
  readonly userIds: Readonly<Record<DemoUserKey, string>>;
  /** A new id of `kind` for a row created at `at` (epoch ms). */
  readonly newId: (kind: DemoIdKind, at: number) => string;
}

export interface PersonBundle {
  readonly person: PersonRow;
  readonly identities: readonly IdentityRow[];
  readonly events: readonly EventRow[];
  readonly activities: readonly ActivityRow[];
  readonly deals: readonly DealRow[];
}

export interface DemoData {
  readonly teams: readonly TeamRow[];
  readonly teamMembers: readonly TeamMemberRow[];
  readonly companies: readonly CompanyRow[];
  readonly people: Iterable<PersonBundle>;
}

export const DAY = 24 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Lower-case letters and digits only: for e-mail local parts and domains. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export function repsOf(region: Region): DemoUserKey[] {
  return region === 'EMEA' ? ['emea1', 'emea2', 'emea3'] : ['americas1', 'americas2', 'americas3'];
}

export type Stage = DefaultStage;

export interface StageShape {
  readonly weight: number;
  /** How many days ago such a person was created. */
  readonly age: readonly [number, number];
  readonly events: readonly [number, number];
  readonly activities: readonly [number, number];
}

export const STAGES: Readonly<Record<Stage, StageShape>> = {
  subscriber: { weight: 12, age: [1, 180], events: [1, 3], activities: [0, 0] },
  lead: { weight: 38, age: [1, 180], events: [2, 6], activities: [0, 0] },
  mql: { weight: 9, age: [1, 60], events: [4, 10], activities: [0, 1] },
  sal: { weight: 6, age: [5, 90], events: [5, 12], activities: [1, 3] },
  sql: { weight: 5, age: [10, 120], events: [6, 12], activities: [2, 4] },
  opportunity: { weight: 5, age: [20, 150], events: [6, 14], activities: [3, 6] },
  customer: { weight: 10, age: [60, 180], events: [6, 16], activities: [3, 7] },
  recycled: { weight: 9, age: [30, 180], events: [2, 8], activities: [1, 3] },
  disqualified: { weight: 6, age: [10, 180], events: [1, 5], activities: [0, 2] },
};

export const STAGE_WEIGHTS = (Object.keys(STAGES) as Stage[]).map(
  (key) => [key, STAGES[key].weight] as const,
);
export const OWNED = new Set(DEFAULT_STAGE_DEFINITIONS.filter((s) => s.owned).map((s) => s.key));
export const CONTEXT = JSON.stringify({
  library: { name: 'analytics.js', version: '4.1.0' },
  locale: 'en-US',
});
export const TITLE_WEIGHTS = TITLES.map((t) => [t, t[3]] as const);

export interface PersonDraft {
  readonly index: number;
  readonly stage: Stage;
  readonly created: number;
  readonly company: CompanyInfo | undefined;
  readonly region: Region;
  readonly owner: string | null;
  readonly rep: string;
  readonly anonymousId: string;
  readonly appUserId: string | null;
}

/** What a person needs to know of their company. */
export interface CompanyInfo {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly region: Region;
  readonly employees: number;
}
