import type { Condition } from './scoring-model.js';
import { isFreeMailDomain } from './free-mail.js';

// Models name few attributes, read for every person a bulk run scores: split each once.
const splitPaths = new Map<string, readonly string[]>();

function keysOf(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    if (splitPaths.size < 10_000) splitPaths.set(path, keys);
  }

  return keys;
}

/**
 * Reads `company.industry`, `person.title` or `person.traits.plan` from a root object.
 * Unknown paths read as undefined; nothing throws.
 */
export function readPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of keysOf(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }

  return value;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string')
    return a.trim().toLowerCase() === b.trim().toLowerCase();

  return a === b;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);

  return undefined;
}

function domainOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;

  const at = value.lastIndexOf('@');

  return at >= 0 ? value.slice(at + 1).toLowerCase() : value.toLowerCase();
}

/** True when `condition` holds for the attribute it names in `root`. */
export function holds(condition: Condition, root: unknown): boolean {
  const value = readPath(root, condition.attribute);

  switch (condition.operator) {
    case 'equals':
      return same(value, condition.value);
    case 'one_of':
      return condition.value.some((option) => same(value, option));
    case 'contains':
      return (
        typeof value === 'string' && value.toLowerCase().includes(condition.value.toLowerCase())
      );
    case 'range': {
      const n = asNumber(value);

      return (
        n !== undefined &&
        (condition.min === undefined || n >= condition.min) &&
        (condition.max === undefined || n <= condition.max)
      );
    }
    case 'exists':
      return isPresent(value);
    case 'missing':
      return !isPresent(value);
    case 'free_mail': {
      const domain = domainOf(value);

      return domain !== undefined && isFreeMailDomain(domain);
    }
    default: {
      const never: never = condition;
      throw new Error(`Unknown operator in ${JSON.stringify(never)}`);
    }
  }
}

/** A short human sentence for a condition, e.g. `company.industry is "Software"`. */
export function describeCondition(condition: Condition): string {
  switch (condition.operator) {
    case 'equals':
      return `${condition.attribute} is ${JSON.stringify(condition.value)}`;
    case 'one_of':
      return `${condition.attribute} is one of ${condition.value.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'contains':
      return `${condition.attribute} contains ${JSON.stringify(condition.value)}`;
    case 'range':
      return `${condition.attribute} is ${rangeText(condition.min, condition.max)}`;
    case 'exists':
      return `${condition.attribute} is known`;
    case 'missing':
      return `${condition.attribute} is unknown`;
    case 'free_mail':
      return `${condition.attribute} is a free-mail address`;
    default: {
      const never: never = condition;
      throw new Error(`Unknown operator in ${JSON.stringify(never)}`);
    }
  }
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;

  return `at most ${String(max)}`;
}
