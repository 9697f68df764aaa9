import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';

import {
  findPerson,
  findPersonJson,
  listPeople,
  listPeopleJson,
} from '../src/people/people.repository.js';
import { newId, type WorkspaceId } from '../src/shared/ids.js';
import { newWorkspace } from './support/api.js';
import './support/fast-check-seed.js';
import { describeEachStore } from './support/stores.js';

// The store writes the person JSON of `GET /people/:id` and `GET /people` itself
// (`person-json.ts`); every other read maps rows with `toPersonView`. The two must agree on
// any row a store can hold: names empty or missing, quotes and non-Latin text, nested traits.

// Text both stores keep as it is: no NUL, whole Unicode characters.
const text = fc
  .string({ maxLength: 12, unit: 'grapheme' })
  .map((value) => value.replaceAll('\u0000', ''));
const optional = fc.option(fc.oneof(text, fc.constant('')), { nil: null });

const traits = fc.dictionary(
  fc.string({ maxLength: 8, unit: 'grapheme-ascii' }),
  fc.oneof(
    text,
    fc.boolean(),
    fc.integer(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4, unit: 'grapheme-ascii' }), fc.integer(), {
      maxKeys: 2,
    }),
  ),
  { maxKeys: 4 },
);

const personRow = fc.record({
  email: fc.option(fc.emailAddress(), { nil: null }),
  userId: optional,
  firstName: optional,
  lastName: optional,
  title: optional,
  phone: optional,
  source: optional,
  traits,
  withCompany: fc.boolean(),
  companyName: text,
  createdAt: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
});

describeEachStore('person JSON written by the store', (scratch) => {
  let workspaceId: WorkspaceId;

  beforeAll(async () => {
    workspaceId = (await newWorkspace(scratch().store)).workspaceId;
  });

  async function insert(row: PersonRow): Promise<string> {
    const { db } = scratch().store;
    const at = row.createdAt.toISOString();
    let companyId: string | null = null;
    if (row.withCompany) {
      companyId = newId('company');
      await db
        .insertInto('companies')
        .values({
          id: companyId,
          workspace_id: workspaceId,
          name: row.companyName,
          domain: null,
          industry: null,
          employees: null,
          annual_revenue: null,
          region: null,
          country: null,
          owner_id: null,
          traits: '{}',
          created_at: at,
          updated_at: at,
        })
        .execute();
    }

    const id = newId('person');
    await db
      .insertInto('people')
      .values({
        id,
        workspace_id: workspaceId,
        email: row.email === null ? null : `${id}.${row.email}`,
        user_id: row.userId,
        first_name: row.firstName,
        last_name: row.lastName,
        title: row.title,
        phone: row.phone,
        company_id: companyId,
        lifecycle_stage: 'lead',
        owner_id: null,
        source: row.source,
        traits: JSON.stringify(row.traits),
        search_text: '',
        created_at: at,
        updated_at: at,
      })
      .execute();

    return id;
  }

  it('says of one person exactly what the row mapping says', async () => {
    await fc.assert(
      fc.asyncProperty(personRow, async (row) => {
        const { db } = scratch().store;
        const id = await insert(row);

        const text = await findPersonJson(db, workspaceId, id);
        expect(JSON.parse(text!)).toEqual(await findPerson(db, workspaceId, id));
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    '-created_at',
    'created_at',
    'email',
    '-email',
    'last_name',
    '-last_name',
    '-updated_at',
  ])('writes the same pages as the row mapping, cursor included (sort %s)', async (sort) => {
    const { db } = scratch().store;
    const filter = { sort, limit: 7 };

    let cursor: string | undefined;
    let pages = 0;
    do {
      const expected = await listPeople(db, workspaceId, { ...filter, cursor });
      const text = await listPeopleJson(db, workspaceId, { ...filter, cursor });
      expect(JSON.parse(text)).toEqual(expected);

      cursor = expected.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBeGreaterThan(2);
  });

  it('answers nothing for an id that is not there', async () => {
    const { db } = scratch().store;

    expect(await findPersonJson(db, workspaceId, 'per_missing')).toBeUndefined();
  });
});

type PersonRow = typeof personRow extends fc.Arbitrary<infer R> ? R : never;
