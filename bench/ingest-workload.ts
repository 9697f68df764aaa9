/**
 * The ingest benchmark's traffic: Segment messages as a website and a product send them, for a
 * pool of a few thousand people. Deterministic for a (run, sequence) pair; every message id is
 * unique within a run. Pure, shared by the load generator, the bare server and the raw insert.
 */

/** A message as a Segment client sends it (the fields this benchmark uses). */
export type BenchMessage = Record<string, unknown> & { messageId: string; type: string };

const PAGES = ['/', '/pricing', '/features', '/blog/lead-scoring', '/docs/start', '/customers'];
const TITLES = [
  'VP Marketing',
  'Director of Sales',
  'Chief Revenue Officer',
  'Engineer',
  'Analyst',
];
const INDUSTRIES = ['Software', 'Finance', 'Retail', 'Healthcare', 'Technology'];

/** A small fast PRNG (mulberry32), so that two processes draw the same traffic. */
export function random(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function identify(n: number, rand: () => number): Record<string, unknown> {
  const company = n % 400;

  return {
    type: 'identify',
    traits: {
      email: `person${n}@company${company}.example`,
      firstName: `First${n}`,
      lastName: `Last${n}`,
      title: pick(rand, TITLES),
      phone: rand() < 0.4 ? `+1555${String(n).padStart(7, '0')}` : undefined,
      company: {
        name: `Company ${company}`,
        industry: INDUSTRIES[company % INDUSTRIES.length],
        employee_count: 20 + ((company * 37) % 3000),
      },
      plan: rand() < 0.3 ? 'trial' : 'free',
    },
  };
}

function page(rand: () => number): Record<string, unknown> {
  const path = rand() < 0.15 ? '/pricing' : pick(rand, PAGES);

  return {
    type: 'page',
    name: path === '/pricing' ? 'Pricing' : 'Page',
    properties: {
      path,
      url: `https://www.example.com${path}`,
      title: `Example — ${path}`,
      referrer: 'https://www.google.com/',
    },
  };
}

function track(rand: () => number): Record<string, unknown> {
  const draw = rand();
  if (draw < 0.25)
    return { type: 'track', event: 'Demo Requested', properties: { source: 'pricing-page' } };
  if (draw < 0.75)
    return {
      type: 'track',
      event: 'Form Submitted',
      properties: { form: pick(rand, ['newsletter', 'ebook', 'contact']), page: '/contact' },
    };

  return { type: 'track', event: 'Email Clicked', properties: { campaign: 'nurture-3' } };
}

/**
 * One message for person `n`: 10 % identify (e-mail, name, title, company), 65 % page views
 * (15 % of them /pricing), 25 % track (Demo Requested, Form Submitted, Email Clicked). Known
 * people send a userId; a third of the rest is anonymous only, joined at their identify.
 */
export function message(
  run: string,
  sequence: number,
  people: number,
  sentAt: number,
): BenchMessage {
  const rand = random(sequence * 2654435761 + run.length);
  const n = Math.floor(rand() * people);
  const draw = rand();
  const body = draw < 0.1 ? identify(n, rand) : draw < 0.75 ? page(rand) : track(rand);
  const anonymousOnly = body.type !== 'identify' && rand() < 0.3;

  return {
    ...body,
    messageId: `${run}-${sequence}`,
    anonymousId: `anon-${n}`,
    ...(anonymousOnly ? {} : { userId: `user-${n}` }),
    timestamp: new Date(sentAt - Math.floor(rand() * 5000)).toISOString(),
    context: {
      library: { name: 'analytics.js', version: '4.1.0' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36',
      ip: '203.0.113.7',
      locale: 'en-US',
      ...(body.type === 'page' ? { page: body.properties } : {}),
    },
  } as unknown as BenchMessage;
}

/** Messages `first` to `first + count - 1` of a run, as one `/v1/batch` body. */
export function batchBody(run: string, first: number, count: number, people: number): string {
  const sentAt = Date.now();
  const batch: BenchMessage[] = [];
  for (let i = 0; i < count; i++) batch.push(message(run, first + i, people, sentAt));

  return JSON.stringify({ batch, sentAt: new Date(sentAt).toISOString() });
}

/** One event row as the bare server and the raw insert store it (the columns of `events`). */
export interface BareRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly message_id: string;
  readonly type: string;
  readonly name: string | null;
  readonly anonymous_id: string | null;
  readonly user_id: string | null;
  readonly properties: string;
  readonly context: string;
  readonly occurred_at: string;
  readonly received_at: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The row of a message, or undefined when it is not an object with a messageId and type. */
export function rowOf(
  workspaceId: string,
  value: unknown,
  id: string,
  receivedAt: string,
): BareRow | undefined {
  if (typeof value !== 'object' || value === null) return undefined;

  const m = value as Record<string, unknown>;
  if (typeof m.messageId !== 'string' || typeof m.type !== 'string') return undefined;

  return {
    id,
    workspace_id: workspaceId,
    message_id: m.messageId,
    type: m.type,
    name: text(m.event) ?? text(m.name),
    anonymous_id: text(m.anonymousId),
    user_id: text(m.userId),
    properties: JSON.stringify(m.properties ?? m.traits ?? {}),
    context: JSON.stringify(m.context ?? {}),
    occurred_at: text(m.timestamp) ?? receivedAt,
    received_at: receivedAt,
  };
}

/** A single `/v1/track` body for the freshness run: a known person's track event. */
export function trackBody(run: string, sequence: number, people: number): string {
  const rand = random(sequence * 2654435761 + run.length + 1);
  const n = Math.floor(rand() * people);
  const sentAt = Date.now();

  return JSON.stringify({
    ...track(rand),
    messageId: `${run}-${sequence}`,
    userId: `user-${n}`,
    anonymousId: `anon-${n}`,
    timestamp: new Date(sentAt).toISOString(),
    sentAt: new Date(sentAt).toISOString(),
    context: { library: { name: 'analytics-node', version: '3.1.0' }, ip: '203.0.113.7' },
  });
}
