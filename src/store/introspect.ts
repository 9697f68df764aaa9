import { sql, type Kysely, type RawBuilder } from 'kysely';

import type { Dialect, Store } from './database.js';

/**
 * What the store's schema is, read back from the store itself (sqlite_master and pragmas on
 * SQLite, information_schema and the catalogs on PostgreSQL), in a stable order so that two
 * schemas compare with a deep equality. Used by the migration tests and the schema snapshot.
 */
export interface ColumnShape {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
}

export interface IndexShape {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface TableShape {
  readonly name: string;
  /** In declaration order. */
  readonly columns: readonly ColumnShape[];
  readonly primaryKey: readonly string[];
  /** Unique constraints, each as its columns. */
  readonly uniques: readonly (readonly string[])[];
  /** `column -> table.column`. */
  readonly foreignKeys: readonly string[];
  /** Indexes created by name (not those behind a primary key or unique constraint). */
  readonly indexes: readonly IndexShape[];
}

export interface TriggerShape {
  readonly name: string;
  readonly table: string;
  /** The trigger's definition, whitespace collapsed. */
  readonly definition: string;
}

export interface SchemaShape {
  readonly dialect: Dialect;
  readonly tables: readonly TableShape[];
  readonly triggers: readonly TriggerShape[];
}

type Db = Kysely<unknown>;

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function rows<T>(db: Db, query: RawBuilder<unknown>): Promise<T[]> {
  return (await query.execute(db)).rows as T[];
}

// SQLite ----------------------------------------------------------------------------------

async function sqliteTable(db: Db, name: string): Promise<TableShape> {
  const columns = await rows<{
    name: string;
    type: string;
    notnull: number;
    pk: number;
    dflt_value: string | null;
  }>(
    db,
    sql`select name, type, "notnull", pk, dflt_value from pragma_table_info(${name}) order by cid`,
  );
  const indexList = await rows<{ name: string; unique: number; origin: string }>(
    db,
    sql`select name, "unique", origin from pragma_index_list(${name})`,
  );
  const foreignKeys = await rows<{ from: string; table: string; to: string | null }>(
    db,
    sql`select "from", "table", "to" from pragma_foreign_key_list(${name})`,
  );

  const uniques: string[][] = [];
  const indexes: IndexShape[] = [];
  for (const index of indexList) {
    const indexColumns = await rows<{ name: string }>(
      db,
      sql`select name from pragma_index_info(${index.name}) order by seqno`,
    );
    const names = indexColumns.map((column) => column.name);
    if (index.origin === 'u') uniques.push(names);
    else if (index.origin === 'c')
      indexes.push({ name: index.name, columns: names, unique: index.unique === 1 });
  }

  return {
    name,
    columns: columns.map((column) => ({
      name: column.name,
      type: column.type.toLowerCase(),
      nullable: column.notnull === 0,
      default: column.dflt_value,
    })),
    primaryKey: columns
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name),
    uniques: uniques.sort((a, b) => a.join().localeCompare(b.join())),
    foreignKeys: foreignKeys
      .map((fk) => `${fk.from} -> ${fk.table}.${fk.to ?? '(primary key)'}`)
      .sort(),
    indexes: indexes.sort(byName),
  };
}

async function sqliteSchema(db: Db): Promise<SchemaShape> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
  );
  const triggers = await rows<{ name: string; tbl_name: string; sql: string }>(
    db,
    sql`select name, tbl_name, sql from sqlite_master where type = 'trigger' order by name`,
  );
  const shapes: TableShape[] = [];
  for (const table of tables) shapes.push(await sqliteTable(db, table.name));

  return {
    dialect: 'sqlite',
    tables: shapes,
    triggers: triggers.map((t) => ({ name: t.name, table: t.tbl_name, definition: squash(t.sql) })),
  };
}

// PostgreSQL ------------------------------------------------------------------------------

interface PgConstraint {
  table: string;
  name: string;
  type: 'p' | 'u' | 'f' | 'c' | 'x' | 't' | 'n';
  columns: string[];
  definition: string;
}

async function pgConstraints(db: Db): Promise<PgConstraint[]> {
  return rows<PgConstraint>(
    db,
    sql`
      select cls.relname as "table", con.conname as name, con.contype as type,
             array(select att.attname::text from unnest(con.conkey) with ordinality as k(num, ord)
                   join pg_attribute att on att.attrelid = con.conrelid and att.attnum = k.num
                   order by k.ord) as columns,
             pg_get_constraintdef(con.oid) as definition
      from pg_constraint con
      join pg_class cls on cls.oid = con.conrelid
      where con.connamespace = current_schema()::regnamespace`,
  );
}

/** `CREATE [UNIQUE] INDEX name ON public.t USING btree (a, b)` → its columns and uniqueness. */
function parseIndexDefinition(name: string, definition: string): IndexShape {
  const columns = /\(([^()]*)\)\s*$/.exec(definition)?.[1] ?? definition;

  return {
    name,
    columns: columns.split(',').map((column) => column.trim()),
    unique: /^CREATE UNIQUE INDEX/i.test(definition),
  };
}

async function postgresSchema(db: Db): Promise<SchemaShape> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const columns = await rows<{
    table: string;
    name: string;
    type: string;
    nullable: string;
    default: string | null;
  }>(
    db,
    sql`select table_name as "table", column_name as name, data_type as type,
               is_nullable as nullable, column_default as "default"
        from information_schema.columns where table_schema = current_schema()
        order by table_name, ordinal_position`,
  );
  const indexes = await rows<{ table: string; name: string; definition: string }>(
    db,
    sql`select tablename as "table", indexname as name, indexdef as definition
        from pg_indexes where schemaname = current_schema()`,
  );
  const triggers = await rows<{
    name: string;
    table: string;
    timing: string;
    events: string;
    action: string;
  }>(
    db,
    sql`select trigger_name as name, event_object_table as "table", action_timing as timing,
               string_agg(event_manipulation, ' or ' order by event_manipulation) as events,
               min(action_statement) as action
        from information_schema.triggers where trigger_schema = current_schema()
        group by trigger_name, event_object_table, action_timing order by trigger_name`,
  );
  const constraints = await pgConstraints(db);
  const constraintNames = new Set(constraints.map((c) => c.name));

  const shapes = tables.map((table): TableShape => {
    const own = constraints.filter((c) => c.table === table.name);

    return {
      name: table.name,
      columns: columns
        .filter((column) => column.table === table.name)
        .map((column) => ({
          name: column.name,
          type: column.type,
          nullable: column.nullable === 'YES',
          default: column.default,
        })),
      primaryKey: own.find((c) => c.type === 'p')?.columns ?? [],
      uniques: own
        .filter((c) => c.type === 'u')
        .map((c) => c.columns)
        .sort((a, b) => a.join().localeCompare(b.join())),
      foreignKeys: own
        .filter((c) => c.type === 'f')
        .map((c) => {
          const target = /REFERENCES\s+(\S+)\(([^)]*)\)/.exec(c.definition);

          return `${c.columns.join(', ')} -> ${target ? `${target[1]}.${target[2]}` : c.definition}`;
        })
        .sort(),
      indexes: indexes
        .filter((index) => index.table === table.name && !constraintNames.has(index.name))
        .map((index) => parseIndexDefinition(index.name, index.definition))
        .sort(byName),
    };
  });

  return {
    dialect: 'postgres',
    tables: shapes,
    triggers: triggers.map((t) => ({
      name: t.name,
      table: t.table,
      definition: squash(`${t.timing} ${t.events} ${t.action}`),
    })),
  };
}

/** The schema of `store` as it is now. */
export async function introspectSchema(store: Store): Promise<SchemaShape> {
  const db = store.db as unknown as Db;

  switch (store.dialect) {
    case 'sqlite':
      return sqliteSchema(db);
    case 'postgres':
      return postgresSchema(db);
    default: {
      const never: never = store.dialect;
      throw new Error(`Unknown dialect ${String(never)}`);
    }
  }
}
