import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

import { listActivities } from '../src/activities/activities.repository.js';
import { seedDemo } from '../src/demo/demo.service.js';
import { listPeopleJson } from '../src/people/people.repository.js';
import type { WorkspaceId } from '../src/shared/ids.js';
import { openStore } from '../src/store/database.js';
import { migrate } from '../src/store/migrator.js';
import type { Database } from '../src/store/schema.js';

// Every sort of the people list, and the activities list, pages from an index: a page costs the
// same on a workspace of 100,000 people as on one of 300. Checked on SQLite's plans, on a store
// that the demo analysed before migrations 0007 and 0008 added indexes (an index without figures
// would have looked more selective than the analysed ones and been picked for every list).
const SORTS = ['email', '-email', 'last_name', '-last_name', 'created_at', '-created_at'];

describe('list plans on an analysed SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-sort-plans-'));
  const file = join(dir, 'baton.sqlite');

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pages people in every sort, and activities, from an index', async () => {
    const store = openStore({ kind: 'sqlite', file });
    await migrate(store, { target: 6 });
    const { workspaceId } = await seedDemo(store, { people: 300, seed: 3 });
    await migrate(store);
    await store.close();

    const sqlite = new SQLite(file);
    const queries: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query') queries.push(event.query);
      },
    });

    for (const sort of SORTS) {
      const first = JSON.parse(
        await listPeopleJson(db, workspaceId as WorkspaceId, { sort, limit: 10 }),
      );
      expect(first.data).toHaveLength(10);
      await listPeopleJson(db, workspaceId as WorkspaceId, {
        sort,
        limit: 10,
        cursor: first.nextCursor,
      });
    }

    const activities = await listActivities(db, workspaceId as WorkspaceId, { limit: 10 });
    expect(activities.data).toHaveLength(10);
    await listActivities(db, workspaceId as WorkspaceId, {
      limit: 10,
      cursor: activities.nextCursor ?? undefined,
    });

    const plans = queries.map((query) =>
      sqlite
        .prepare(`explain query plan ${query.sql}`)
        .all(...query.parameters)
        .map((row) => (row as { detail: string }).detail)
        .join(' | '),
    );
    expect(plans.length).toBeGreaterThanOrEqual(SORTS.length * 2 + 2);
    for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE/);

    await db.destroy();
  });
});
