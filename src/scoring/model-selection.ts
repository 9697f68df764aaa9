import { holds } from './conditions.js';
import type { Condition, Profile } from './scoring-model.js';

/** What choosing a model needs to know about each published model. */
export interface SelectableModel {
  readonly segment: Condition | null;
  /** Lower numbers win: priority 1 is looked at before priority 10. */
  readonly priority: number;
}

/**
 * The model that scores a person, among a workspace's published models: the highest-priority
 * (lowest number) model whose segment condition holds for the person; failing that, the model
 * without a segment (the default). Equal priorities keep the order given (oldest first when the
 * caller lists them by creation). Undefined when no model applies.
 *
 * @example
 * pickModel([{ segment: null, priority: 100 }, { segment: emea, priority: 10 }], emeaProfile)
 * // → the EMEA model; a profile outside EMEA gets the default one
 */
export function pickModel<M extends SelectableModel>(
  models: readonly M[],
  profile: Profile,
): M | undefined {
  const ordered = models
    .map((model, index) => ({ model, index }))
    .sort((a, b) => a.model.priority - b.model.priority || a.index - b.index)
    .map((entry) => entry.model);

  return (
    ordered.find((m) => m.segment !== null && holds(m.segment, profile)) ??
    ordered.find((m) => m.segment === null)
  );
}

/** Canonical JSON of a value: object keys sorted, so equal conditions compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }

  return JSON.stringify(value);
}

/** True when two segments select the same people by definition (both default, or equal conditions). */
export function sameSegment(a: Condition | null, b: Condition | null): boolean {
  return canonical(a) === canonical(b);
}
