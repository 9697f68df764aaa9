import { Group, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';

import type { Condition } from '../../scoring/scoring-model.js';
import { operatorShape, valueText, withBound, withValueText } from './definition-edit.js';
import { useEditable } from './editor-context.js';
import { NumberField } from './number-field.js';

export interface ConditionValueProps {
  readonly condition: Condition;
  readonly onChange: (condition: Condition) => void;
  /** Names the inputs, e.g. "Target industry". */
  readonly name: string;
  readonly error: string | undefined;
}

/** What a list or scalar value looks like as text; kept while typing so "a, " stays "a, ". */
function useValueText(condition: Condition): [string, (text: string) => void] {
  const [text, setText] = useState(valueText(condition));

  useEffect(() => {
    if (valueText(withValueText(condition, text)) !== valueText(condition)) {
      setText(valueText(condition));
    }
  }, [condition]);

  return [text, setText];
}

/** The value(s) a condition's operator needs: a value, a list, a range or nothing. */
export function ConditionValue({ condition, onChange, name, error }: ConditionValueProps) {
  const editable = useEditable();
  const [text, setText] = useValueText(condition);
  const shape = operatorShape(condition.operator);

  if (shape === 'none') return error ? <TextInput disabled value="" error={error} /> : null;

  if (condition.operator === 'range') {
    return (
      <Group gap={4} wrap="nowrap" align="flex-start">
        <NumberField
          aria-label={`Minimum of ${name}`}
          placeholder="min"
          value={condition.min ?? NaN}
          onChange={(v) => onChange(withBound(condition, 'min', v))}
          error={error}
          w={90}
        />
        <NumberField
          aria-label={`Maximum of ${name}`}
          placeholder="max"
          value={condition.max ?? NaN}
          onChange={(v) => onChange(withBound(condition, 'max', v))}
          w={90}
        />
      </Group>
    );
  }

  return (
    <TextInput
      aria-label={`Value of ${name}`}
      placeholder={shape === 'list' ? 'a, b, c' : 'value'}
      value={text}
      readOnly={!editable}
      onChange={(event) => {
        setText(event.currentTarget.value);
        onChange(withValueText(condition, event.currentTarget.value));
      }}
      error={error}
      miw={160}
    />
  );
}
