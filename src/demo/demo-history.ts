import { ACTIVITY_SUBJECTS, CAMPAIGNS, EMAILS, FORMS, PAGES, WEBINARS } from './demo-catalog.js';
import type { Random } from './random.js';
import {
  CONTEXT,
  DAY,
  HOUR,
  iso,
  STAGES,
  type ActivityRow,
  type DealRow,
  type DemoContext,
  type EventRow,
  type PersonDraft,
  type PersonRow,
  type Stage,
} from './demo-shape.js';

/** What happened to a demo person: the events they caused, the reps' activities, the deals. */
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

export function sortedTimes(random: Random, count: number, from: number, to: number): number[] {
  return Array.from(
    { length: count },
    () => from + Math.floor(random.next() * Math.max(1, to - from)),
  ).sort((a, b) => a - b);
}

export function eventRows(
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

const ACTIVITY_WEIGHTS = [
  ['call', 35],
  ['email', 35],
  ['meeting', 15],
  ['note', 15],
] as const;

export function activityRows(
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

export function dealRows(
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
