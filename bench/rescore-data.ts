/**
 * Synthetic history for the re-scoring benchmark, bulk-inserted: companies, people (60 % with
 * an e-mail, titles, phones, a company for most) and their events over the last 180 days (page
 * views with /pricing among them, Form Submitted, Demo Requested, Email Clicked, Webinar
 * Attended, identify), a skewed number per person. SQLite: one prepared statement per table,
 * 50,000 rows a transaction. PostgreSQL: `insert ... select * from unnest($1::text[], ...)`,
 * 5,000 rows a statement.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';

import { newId } from '../src/shared/ids.js';
import type { StoreOptions } from '../src/store/database.js';
import { dropSampledStatistics } from '../src/store/statistics.js';
import { random } from './ingest-workload.js';

const DAY = 86_400_000;
const INDUSTRIES = ['Software', 'Technology', 'Finance', 'Retail', 'Healthcare', 'Manufacturing'];
const TITLES = [
  'VP Marketing',
  'Director of Sales',
  'Chief Revenue Officer',
  'Head of Growth',
  'Engineer',
  'Analyst',
  'Consultant',
];
const PAGES = ['/', '/features', '/blog/lead-scoring', '/docs/start', '/customers', '/about'];
const CONTEXT = JSON.stringify({
  library: { name: 'analytics.js', version: '4.1.0' },
  ip: '203.0.113.7',
  locale: 'en-US',
});

type Row = (string | number | null)[];

export interface Generated {
  readonly people: number;
  readonly events: number;
  readonly companies: number;
  readonly seconds: number;
}

/** The rows, table by table, in batches, for a writer to store. */
export interface Sink {
  write(
    table: 'companies' | 'people' | 'events',
    columns: readonly string[],
    rows: Row[],
  ): Promise<void>;
  close(): Promise<void>;
}

const COMPANY_COLUMNS = [
  'id',
  'workspace_id',
  'name',
  'domain',
  'industry',
  'employees',
  'annual_revenue',
  'region',
  'country',
  'traits',
  'created_at',
  'updated_at',
];
const PEOPLE_COLUMNS = [
  'id',
  'workspace_id',
  'email',
  'user_id',
  'first_name',
  'last_name',
  'title',
  'phone',
  'company_id',
  'lifecycle_stage',
  'source',
  'traits',
  'search_text',
  'created_at',
  'updated_at',
];
const EVENT_COLUMNS = [
  'id',
  'workspace_id',
  'message_id',
  'type',
  'name',
  'person_id',
  'anonymous_id',
  'user_id',
  'properties',
  'context',
  'occurred_at',
  'received_at',
];

const BATCH = 50_000;

function eventOf(rand: () => number): {
  type: string;
  name: string | null;
  properties: string;
  context: string;
} {
  const draw = rand();
  if (draw < 0.6) {
    const path = rand() < 0.12 ? '/pricing' : PAGES[Math.floor(rand() * PAGES.length)]!;
    return {
      type: 'page',
      name: null,
      properties: JSON.stringify({
        path,
        url: `https://www.example.com${path}`,
        referrer: 'https://www.google.com/',
      }),
      context: CONTEXT,
    };
  }
  if (draw < 0.72)
    return {
      type: 'track',
      name: 'Email Clicked',
      properties: '{"campaign":"nurture-3"}',
      context: CONTEXT,
    };
  if (draw < 0.82)
    return {
      type: 'track',
      name: 'Form Submitted',
      properties: '{"form":"ebook"}',
      context: CONTEXT,
    };
  if (draw < 0.85)
    return {
      type: 'track',
      name: 'Demo Requested',
      properties: '{"source":"pricing-page"}',
      context: CONTEXT,
    };
  if (draw < 0.88)
    return {
      type: 'track',
      name: 'Webinar Attended',
      properties: '{"webinar":"q4-launch"}',
      context: CONTEXT,
    };
  if (draw < 0.9)
    return { type: 'track', name: 'Unsubscribed', properties: '{}', context: CONTEXT };
  if (draw < 0.95)
    return { type: 'identify', name: null, properties: '{"plan":"trial"}', context: CONTEXT };

  return {
    type: 'track',
    name: 'Feature Used',
    properties: '{"feature":"export"}',
    context: CONTEXT,
  };
}

/** Generates and writes the whole history; events per person follow a skewed split of `events`. */
export async function generate(
  sink: Sink,
  workspaceId: string,
  size: { people: number; events: number },
  now = Date.now(),
): Promise<Generated> {
  const started = performance.now();
  const rand = random(7);
  const companyCount = Math.max(1, Math.floor(size.people / 20));
  const companies: string[] = [];
  let rows: Row[] = [];
  const flush = async (table: 'companies' | 'people' | 'events', columns: readonly string[]) => {
    if (rows.length > 0) await sink.write(table, columns, rows);
    rows = [];
  };

  for (let c = 0; c < companyCount; c++) {
    const id = newId('company', now - 400 * DAY);
    companies.push(id);
    const at = new Date(now - 400 * DAY).toISOString();
    rows.push([
      id,
      workspaceId,
      `Company ${c}`,
      `company${c}.example`,
      INDUSTRIES[c % INDUSTRIES.length]!,
      5 + Math.floor(rand() * 8000),
      Math.floor(rand() * 1e8),
      'EMEA',
      'DE',
      '{}',
      at,
      at,
    ]);
    if (rows.length >= BATCH) await flush('companies', COMPANY_COLUMNS);
  }
  await flush('companies', COMPANY_COLUMNS);

  // People first, remembering each one's id and share of the events.
  const ids: string[] = [];
  const weights: number[] = [];
  let weightSum = 0;
  for (let p = 0; p < size.people; p++) {
    const created = now - Math.floor(rand() * 365 * DAY);
    const id = newId('person', created);
    const company = rand() < 0.85 ? companies[Math.floor(rand() * companies.length)]! : null;
    const email =
      rand() < 0.6
        ? rand() < 0.15
          ? `p${p}@gmail.com`
          : `p${p}@company${p % companyCount}.example`
        : null;
    const stageDraw = rand();
    const stage = !email
      ? 'subscriber'
      : stageDraw < 0.04
        ? 'sal'
        : stageDraw < 0.06
          ? 'customer'
          : 'lead';
    const at = new Date(created).toISOString();
    const title = email ? TITLES[Math.floor(rand() * TITLES.length)]! : null;
    rows.push([
      id,
      workspaceId,
      email,
      email ? `user-${p}` : null,
      email ? `First${p}` : null,
      email ? `Last${p}` : null,
      title,
      rand() < 0.3 ? `+49301234${p}` : null,
      company,
      stage,
      'web',
      '{}',
      `${email ?? ''} first${p} last${p}`,
      at,
      at,
    ]);
    if (rows.length >= BATCH) await flush('people', PEOPLE_COLUMNS);
    ids.push(id);
    const weight = rand() ** 3; // a few very active people, a long tail of quiet ones
    weights.push(weight);
    weightSum += weight;
  }
  await flush('people', PEOPLE_COLUMNS);

  let written = 0;
  for (let p = 0; p < ids.length && written < size.events; p++) {
    const share =
      p === ids.length - 1
        ? size.events - written
        : Math.round((weights[p]! / weightSum) * size.events);
    const count = Math.min(share, size.events - written);
    for (let e = 0; e < count; e++) {
      const at = new Date(now - Math.floor(rand() * 180 * DAY)).toISOString();
      const event = eventOf(rand);
      rows.push([
        newId('event'),
        workspaceId,
        `m-${p}-${e}`,
        event.type,
        event.name,
        ids[p]!,
        `anon-${p}`,
        null,
        event.properties,
        event.context,
        at,
        at,
      ]);
      if (rows.length >= BATCH) await flush('events', EVENT_COLUMNS);
    }
    written += count;
  }
  await flush('events', EVENT_COLUMNS);
  await sink.close();

  return {
    people: size.people,
    events: written,
    companies: companyCount,
    seconds: (performance.now() - started) / 1000,
  };
}

export function sqliteSink(file: string): Sink {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, SQLite.Statement>();
  const statementFor = (table: string, columns: readonly string[]) => {
    const key = table;
    let statement = statements.get(key);
    if (!statement) {
      statement = db.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      statements.set(key, statement);
    }

    return statement;
  };

  return {
    write: async (table, columns, rows) => {
      const statement = statementFor(table, columns);
      db.transaction(() => {
        for (const row of rows) statement.run(row);
      })();
    },
    close: async () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('analyze');
      dropSampledStatistics(db);
      db.close();
    },
  };
}

const PG_TYPES: Record<string, Record<string, string>> = {
  companies: {
    employees: 'integer',
    annual_revenue: 'double precision',
    traits: 'jsonb',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  people: { traits: 'jsonb', created_at: 'timestamptz', updated_at: 'timestamptz' },
  events: {
    properties: 'jsonb',
    context: 'jsonb',
    occurred_at: 'timestamptz',
    received_at: 'timestamptz',
  },
};

export async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  return {
    write: async (table, columns, rows) => {
      const types = PG_TYPES[table] ?? {};
      for (let i = 0; i < rows.length; i += 5_000) {
        const part = rows.slice(i, i + 5_000);
        const arrays = columns.map((_, c) => part.map((row) => row[c]));
        // Arrays go over as text; each column is cast to its type after unnest.
        const selects = columns.map((column, c) => `u.c${c}::${types[column] ?? 'text'}`);
        const unnests = columns.map(
          (column, c) =>
            `$${c + 1}::${types[column] === 'integer' || types[column] === 'double precision' ? types[column] : 'text'}[]`,
        );
        await client.query(
          `insert into ${table} (${columns.join(', ')}) select ${selects.join(', ')} from unnest(${unnests.join(', ')}) as u(${columns.map((_, c) => `c${c}`).join(', ')})`,
          arrays,
        );
      }
    },
    close: async () => {
      await client.query('analyze');
      await client.end();
    },
  };
}

export function sinkFor(options: StoreOptions): Promise<Sink> {
  return options.kind === 'sqlite'
    ? Promise.resolve(sqliteSink(options.file))
    : postgresSink(options.url);
}
