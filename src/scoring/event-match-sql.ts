import { sql, type RawBuilder } from 'kysely';

import type { Dialect } from '../store/database.js';
import type { Condition, EngagementRule } from './scoring-model.js';

/**
 * Engagement-rule matching in SQL, over the `events` table's own columns (`type`, `name`,
 * `properties`, `context`), so that bulk scoring reads only (person, rules, time) for the
 * events a rule counts instead of parsing every event's JSON in JavaScript.
 *
 * Each rule becomes two expressions: `sure`, true when the rule counts the event, and `unsure`,
 * true when SQL cannot tell exactly what `matches` (engagement-score.ts) would say. The
 * translation is exact wherever `unsure` is false; where it is true, the caller hands the
 * whole event to `matches`. What is unsure: text that is not printable ASCII (JavaScript's
 * `toLowerCase`/`trim` are Unicode-aware, SQL's `lower`/`trim` are not), numbers SQL might
 * read differently from `JSON.parse` (SQLite reals, integers beyond 2^53, PostgreSQL numbers
 * outside the double range), numeric text under `range` (`Number()` rules), `free_mail`
 * (a list of 8,700 domains), and attributes whose path JavaScript would read through a
 * prototype (`constructor`, `length`, array indexes) or that do not fit the path syntax.
 */

type Expr = RawBuilder<unknown>;

/** The page path as `pathOf` reads it: properties.path, else context.page.path (text only). */
export const PAGE_PATH_SQL: Record<Dialect, string> = {
  // Keep this text equal to migration 0004's index expression: SQLite then reads it from the index.
  sqlite:
    "(case when type in ('page', 'screen') then coalesce(" +
    "case when json_type(properties, '$.path') = 'text' then json_extract(properties, '$.path') end, " +
    "case when json_type(context, '$.page.path') = 'text' then json_extract(context, '$.page.path') end) end)",
  postgres:
    "(case when type in ('page', 'screen') then coalesce(" +
    "case when jsonb_typeof(properties -> 'path') = 'string' then properties ->> 'path' end, " +
    "case when jsonb_typeof(context -> 'page' -> 'path') = 'string' then context -> 'page' ->> 'path' end) end)",
};

const TRUE = sql`(1 = 1)`;
const FALSE = sql`(1 = 0)`;

const and = (...parts: Expr[]): Expr =>
  parts.length === 0 ? TRUE : sql`(${sql.join(parts, sql` and `)})`;
const or = (...parts: Expr[]): Expr =>
  parts.length === 0 ? FALSE : sql`(${sql.join(parts, sql` or `)})`;
/** NULL (unknown) reads as false, so that `not` and `or` behave. */
const definite = (e: Expr): Expr => sql`coalesce(${e}, ${FALSE})`;

/** Printable ASCII only: where SQL's lower/trim agree with JavaScript's. */
function plain(dialect: Dialect, text: Expr): Expr {
  return dialect === 'sqlite' ? sql`(${text} not glob '*[^ -~]*')` : sql`(${text} !~ '[^ -~]')`;
}

function lower(dialect: Dialect, text: Expr): Expr {
  return dialect === 'sqlite' ? sql`lower(${text})` : sql`lower(${text} collate "C")`;
}

/** One JSON value inside `properties`: its type and how to read it. */
interface JsonValue {
  readonly isText: Expr;
  readonly text: Expr;
  /** A number SQL reads exactly as JavaScript does; `num` is only read when this holds. */
  readonly isExactNumber: Expr;
  readonly isOtherNumber: Expr;
  readonly num: Expr;
  readonly isTrue: Expr;
  readonly isFalse: Expr;
  /** Not missing, not null, not the empty string (`isPresent` in conditions.ts). */
  readonly present: Expr;
}

const MAX_EXACT_INT = 9007199254740991;

function jsonValue(dialect: Dialect, path: readonly string[]): JsonValue {
  if (dialect === 'sqlite') {
    const jsonPath = ['$', ...path.map((key) => `"${key}"`)].join('.');
    const type = sql`json_type(properties, ${jsonPath})`;
    const value = sql`json_extract(properties, ${jsonPath})`;
    const isInt = sql`${type} = 'integer'`;
    const inRange = sql`${value} between ${-MAX_EXACT_INT} and ${MAX_EXACT_INT}`;

    return {
      isText: sql`${type} = 'text'`,
      text: value,
      isExactNumber: and(isInt, inRange),
      isOtherNumber: or(sql`${type} = 'real'`, and(isInt, sql`not (${inRange})`)),
      num: value,
      isTrue: sql`${type} = 'true'`,
      isFalse: sql`${type} = 'false'`,
      present: definite(sql`(${type} <> 'null' and not (${type} = 'text' and ${value} = ''))`),
    };
  }

  const node = sql`(properties #> ${path}::text[])`;
  const text = sql`(properties #>> ${path}::text[])`;
  const type = sql`jsonb_typeof(${node})`;
  // float8 cannot hold what is outside its range: such numbers are left to JavaScript.
  const numeric = sql`(case when ${type} = 'number' then ${text}::numeric end)`;
  const fits = sql`(${numeric} = 0 or abs(${numeric}) between 1e-300 and 1e300)`;

  return {
    isText: sql`${type} = 'string'`,
    text,
    isExactNumber: definite(fits),
    isOtherNumber: and(sql`${type} = 'number'`, sql`not ${definite(fits)}`),
    num: sql`(case when ${definite(fits)} then ${text}::float8 end)`,
    isTrue: sql`(${type} = 'boolean' and ${text} = 'true')`,
    isFalse: sql`(${type} = 'boolean' and ${text} = 'false')`,
    present: definite(sql`(${type} <> 'null' and not (${type} = 'string' and ${text} = ''))`),
  };
}

interface Translated {
  readonly sure: Expr;
  readonly unsure: Expr;
}

const UNTRANSLATABLE: Translated = { sure: FALSE, unsure: TRUE };

/** A key JavaScript reads the same way as SQL: an own key or nothing, never a prototype's. */
function safeKey(key: string, first: boolean): boolean {
  if (key === '' || /^\d+$/.test(key) || /["\\]/.test(key)) return false;
  if (key in Object.prototype) return false;

  // Below the top, the parent may be an array, whose prototype JavaScript would read.
  return first || !(key in Array.prototype);
}

function sameText(dialect: Dialect, v: JsonValue, option: string): Translated {
  return {
    sure: and(
      v.isText,
      sql`${lower(dialect, sql`trim(${v.text})`)} = ${option.trim().toLowerCase()}`,
    ),
    unsure: and(v.isText, sql`not ${plain(dialect, v.text)}`),
  };
}

function sameScalar(dialect: Dialect, v: JsonValue, option: string | number | boolean): Translated {
  if (typeof option === 'string') return sameText(dialect, v, option);
  if (typeof option === 'boolean') return { sure: option ? v.isTrue : v.isFalse, unsure: FALSE };

  return { sure: and(v.isExactNumber, sql`${v.num} = ${option}`), unsure: v.isOtherNumber };
}

function conditionOn(dialect: Dialect, condition: Condition, v: JsonValue): Translated {
  switch (condition.operator) {
    case 'equals':
      return sameScalar(dialect, v, condition.value);
    case 'one_of': {
      const options = condition.value.map((option) => sameScalar(dialect, v, option));

      return {
        sure: or(...options.map((o) => o.sure)),
        unsure: or(...options.map((o) => o.unsure)),
      };
    }
    case 'contains': {
      const needle = condition.value.toLowerCase();
      const found =
        dialect === 'sqlite'
          ? sql`instr(${lower(dialect, v.text)}, ${needle}) > 0`
          : sql`strpos(${lower(dialect, v.text)}, ${needle}) > 0`;

      return {
        sure: needle === '' ? v.isText : and(v.isText, found),
        unsure: and(v.isText, sql`not ${plain(dialect, v.text)}`),
      };
    }
    case 'range': {
      const bounds = [
        ...(condition.min === undefined ? [] : [sql`${v.num} >= ${condition.min}`]),
        ...(condition.max === undefined ? [] : [sql`${v.num} <= ${condition.max}`]),
      ];

      return { sure: and(v.isExactNumber, ...bounds), unsure: or(v.isText, v.isOtherNumber) };
    }
    case 'exists':
      return { sure: v.present, unsure: FALSE };
    case 'missing':
      return { sure: sql`not ${v.present}`, unsure: FALSE };
    case 'free_mail':
      return { sure: FALSE, unsure: v.isText };
    default: {
      const never: never = condition;
      throw new Error(`Unknown operator in ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A property condition of a rule. `matches` reads it against `{ properties, ...properties }`:
 * `plan` is properties.plan, and `properties.plan` is too, unless the event has a property
 * named `properties` (which the spread puts first).
 */
function propertyCondition(dialect: Dialect, condition: Condition): Translated {
  const keys = condition.attribute.split('.');
  if (!keys.every((key, i) => safeKey(key, i === 0))) return UNTRANSLATABLE;

  const on = (path: readonly string[]) => {
    const t = conditionOn(dialect, condition, jsonValue(dialect, path));

    return { sure: definite(t.sure), unsure: definite(t.unsure) };
  };
  if (keys[0] !== 'properties') return on(keys);

  const own = on(keys);
  const spread = on(keys.slice(1));
  const hasOwn =
    dialect === 'sqlite'
      ? sql`json_type(properties, '$."properties"') is not null`
      : sql`jsonb_typeof(properties -> 'properties') is not null`;

  return {
    sure: sql`(case when ${hasOwn} then ${own.sure} else ${spread.sure} end)`,
    unsure: sql`(case when ${hasOwn} then ${own.unsure} else ${spread.unsure} end)`,
  };
}

/** ASCII only: where SQL's case folding agrees with JavaScript's (no trimming involved). */
function ascii(dialect: Dialect, text: Expr): Expr {
  return dialect === 'sqlite'
    ? sql`(length(${text}) = octet_length(${text}))`
    : sql`(char_length(${text}) = octet_length(${text}))`;
}

/** `text` equals `lowered` (already lower case) ignoring ASCII case. */
function equalsFolded(dialect: Dialect, text: Expr, lowered: string): Expr {
  return dialect === 'sqlite'
    ? sql`(${text} = ${lowered} collate nocase)`
    : sql`(lower(${text} collate "C") = ${lowered})`;
}

const NAME = sql`coalesce(name, '')`;
/** The page path expression itself; a caller may read it from a column it computed once. */
export const pagePathSql = (dialect: Dialect): Expr => sql.raw(PAGE_PATH_SQL[dialect]);

/**
 * One rule's matcher, `sure` never NULL. `unsure` covers only its property conditions: an
 * event name or page path that is not ASCII makes the whole row unsure (`rulesMaskSql`).
 */
export function ruleMatchSql(
  dialect: Dialect,
  rule: EngagementRule,
  pagePath: Expr = pagePathSql(dialect),
): Translated {
  const { type, name, path, properties = [] } = rule.match;
  const parts: Expr[] = type ? [sql`type = ${type}`] : [];

  if (name) parts.push(equalsFolded(dialect, NAME, name.toLowerCase()));
  if (path) {
    const prefix = path.endsWith('*');
    const pattern = (prefix ? path.slice(0, -1) : path).toLowerCase();
    parts.push(
      prefix
        ? equalsFolded(dialect, sql`substr(${pagePath}, 1, ${pattern.length})`, pattern)
        : equalsFolded(dialect, pagePath, pattern),
    );
  }
  const conditions = properties.map((condition) => propertyCondition(dialect, condition));

  // Unsure only where the rule could still match: every condition true or unsure, one unsure.
  return {
    sure: definite(and(...parts, ...conditions.map((c) => c.sure))),
    unsure:
      conditions.length === 0
        ? FALSE
        : definite(
            and(
              ...parts,
              ...conditions.map((c) => or(c.sure, c.unsure)),
              or(...conditions.map((c) => c.unsure)),
            ),
          ),
  };
}

/** Rules per mask: bit operations in JavaScript stay within 31 bits. */
export const RULES_PER_MASK = 30;

/**
 * The masks of `rules` (RULES_PER_MASK rules a mask, bit j of mask g for rule g × 30 + j) and
 * whether SQL cannot judge the row exactly: an event name or page path that is not ASCII
 * (when a rule looks at names or paths), or an unsure property condition.
 */
export function rulesMaskSql(
  dialect: Dialect,
  rules: readonly EngagementRule[],
  pagePath: Expr = pagePathSql(dialect),
): { masks: Expr[]; unsure: Expr } {
  const translated = rules.map((rule) => ruleMatchSql(dialect, rule, pagePath));
  const masks: Expr[] = [];
  for (let g = 0; g * RULES_PER_MASK < Math.max(1, translated.length); g++) {
    const group = translated.slice(g * RULES_PER_MASK, (g + 1) * RULES_PER_MASK);
    const bits = group.map((t, j) => sql`(case when ${t.sure} then ${sql.lit(2 ** j)} else 0 end)`);
    masks.push(bits.length === 0 ? sql`0` : sql`(${sql.join(bits, sql` + `)})`);
  }
  const unsure = translated.map((t) => t.unsure).filter((u) => u !== FALSE);
  if (rules.some((rule) => rule.match.name)) unsure.unshift(sql`not ${ascii(dialect, NAME)}`);
  if (rules.some((rule) => rule.match.path))
    unsure.unshift(definite(sql`not ${ascii(dialect, pagePath)}`));

  return { masks, unsure: or(...unsure) };
}
