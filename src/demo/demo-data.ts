import { personSearchText } from '../people/search-text.js';
import {
  CAMPAIGNS,
  COUNTRIES,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  LAST_NAMES,
  LEAD_SOURCES,
  REGION_WEIGHTS,
  type Region,
} from './demo-catalog.js';
import { companyRows } from './demo-companies.js';
import { activityRows, dealRows, eventRows } from './demo-history.js';
import {
  DAY,
  iso,
  OWNED,
  repsOf,
  slug,
  STAGE_WEIGHTS,
  STAGES,
  TITLE_WEIGHTS,
  type CompanyInfo,
  type DemoContext,
  type DemoData,
  type IdentityRow,
  type PersonBundle,
  type PersonDraft,
  type PersonRow,
} from './demo-shape.js';
import { teamRows } from './demo-teams.js';
import { createRandom, type Random } from './random.js';

export type { DemoContext, DemoData, DemoIdKind, PersonBundle } from './demo-shape.js';

/**
 * The demo workspace as plain rows, generated from a seed. Pure: the ids and the clock come
 * in through `DemoContext`, so the same seed, ids and `now` give the same rows. People come
 * out one at a time with their events, activities and deals, so that 100,000 of them never
 * sit in memory at once.
 */
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
