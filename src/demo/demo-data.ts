import { DEFAULT_STAGE_DEFINITIONS, type DefaultStage } from '../lifecycle/stages.js';
import { personSearchText } from '../people/search-text.js';
import type { Database } from '../store/schema.js';
import type { TeamCalendar, WeeklyHours, WorkingInterval } from '../teams/calendar.js';
import {
  ACTIVITY_SUBJECTS,
  CAMPAIGNS,
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COUNTRIES,
  EMAILS,
  FIRST_NAMES,
  FORMS,
  FREE_MAIL_DOMAINS,
  INDUSTRY_WEIGHTS,
  LAST_NAMES,
  LEAD_SOURCES,
  PAGES,
  REGION_WEIGHTS,
  SIZE_BANDS,
  TITLES,
  WEBINARS,
  type DemoUserKey,
  type Region,
} from './demo-catalog.js';
import { berlinHolidays, usFederalHolidays } from './holidays.js';
import { createRandom, type Random } from './random.js';

/**
 * The demo workspace as plain rows, generated from a seed. Pure: the ids and the clock come
 * in through `DemoContext`, so the same seed, ids and `now` give the same rows. People come
 * out one at a time with their events, activities and deals, so that 100,000 of them never
 * sit in memory at once.
 */
export type TeamRow = Database['teams'];
export type TeamMemberRow = Database['team_members'];
export type CompanyRow = Database['companies'];
export type PersonRow = Database['people'];
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

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------
// Teams

function weekdays(intervals: WorkingInterval[], friday = intervals): WeeklyHours {
  const day = (list: WorkingInterval[]) => list.map((interval) => ({ ...interval }));

  return {
    sun: [],
    mon: day(intervals),
    tue: day(intervals),
    wed: day(intervals),
    thu: day(intervals),
    fri: day(friday),
    sat: [],
  };
}

function holidaysAround(now: number, of: (year: number) => string[]): string[] {
  const year = new Date(now).getUTCFullYear();

  return [year - 1, year, year + 1].flatMap(of);
}

interface TeamPlan {
  readonly name: string;
  readonly kind: 'marketing' | 'sales';
  readonly manager: DemoUserKey;
  readonly calendar: TeamCalendar;
  readonly members: readonly (readonly [DemoUserKey, number])[];
}

function teamPlans(now: number): TeamPlan[] {
  const berlin = holidaysAround(now, berlinHolidays);

  return [
    {
      name: 'Marketing',
      kind: 'marketing',
      manager: 'marketing',
      calendar: {
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([{ start: '09:00', end: '17:00' }]),
        holidays: berlin,
      },
      members: [
        ['marketing', 0],
        ['admin', 0],
      ],
    },
    {
      name: 'Sales EMEA',
      kind: 'sales',
      manager: 'salesManager',
      calendar: {
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([
          { start: '08:30', end: '12:30' },
          { start: '13:30', end: '17:30' },
        ]),
        holidays: berlin,
      },
      members: [
        ['emea1', 40],
        ['emea2', 35],
        ['emea3', 30],
        ['salesManager', 10],
      ],
    },
    {
      name: 'Sales Americas',
      kind: 'sales',
      manager: 'salesManager',
      calendar: {
        timeZone: 'America/New_York',
        weeklyHours: weekdays(
          [{ start: '09:00', end: '17:30' }],
          [{ start: '09:00', end: '15:00' }],
        ),
        holidays: holidaysAround(now, usFederalHolidays),
      },
      members: [
        ['americas1', 40],
        ['americas2', 40],
        ['americas3', 25],
      ],
    },
  ];
}

function teamRows(ctx: DemoContext): { teams: TeamRow[]; teamMembers: TeamMemberRow[] } {
  const created = ctx.now - 200 * DAY;
  const teams: TeamRow[] = [];
  const teamMembers: TeamMemberRow[] = [];

  for (const plan of teamPlans(ctx.now)) {
    const id = ctx.newId('team', created);
    teams.push({
      id,
      workspace_id: ctx.workspaceId,
      name: plan.name,
      kind: plan.kind,
      manager_id: ctx.userIds[plan.manager],
      calendar: JSON.stringify(plan.calendar),
      created_at: iso(created),
      updated_at: iso(created),
    });
    for (const [key, capacity] of plan.members) {
      // One EMEA rep is on holiday this week, so routing has someone to skip.
      const away = key === 'emea3';
      teamMembers.push({
        team_id: id,
        workspace_id: ctx.workspaceId,
        user_id: ctx.userIds[key],
        capacity,
        availability: away ? 'away' : 'available',
        away_until: away ? iso(ctx.now + 5 * DAY) : null,
        created_at: iso(created),
      });
    }
  }

  return { teams, teamMembers };
}

// ---------------------------------------------------------------------------------------
// Companies

interface CompanyInfo {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly region: Region;
  readonly employees: number;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function companyName(
  random: Random,
  industry: keyof typeof COMPANY_SUFFIXES,
  taken: Set<string>,
): string {
  const base = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES[industry])}`;
  const variants = [base, `${base} Group`, `${base} International`, `${base} Holdings`];
  const free = variants.find((name) => !taken.has(name));
  const name = free ?? `${base} ${taken.size}`;
  taken.add(name);

  return name;
}

function companyRows(
  ctx: DemoContext,
  random: Random,
): { rows: CompanyRow[]; infos: CompanyInfo[] } {
  const count = Math.min(4000, Math.max(20, Math.round(ctx.people / 25)));
  const names = new Set<string>();
  const rows: CompanyRow[] = [];
  const infos: CompanyInfo[] = [];

  for (let i = 0; i < count; i++) {
    const industry = random.weighted(INDUSTRY_WEIGHTS);
    const region = random.weighted(REGION_WEIGHTS);
    const [country, tld] = random.pick(COUNTRIES[region]);
    const band = random.weighted(SIZE_BANDS.map((b) => [b, b[1]] as const));
    const employees = random.int(band[2], band[3]);
    const name = companyName(random, industry, names);
    const domain = `${slug(name)}.${tld}`;
    const created = ctx.now - random.int(200, 400) * DAY;
    const id = ctx.newId('company', created);
    const reps = repsOf(region);
    const owner = random.chance(0.3) ? ctx.userIds[random.pick(reps)] : null;

    rows.push({
      id,
      workspace_id: ctx.workspaceId,
      name,
      domain,
      industry,
      employees,
      annual_revenue: Math.round((employees * random.int(60, 260)) / 10) * 10_000,
      region,
      country,
      owner_id: owner,
      traits: JSON.stringify({ sizeBand: band[0], founded: random.int(1950, 2022) }),
      created_at: iso(created),
      updated_at: iso(created),
    });
    infos.push({ id, name, domain, region, employees });
  }

  return { rows, infos };
}

function repsOf(region: Region): DemoUserKey[] {
  return region === 'EMEA' ? ['emea1', 'emea2', 'emea3'] : ['americas1', 'americas2', 'americas3'];
}

// ---------------------------------------------------------------------------------------
// People

type Stage = DefaultStage;

interface StageShape {
  readonly weight: number;
  /** How many days ago such a person was created. */
  readonly age: readonly [number, number];
  readonly events: readonly [number, number];
  readonly activities: readonly [number, number];
}

const STAGES: Readonly<Record<Stage, StageShape>> = {
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

const STAGE_WEIGHTS = (Object.keys(STAGES) as Stage[]).map(
  (key) => [key, STAGES[key].weight] as const,
);
const OWNED = new Set(DEFAULT_STAGE_DEFINITIONS.filter((s) => s.owned).map((s) => s.key));
const CONTEXT = JSON.stringify({
  library: { name: 'analytics.js', version: '4.1.0' },
  locale: 'en-US',
});
const TITLE_WEIGHTS = TITLES.map((t) => [t, t[3]] as const);

interface PersonDraft {
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

function uniqueEmail(local: string, domain: string, taken: Set<string>): string {
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);

  return email;
}

function phoneOf(random: Random, region: Region): string | null {
  if (!random.chance(0.6)) return null;

  const digits = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('');
  switch (region) {
    case 'EMEA':
      return `+49 30 ${digits(8)}`;
    case 'Americas':
      return `+1 212 555 ${digits(4)}`;
    case 'APAC':
      return `+61 2 ${digits(8)}`;
    default: {
      const never: never = region;
      throw new Error(`Unknown region ${String(never)}`);
    }
  }
}

function personRow(
  ctx: DemoContext,
  random: Random,
  draft: PersonDraft,
  emails: Set<string>,
): PersonRow {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const [title, department, seniority] = random.weighted(TITLE_WEIGHTS);
  const domain = draft.company?.domain ?? random.pick(FREE_MAIL_DOMAINS);
  const email = uniqueEmail(`${slug(first)}.${slug(last)}`, domain, emails);
  const source = random.weighted(LEAD_SOURCES);
  const [country] = draft.company ? [undefined] : random.pick(COUNTRIES[draft.region]);
  const traits = {
    department,
    seniority,
    newsletter: random.chance(0.55),
    ...(country ? { country } : {}),
    ...(source === 'paid_search' || source === 'linkedin'
      ? { utmCampaign: random.pick(CAMPAIGNS) }
      : {}),
  };

  return {
    id: ctx.newId('person', draft.created),
    workspace_id: ctx.workspaceId,
    email,
    user_id: draft.appUserId,
    first_name: first,
    last_name: last,
    title,
    phone: phoneOf(random, draft.region),
    company_id: draft.company?.id ?? null,
    lifecycle_stage: draft.stage,
    owner_id: draft.owner,
    source,
    traits: JSON.stringify(traits),
    search_text: personSearchText({ email, firstName: first, lastName: last, title }),
    created_at: iso(draft.created),
    updated_at: iso(draft.created),
  };
}

function identityRows(ctx: DemoContext, person: PersonRow, draft: PersonDraft): IdentityRow[] {
  const keys: [string, string | null][] = [
    ['email', person.email],
    ['anonymous_id', draft.anonymousId],
    ['user_id', draft.appUserId],
  ];

  return keys
    .filter((key): key is [string, string] => key[1] !== null)
    .map(([kind, value]) => ({
      workspace_id: ctx.workspaceId,
      kind,
      value,
      person_id: person.id,
      created_at: person.created_at,
    }));
}

// ---------------------------------------------------------------------------------------
// Events

type EventKind = 'page' | 'pricing' | 'form' | 'email' | 'webinar' | 'demo';

/** The events a person of `stage` has surely done, before the random ones. */
function requiredEvents(stage: Stage): EventKind[] {
  switch (stage) {
    case 'subscriber':
      return ['page'];
    case 'lead':
    case 'disqualified':
      return ['page', 'form'];
    case 'mql':
    case 'recycled':
      return ['page', 'form', 'pricing'];
    case 'sal':
      return ['page', 'form', 'pricing', 'webinar'];
    case 'sql':
    case 'opportunity':
    case 'customer':
      return ['page', 'form', 'pricing', 'demo'];
    default: {
      const never: never = stage;
      throw new Error(`Unknown stage ${String(never)}`);
    }
  }
}

const EXTRA_EVENTS: readonly (readonly [EventKind, number])[] = [
  ['page', 55],
  ['pricing', 10],
  ['email', 22],
  ['form', 6],
  ['webinar', 7],
];

function eventBody(
  random: Random,
  kind: EventKind,
): { type: string; name: string; properties: object } {
  switch (kind) {
    case 'page':
    case 'pricing': {
      const [path, title] =
        kind === 'pricing' ? PAGES[1]! : random.weighted(PAGES.map((p) => [p, p[2]] as const));
      const referrer = random.pick([
        'https://www.google.com/',
        'https://www.linkedin.com/',
        '',
        'https://news.ycombinator.com/',
      ]);

      return {
        type: 'page',
        name: title,
        properties: { path, url: `https://baton.dev${path}`, title, referrer },
      };
    }
    case 'form':
      return { type: 'track', name: 'Form Submitted', properties: { form: random.pick(FORMS) } };
    case 'email':
      return {
        type: 'track',
        name: 'Email Clicked',
        properties: { email: random.pick(EMAILS), campaign: random.pick(CAMPAIGNS) },
      };
    case 'webinar':
      return {
        type: 'track',
        name: 'Webinar Attended',
        properties: { webinar: random.pick(WEBINARS), minutes: random.int(10, 60) },
      };
    case 'demo':
      return {
        type: 'track',
        name: 'Demo Requested',
        properties: { plan: random.pick(['Starter', 'Growth', 'Enterprise']) },
      };
    default: {
      const never: never = kind;
      throw new Error(`Unknown event ${String(never)}`);
    }
  }
}

function sortedTimes(random: Random, count: number, from: number, to: number): number[] {
  return Array.from(
    { length: count },
    () => from + Math.floor(random.next() * Math.max(1, to - from)),
  ).sort((a, b) => a - b);
}

function eventRows(
  ctx: DemoContext,
  random: Random,
  person: PersonRow,
  draft: PersonDraft,
): EventRow[] {
  const shape = STAGES[draft.stage];
  const kinds = requiredEvents(draft.stage);
  const total = Math.max(kinds.length, random.int(shape.events[0], shape.events[1]));
  while (kinds.length < total) kinds.push(random.weighted(EXTRA_EVENTS));

  // The first page view happens anonymously a little before the person is known.
  const times = sortedTimes(random, kinds.length, draft.created - 7 * DAY, ctx.now - HOUR);

  return kinds.map((kind, j) => {
    const body = eventBody(random, kind);
    const at = times[j]!;

    return {
      id: ctx.newId('event', at),
      workspace_id: ctx.workspaceId,
      message_id: `demo-${ctx.seed}-${draft.index}-${j}`,
      type: body.type,
      name: body.name,
      person_id: person.id,
      anonymous_id: draft.anonymousId,
      user_id: draft.appUserId,
      properties: JSON.stringify(body.properties),
      context: CONTEXT,
      occurred_at: iso(at),
      received_at: iso(at + random.int(20, 900)),
    };
  });
}

// ---------------------------------------------------------------------------------------
// Activities and deals

const ACTIVITY_WEIGHTS = [
  ['call', 35],
  ['email', 35],
  ['meeting', 15],
  ['note', 15],
] as const;

function activityRows(
  ctx: DemoContext,
  random: Random,
  person: PersonRow,
  draft: PersonDraft,
): ActivityRow[] {
  const shape = STAGES[draft.stage];
  const count = random.int(shape.activities[0], shape.activities[1]);
  const times = sortedTimes(random, count, draft.created + DAY, ctx.now - HOUR);

  return times.map((at) => {
    const kind = random.weighted(ACTIVITY_WEIGHTS);

    return {
      id: ctx.newId('activity', at),
      workspace_id: ctx.workspaceId,
      person_id: person.id,
      user_id: draft.owner ?? draft.rep,
      kind,
      subject: random.pick(ACTIVITY_SUBJECTS[kind]),
      body: kind === 'note' ? 'Logged after the conversation; see the deal for next steps.' : null,
      occurred_at: iso(at),
      created_at: iso(at),
    };
  });
}

type DealOutcome = { stage: string; status: 'open' | 'won' | 'lost'; close: number };

function dealOutcome(
  ctx: DemoContext,
  random: Random,
  draft: PersonDraft,
): DealOutcome | undefined {
  const soon = ctx.now + random.int(7, 90) * DAY;
  const past = Math.min(ctx.now - DAY, draft.created + random.int(30, 90) * DAY);

  switch (draft.stage) {
    case 'opportunity':
      return {
        stage: random.pick(['discovery', 'proposal', 'negotiation']),
        status: 'open',
        close: soon,
      };
    case 'sql':
      return random.chance(0.3)
        ? { stage: 'qualification', status: 'open', close: soon }
        : undefined;
    case 'customer':
      return { stage: 'closed_won', status: 'won', close: past };
    case 'recycled':
      return random.chance(0.25)
        ? { stage: 'closed_lost', status: 'lost', close: past }
        : undefined;
    default:
      return undefined;
  }
}

function dealRows(
  ctx: DemoContext,
  random: Random,
  person: PersonRow,
  draft: PersonDraft,
): DealRow[] {
  const outcome = dealOutcome(ctx, random, draft);
  if (!outcome) return [];

  const employees = draft.company?.employees ?? 20;
  const plan = employees > 1000 ? 'Enterprise' : employees > 100 ? 'Growth' : 'Starter';
  const base = plan === 'Enterprise' ? 120_000 : plan === 'Growth' ? 36_000 : 9_000;
  const amount = Math.round((base * (0.6 + random.next() * 0.9)) / 100) * 100;
  const created = Math.min(ctx.now - HOUR, draft.created + random.int(5, 25) * DAY);

  return [
    {
      id: ctx.newId('deal', created),
      workspace_id: ctx.workspaceId,
      name: `${draft.company?.name ?? `${person.first_name} ${person.last_name}`} – ${plan}`,
      person_id: person.id,
      company_id: draft.company?.id ?? null,
      owner_id: draft.owner ?? draft.rep,
      amount_minor: amount * 100,
      currency: draft.region === 'EMEA' ? 'EUR' : 'USD',
      stage: outcome.stage,
      status: outcome.status,
      close_date: iso(outcome.close).slice(0, 10),
      created_at: iso(created),
      updated_at: iso(
        outcome.status === 'open'
          ? created
          : Math.max(created, Math.min(outcome.close, ctx.now - HOUR)),
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------
// The whole workspace

function draftPerson(
  ctx: DemoContext,
  random: Random,
  index: number,
  companies: readonly CompanyInfo[],
): PersonDraft {
  const stage = random.weighted(STAGE_WEIGHTS);
  const shape = STAGES[stage];
  const company = random.chance(0.88) ? random.pick(companies) : undefined;
  const region = company?.region ?? random.weighted(REGION_WEIGHTS);
  const rep = ctx.userIds[random.pick(repsOf(region))];
  const owned = OWNED.has(stage) || stage === 'customer';
  const created = ctx.now - random.int(shape.age[0], shape.age[1]) * DAY - random.int(0, DAY - 1);

  return {
    index,
    stage,
    created,
    company,
    region,
    owner: owned ? rep : null,
    rep,
    anonymousId: `anon-${ctx.seed}-${index.toString(36)}-${Math.floor(random.next() * 1e9).toString(36)}`,
    appUserId: stage === 'customer' ? `app-user-${index}` : null,
  };
}

function* peopleOf(
  ctx: DemoContext,
  random: Random,
  companies: readonly CompanyInfo[],
): Generator<PersonBundle> {
  const emails = new Set<string>();

  for (let index = 0; index < ctx.people; index++) {
    const draft = draftPerson(ctx, random, index, companies);
    const row = personRow(ctx, random, draft, emails);
    const events = eventRows(ctx, random, row, draft);
    const activities = activityRows(ctx, random, row, draft);
    const lastEvent = events[events.length - 1]?.occurred_at ?? row.created_at;
    const person = { ...row, updated_at: lastEvent > row.created_at ? lastEvent : row.created_at };

    yield {
      person,
      identities: identityRows(ctx, person, draft),
      events,
      activities,
      deals: dealRows(ctx, random, person, draft),
    };
  }
}

/** Generates the demo workspace's content; see the file comment. */
export function generateDemo(ctx: DemoContext): DemoData {
  const random = createRandom(ctx.seed);
  const companyRandom = random.fork('companies');
  const peopleRandom = random.fork('people');

  const { teams, teamMembers } = teamRows(ctx);
  const companies = companyRows(ctx, companyRandom);

  return {
    teams,
    teamMembers,
    companies: companies.rows,
    people: { [Symbol.iterator]: () => peopleOf(ctx, peopleRandom, companies.infos) },
  };
}
