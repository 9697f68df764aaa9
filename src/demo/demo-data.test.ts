import { describe, expect, it } from 'vitest';

import { DEFAULT_STAGES } from '../lifecycle/stages.js';
import { isIdOf } from '../shared/ids.js';
import { validateCalendar, type TeamCalendar } from '../teams/calendar.js';
import { DEMO_USERS, type DemoUserKey } from './demo-catalog.js';
import { generateDemo, type DemoContext } from './demo-data.js';
import { demoIdSource } from './demo-ids.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const USER_IDS = Object.fromEntries(DEMO_USERS.map((u) => [u.key, `usr_${u.key}`])) as Record<
  DemoUserKey,
  string
>;
const REPS = new Set(DEMO_USERS.filter((u) => u.role === 'sales_rep').map((u) => USER_IDS[u.key]));

function context(seed: number, people = 1500): DemoContext {
  let n = 0;

  return {
    seed,
    people,
    now: NOW,
    workspaceId: 'wsp_demo',
    userIds: USER_IDS,
    newId: (kind, at) => `${kind}-${at}-${n++}`,
  };
}

function materialise(ctx: DemoContext) {
  const data = generateDemo(ctx);

  return { ...data, people: [...data.people] };
}

describe('generateDemo', () => {
  const demo = materialise(context(1));
  const people = demo.people;
  const all = {
    person: people.map((p) => p.person),
    identities: people.flatMap((p) => p.identities),
    events: people.flatMap((p) => p.events),
    activities: people.flatMap((p) => p.activities),
    deals: people.flatMap((p) => p.deals),
  };

  it('is the same for the same seed and differs for another', () => {
    expect(materialise(context(1))).toEqual(demo);
    expect(materialise(context(2)).people.map((p) => p.person.email)).not.toEqual(
      people.map((p) => p.person.email),
    );
  });

  it('gives every person in an owned stage a sales rep as owner', () => {
    const owned = people.filter((p) =>
      ['mql', 'sal', 'sql', 'opportunity'].includes(p.person.lifecycle_stage),
    );

    expect(owned.length).toBeGreaterThan(100);
    for (const { person } of owned) expect(REPS.has(person.owner_id ?? '')).toBe(true);
  });

  it('spreads people over every stage, companies over industries and regions', () => {
    expect(new Set(people.map((p) => p.person.lifecycle_stage))).toEqual(new Set(DEFAULT_STAGES));
    expect(new Set(demo.companies.map((c) => c.industry)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(demo.companies.map((c) => c.region))).toEqual(
      new Set(['EMEA', 'Americas', 'APAC']),
    );
    expect(new Set(demo.companies.map((c) => c.domain)).size).toBe(demo.companies.length);
  });

  it('writes the workspace id on every row and an e-mail identity for every e-mail', () => {
    const rows = [
      ...demo.teams,
      ...demo.teamMembers,
      ...demo.companies,
      ...all.person,
      ...all.identities,
      ...all.events,
      ...all.activities,
      ...all.deals,
    ];
    expect(rows.every((row) => row.workspace_id === 'wsp_demo')).toBe(true);

    const emails = all.person.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    const identities = new Set(
      all.identities.filter((i) => i.kind === 'email').map((i) => i.value),
    );
    for (const email of emails) expect(identities.has(email!)).toBe(true);
  });

  it('has months of the events scoring needs, each with its own message id', () => {
    const events = all.events;
    const names = new Set(events.map((e) => e.name));
    for (const name of [
      'Pricing',
      'Form Submitted',
      'Email Clicked',
      'Webinar Attended',
      'Demo Requested',
    ])
      expect(names).toContain(name);
    expect(
      events.some((e) => e.type === 'page' && JSON.parse(e.properties).path === '/pricing'),
    ).toBe(true);
    expect(new Set(events.map((e) => e.message_id)).size).toBe(events.length);

    const oldest = Math.min(...events.map((e) => Date.parse(e.occurred_at)));
    expect((NOW - oldest) / 86_400_000).toBeGreaterThan(150);
    expect(events.every((e) => Date.parse(e.occurred_at) < NOW)).toBe(true);
  });

  it('has activities by reps and open, won and lost deals with amounts', () => {
    expect(all.activities.length).toBeGreaterThan(0);
    const deals = all.deals;
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']));
    expect(deals.every((d) => d.amount_minor > 0 && REPS.has(d.owner_id ?? ''))).toBe(true);
  });

  it('gives the teams valid calendars with real holidays in their own time zones', () => {
    const byName = Object.fromEntries(
      demo.teams.map((t) => [t.name, JSON.parse(t.calendar) as TeamCalendar]),
    );

    expect(Object.keys(byName).sort()).toEqual(['Marketing', 'Sales Americas', 'Sales EMEA']);
    expect(byName['Sales EMEA']!.timeZone).toBe('Europe/Berlin');
    expect(byName['Sales Americas']!.timeZone).toBe('America/New_York');
    expect(byName['Sales Americas']!.holidays).toContain('2026-07-03');
    expect(byName['Sales EMEA']!.holidays).toContain('2026-10-03');
    for (const calendar of Object.values(byName))
      expect(validateCalendar(calendar)).toEqual(calendar);
  });

  it('makes ids in the shape of newId', () => {
    const next = demoIdSource();
    const ids = Array.from({ length: 2000 }, (_, i) => next('person', NOW + Math.floor(i / 10)));

    expect(ids.every((id) => isIdOf('person', id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
