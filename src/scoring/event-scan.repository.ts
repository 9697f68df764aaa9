import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';

import type { WorkspaceId } from '../shared/ids.js';
import { dialectOf } from '../store/dialect-of.js';
import type { Database } from '../store/schema.js';
import { rulesMatching, type RuleHit } from './engagement-score.js';
import { pagePathSql, RULES_PER_MASK, rulesMaskSql } from './event-match-sql.js';
import { toScoredEvent } from './scored-event.js';
import type { ScoringDefinition } from './scoring-model.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What bulk scoring reads of a group of people's events: per person, the instants and the rules
 * (of several models at once) that count them, matched in SQL (`event-match-sql.ts`), one row
 * a person. Events SQL cannot judge exactly are fetched whole and matched by `matches`.
 */
export interface HitScan {
  /** A person's hits under definition `d` (index into the scan's definitions), oldest first. */
  hitsOf(personId: string, d: number): readonly RuleHit[];
}

export interface ScanOptions {
  /** Leave out events after this instant (ISO). */
  readonly until?: string;
  /** Keep events that no rule counts, as instants without rules (for replays). */
  readonly everyEvent?: boolean;
}

interface Entry {
  readonly at: number;
  /** Indexes into the concatenation of every definition's rules. */
  readonly rules: readonly number[];
}

const NO_HITS: readonly RuleHit[] = [];

function offsetsOf(definitions: readonly ScoringDefinition[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const definition of definitions) {
    offsets.push(total);
    total += definition.engagementRules.length;
  }
  offsets.push(total);

  return offsets;
}

/** `3.0` (masks of 30 rules each) → the global rule indexes they set, cached by text. */
function maskDecoder(): (text: string) => readonly number[] {
  const cache = new Map<string, readonly number[]>();

  return (text) => {
    let rules = cache.get(text);
    if (!rules) {
      const found: number[] = [];
      text.split('.').forEach((part, g) => {
        const mask = Number(part);
        for (let j = 0; j < RULES_PER_MASK; j++)
          if ((mask >> j) & 1) found.push(g * RULES_PER_MASK + j);
      });
      rules = found;
      cache.set(text, rules);
    }

    return rules;
  };
}

function entrySql(db: Db, definitions: readonly ScoringDefinition[], everyEvent: boolean) {
  const dialect = dialectOf(db);
  // PostgreSQL reads the page path once a row in the scan below; SQLite from the index.
  const { masks, unsure } = rulesMaskSql(
    dialect,
    definitions.flatMap((d) => d.engagementRules),
    dialect === 'postgres' ? sql.ref('page_path') : pagePathSql(dialect),
  );
  const maskText = sql.join(
    masks.map((m) => sql`cast(${m} as text)`),
    sql` || '.' || `,
  );
  const none = masks.map(() => '0').join('.');
  const rules = everyEvent ? maskText : sql`nullif(${maskText}, ${none})`;

  // SQLite: the rowid and the ISO text come from the scoring index without reading the row.
  return dialect === 'sqlite'
    ? sql<string>`case when ${unsure} then 'u' || rowid else ${rules} || ':' || occurred_at end`
    : sql<string>`case when ${unsure} then 'u' || id else ${rules} || ':' || floor(extract(epoch from occurred_at) * 1000)::bigint end`;
}

async function unsureEntries(
  db: Db,
  workspaceId: WorkspaceId,
  keys: readonly string[],
  definitions: readonly ScoringDefinition[],
  offsets: readonly number[],
): Promise<Map<string, Entry[]>> {
  const byPerson = new Map<string, Entry[]>();
  if (keys.length === 0) return byPerson;

  const key = dialectOf(db) === 'sqlite' ? sql.ref('rowid') : sql.ref('id');
  const rows = await db
    .selectFrom('events')
    .select(['id', 'person_id', 'type', 'name', 'properties', 'context', 'occurred_at'])
    .where('workspace_id', '=', workspaceId)
    .where(
      key,
      'in',
      keys.map((k) => (dialectOf(db) === 'sqlite' ? Number(k) : k)),
    )
    .execute();
  for (const row of rows) {
    const event = toScoredEvent(row);
    const rules = definitions.flatMap((definition, d) =>
      rulesMatching(definition, event).map((r) => r + offsets[d]!),
    );
    const list = byPerson.get(row.person_id!) ?? [];
    list.push({ at: event.at, rules });
    byPerson.set(row.person_id!, list);
  }

  return byPerson;
}

const DIGIT_0 = 48;

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }

  return n;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

/**
 * `Date.parse` for the one shape SQLite stores times in, `2026-12-03T19:30:43.123Z`, four
 * times faster; anything else goes to `Date.parse` itself.
 */
export function parseIsoTime(text: string): number {
  if (
    text.length === 24 &&
    text[4] === '-' &&
    text[7] === '-' &&
    text[10] === 'T' &&
    text[13] === ':' &&
    text[16] === ':' &&
    text[19] === '.' &&
    text[23] === 'Z'
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    // Anything out of range is for Date.parse to judge (Date.UTC would roll it over).
    if (
      year >= 1000 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysIn(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59
    ) {
      const ms = Date.UTC(year, month - 1, day, hour, minute, second, digits(text, 20, 3));
      if (Number.isFinite(ms)) return ms;
    }
  }

  return Date.parse(text);
}

function parseEntries(
  text: string | null,
  decode: (masks: string) => readonly number[],
  parseTime: (text: string) => number,
  unsure: string[],
): Entry[] {
  const entries: Entry[] = [];
  if (!text) return entries;

  for (const part of text.split(',')) {
    if (part.charCodeAt(0) === 117 /* u */) {
      unsure.push(part.slice(1));
      continue;
    }
    const colon = part.indexOf(':');
    entries.push({ at: parseTime(part.slice(colon + 1)), rules: decode(part.slice(0, colon)) });
  }

  return entries;
}

function sortedByTime(entries: Entry[]): Entry[] {
  for (let i = 1; i < entries.length; i++)
    if (entries[i]!.at < entries[i - 1]!.at) return entries.sort((a, b) => a.at - b.at);

  return entries;
}

type ScanRow = { person_id: string | null; hits: string | null };

function sqliteScan(
  db: Db,
  workspaceId: WorkspaceId,
  people: PersonRange,
  entry: RawBuilder<string>,
  until: string | undefined,
): Promise<ScanRow[]> {
  let query = db
    .selectFrom('events')
    .select(['person_id', sql<string | null>`group_concat(${entry}, ',')`.as('hits')])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '>=', people.first)
    .where('person_id', '<=', people.last);
  if (until) query = query.where('occurred_at', '<=', until);

  return query.groupBy('person_id').execute();
}

// The inner scan computes each row's page path once; OFFSET 0 keeps PostgreSQL from pulling
// the subquery up into the aggregate, which would evaluate the path once per rule that reads it.
// Its order is the index's, so the aggregate needs no sort.
function postgresScan(
  db: Db,
  workspaceId: WorkspaceId,
  people: PersonRange,
  entry: RawBuilder<string>,
  until: string | undefined,
): Promise<ScanRow[]> {
  let inner = db
    .selectFrom('events')
    .select([
      'id',
      'person_id',
      'type',
      'name',
      'properties',
      'occurred_at',
      pagePathSql('postgres').as('page_path'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', '>=', people.first)
    .where('person_id', '<=', people.last);
  if (until) inner = inner.where('occurred_at', '<=', until);

  return db
    .selectFrom(inner.orderBy('person_id').orderBy('occurred_at').offset(0).as('e'))
    .select(['person_id', sql<string | null>`string_agg(${entry}, ',')`.as('hits')])
    .groupBy('person_id')
    .execute();
}

/** People by id, from `first` to `last` inclusive: one range of the events index. */
export interface PersonRange {
  readonly first: string;
  readonly last: string;
}

/**
 * Reads the hits of the events of the people whose ids fall in `people` under each of
 * `definitions`, in one query (plus one for the rare events SQL cannot judge).
 */
export async function scanHits(
  db: Db,
  workspaceId: WorkspaceId,
  people: PersonRange,
  definitions: readonly ScoringDefinition[],
  options: ScanOptions = {},
): Promise<HitScan> {
  const offsets = offsetsOf(definitions);
  const sqlite = dialectOf(db) === 'sqlite';
  const entries = new Map<string, Entry[]>();
  if (definitions.length === 0) return { hitsOf: () => NO_HITS };

  const entry = entrySql(db, definitions, options.everyEvent ?? false);
  const rows = sqlite
    ? await sqliteScan(db, workspaceId, people, entry, options.until)
    : await postgresScan(db, workspaceId, people, entry, options.until);

  const decode = maskDecoder();
  const parseTime = sqlite ? parseIsoTime : Number;
  const unsure: string[] = [];
  for (const row of rows)
    entries.set(row.person_id!, parseEntries(row.hits, decode, parseTime, unsure));
  for (const [personId, extra] of await unsureEntries(
    db,
    workspaceId,
    unsure,
    definitions,
    offsets,
  )) {
    const own = entries.get(personId) ?? [];
    for (const e of extra) if (options.everyEvent || e.rules.length > 0) own.push(e);
    entries.set(personId, own);
  }

  const perDefinition = definitions.map(() => new Map<readonly number[], readonly number[]>());
  const localRules = (rules: readonly number[], d: number): readonly number[] => {
    let local = perDefinition[d]!.get(rules);
    if (!local) {
      local = rules
        .filter((r) => r >= offsets[d]! && r < offsets[d + 1]!)
        .map((r) => r - offsets[d]!);
      perDefinition[d]!.set(rules, local);
    }

    return local;
  };

  return {
    hitsOf(personId, d) {
      const mine = entries.get(personId);
      if (!mine) return NO_HITS;

      const hits: RuleHit[] = [];
      for (const e of sortedByTime(mine)) {
        const rules = localRules(e.rules, d);
        if (options.everyEvent || rules.length > 0) hits.push({ at: e.at, rules });
      }

      return hits;
    },
  };
}
