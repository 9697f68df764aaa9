import type { Condition } from '../../scoring/scoring-model.js';
import { OPERATOR_LABELS, valueText } from './definition-edit.js';

/** Who a model scores: "Everyone else" without a segment, else the segment's condition. */
export function describeSegment(segment: Condition | null): string {
  if (segment === null) return 'Everyone (default)';

  const value =
    segment.operator === 'range'
      ? [segment.min ?? '…', segment.max ?? '…'].join(' to ')
      : valueText(segment);

  return [segment.attribute, OPERATOR_LABELS[segment.operator], value].filter(Boolean).join(' ');
}
