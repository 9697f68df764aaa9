/**
 * Where an API error belongs in the editor. The API names fields as paths into the definition
 * (`engagementRules[3].cap.windowDays`); the editor shows the message at the deepest input
 * that the path falls under.
 */
import { ApiError } from '../api/api-error.js';

/** True when `field` is `path` or lies inside it (`a[1].b` lies inside `a[1]` and `a`). */
export function isWithin(field: string, path: string): boolean {
  if (field === path) return true;
  if (!field.startsWith(path)) return false;

  const next = field.charAt(path.length);

  return next === '.' || next === '[';
}

/** The message of `error` when it is about `path` exactly, or inside it with `inside`. */
export function messageAt(error: unknown, path: string, inside = false): string | undefined {
  if (!(error instanceof ApiError) || error.field === undefined) return undefined;
  if (error.field === path || (inside && isWithin(error.field, path))) return error.message;

  return undefined;
}

/**
 * The message to show above the editor: an error with no field, or one whose field no input
 * shows (`shown` holds the paths the editor has inputs for).
 */
export function unplacedMessage(
  error: unknown,
  shown: (field: string) => boolean,
): string | undefined {
  if (!error) return undefined;
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.field !== undefined && shown(error.field)) return undefined;

  return error.message;
}

/** The deepest of `paths` that `field` lies within, or undefined when none holds it. */
export function placeField(field: string, paths: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const path of paths) {
    if (isWithin(field, path) && (best === undefined || path.length > best.length)) best = path;
  }

  return best;
}

/**
 * Every path the editor has an input (or a row, or a section) for, in `definition`. An error
 * lands at the deepest of these that holds its field, so that nothing the API says is lost.
 */
export function editorPaths(definition: {
  readonly fitRules: readonly unknown[];
  readonly engagementRules: readonly { readonly cap?: unknown }[];
}): string[] {
  const paths = [
    'fitRules',
    'engagementRules',
    'gradeBands',
    'engagementCap',
    'decay',
    'mql',
    'sql',
  ];
  paths.push('gradeBands.A', 'gradeBands.B', 'gradeBands.C', 'decay.days', 'decay.kind');

  definition.fitRules.forEach((_, i) => {
    const row = `fitRules[${i}]`;
    paths.push(row, `${row}.label`, `${row}.points`, `${row}.condition`);
    paths.push(`${row}.condition.attribute`, `${row}.condition.operator`);
  });
  definition.engagementRules.forEach((rule, i) => {
    const row = `engagementRules[${i}]`;
    paths.push(row, `${row}.label`, `${row}.points`, `${row}.match`);
    paths.push(
      `${row}.match.type`,
      `${row}.match.name`,
      `${row}.match.path`,
      `${row}.match.properties`,
    );
    if (rule.cap !== undefined) paths.push(`${row}.cap`, `${row}.cap.max`, `${row}.cap.windowDays`);
  });

  return paths;
}

/**
 * The message to show next to the input: without the leading `field: ` the API puts in front
 * for readers of a bare error, since the input already says where.
 */
export function inlineMessage(field: string, message: string): string {
  if (!message.startsWith(`${field}: `)) return message;

  const rest = message.slice(field.length + 2);

  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
