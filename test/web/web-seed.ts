import { seedDemo } from '../../src/demo/demo.service.js';
import type { Store } from '../../src/store/database.js';
import { call } from '../support/api.js';

/** The person the tests search for: a name no generated person has. */
export const NEEDLE = {
  firstName: 'Grace',
  lastName: 'Hopperfield',
  email: 'grace.hopperfield@compilers.example',
  title: 'VP Engineering',
  traits: { plan: 'enterprise', seats: 42 },
};

const FIRST = [
  'Ada',
  'Alan',
  'Barbara',
  'Claude',
  'Donald',
  'Edsger',
  'Frances',
  'Hedy',
  'Ivan',
  'Joan',
  'Ken',
  'Lynn',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Liskov',
  'Shannon',
  'Knuth',
  'Dijkstra',
  'Allen',
  'Lamarr',
  'Sutherland',
  'Clarke',
  'Thompson',
  'Conway',
];
const TITLES = ['Head of Growth', 'Sales Director', 'CTO', 'Marketing Manager', 'Engineer', null];
const STAGES = ['subscriber', 'lead', 'lead', 'lead', 'recycled'];

/** The demo workspace with at least `minimum` people and the needle; answers an API token. */
export async function seedWebDemo(store: Store, base: string, minimum: number): Promise<string> {
  const demo = await seedDemo(store, { people: minimum, seed: 7 });
  const token = demo.apiKey.token;

  const listed = await call(base, 'GET', `/api/v1/people?limit=${minimum}`, { token });
  const missing = minimum - (listed.body.data as unknown[]).length;

  // seedDemo may not create people (yet); the tests need a list worth paginating.
  for (let i = 0; i < missing; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const body = {
      firstName: first,
      lastName: last,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      title: TITLES[i % TITLES.length],
      lifecycleStage: STAGES[i % STAGES.length],
      traits: { plan: i % 3 === 0 ? 'pro' : 'free', visits: i % 17 },
    };
    const created = await call(base, 'POST', '/api/v1/people', { token, body });
    if (created.status !== 201)
      throw new Error(`seeding person ${i}: ${JSON.stringify(created.body)}`);
  }

  // At a company when the demo has one, so that the page shows a company.
  const companies = await call(base, 'GET', '/api/v1/companies?limit=1', { token });
  const companyId = (companies.body.data as Array<{ id: string }> | undefined)?.[0]?.id;
  const body = companyId ? { ...NEEDLE, companyId } : NEEDLE;
  const needle = await call(base, 'POST', '/api/v1/people', { token, body });
  if (needle.status !== 201) throw new Error(`seeding the needle: ${JSON.stringify(needle.body)}`);

  return token;
}
