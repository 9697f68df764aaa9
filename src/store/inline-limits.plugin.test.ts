import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type KyselyPlugin,
} from 'kysely';
import { describe, expect, it } from 'vitest';

import { InlineLimitsPlugin } from './inline-limits.plugin.js';

interface Tables {
  people: { id: string; stage: string };
}

/** A Kysely that only compiles, for SQLite or PostgreSQL, with or without the plugin. */
function compiler(kind: 'sqlite' | 'postgres', plugins: KyselyPlugin[]): Kysely<Tables> {
  const postgres = kind === 'postgres';

  return new Kysely<Tables>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () =>
        postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler(),
    },
    plugins,
  });
}

const sqlite = compiler('sqlite', [new InlineLimitsPlugin()]);

describe('InlineLimitsPlugin', () => {
  it('writes whole-number limits and offsets into the SQL', () => {
    const query = sqlite
      .selectFrom('people')
      .select('id')
      .where('stage', '=', 'mql')
      .limit(51)
      .offset(100)
      .compile();

    expect(query.sql).toBe('select "id" from "people" where "stage" = ? limit 51 offset 100');
    expect(query.parameters).toEqual(['mql']);
  });

  it('inlines limits in subqueries too', () => {
    const query = sqlite
      .selectFrom((db) => db.selectFrom('people').select('id').limit(3).as('p'))
      .select('p.id')
      .compile();

    expect(query.sql).toContain('limit 3');
    expect(query.parameters).toEqual([]);
  });

  it('leaves anything but a safe integer bound', () => {
    const fraction = sqlite.selectFrom('people').select('id').limit(2.5).compile();
    const expression = sqlite
      .selectFrom('people')
      .select('id')
      .limit(sql<number>`${7} + 1`)
      .compile();

    expect(fraction.parameters).toEqual([2.5]);
    expect(expression.parameters).toEqual([7]);
  });

  it('is for SQLite only: another store keeps its parameters', () => {
    const postgres = compiler('postgres', []);

    expect(postgres.selectFrom('people').select('id').limit(5).compile().parameters).toEqual([5]);
  });
});
