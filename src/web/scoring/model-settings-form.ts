/** The model settings form (name, description, segment, priority), pure. */
import type { Condition } from '../../scoring/scoring-model.js';
import type { ModelChanges, ScoringModel } from './scoring-types.js';

export interface SettingsForm {
  readonly name: string;
  readonly description: string;
  /** `NaN` while the input is empty. */
  readonly priority: number;
  /** Null: the model scores everyone no other model's segment holds for. */
  readonly segment: Condition | null;
}

/** The API fields the form shows; an error about any other goes above the form. */
export const SETTINGS_FIELDS = ['name', 'description', 'priority', 'segment'] as const;

/** A segment to start from: the attribute is left for the user to name. */
export const NEW_SEGMENT: Condition = { attribute: '', operator: 'equals', value: '' };

export function settingsOf(model: ScoringModel): SettingsForm {
  return {
    name: model.name,
    description: model.description ?? '',
    priority: model.priority,
    segment: model.segment,
  };
}

const sameSegment = (a: Condition | null, b: Condition | null) =>
  JSON.stringify(a) === JSON.stringify(b);

/** The PATCH body: only what the form changed, so that an untouched field is never rewritten. */
export function settingsChanges(form: SettingsForm, model: ScoringModel): ModelChanges {
  const before = settingsOf(model);
  const description = form.description.trim() === '' ? null : form.description;

  return {
    ...(form.name !== before.name ? { name: form.name } : {}),
    ...(form.description !== before.description ? { description } : {}),
    ...(!Object.is(form.priority, before.priority) ? { priority: form.priority } : {}),
    ...(!sameSegment(form.segment, before.segment) ? { segment: form.segment } : {}),
  };
}

export function hasChanges(form: SettingsForm, model: ScoringModel): boolean {
  return Object.keys(settingsChanges(form, model)).length > 0;
}

/** What the form can tell before asking the API: an empty priority has no number to send. */
export function settingsIssue(
  form: SettingsForm,
): { field: 'priority'; message: string } | undefined {
  return Number.isNaN(form.priority)
    ? { field: 'priority', message: 'A whole number from 0 to 10000 is needed.' }
    : undefined;
}

export type SegmentInput = 'choice' | 'attribute' | 'operator' | 'value';

/**
 * Which segment input shows an API error about `field`: `segment.attribute` its attribute,
 * `segment.operator` its operator, `segment.value` (or `min`, `max`) its value, and `segment`
 * itself (a clash with another model, an empty range) the choice of who the model scores.
 */
export function segmentInputOf(field: string | undefined): SegmentInput | undefined {
  if (field === 'segment') return 'choice';
  if (field === 'segment.attribute') return 'attribute';
  if (field === 'segment.operator') return 'operator';

  return field?.startsWith('segment.') ? 'value' : undefined;
}
