import { NumberInput, type NumberInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';

import { useEditable } from './editor-context.js';

export interface NumberFieldProps extends Omit<
  NumberInputProps,
  'value' | 'onChange' | 'clampBehavior'
> {
  /** `NaN` while the input is empty. */
  readonly value: number;
  readonly onChange: (value: number) => void;
}

function toNumber(value: number | string): number {
  if (typeof value === 'number') return value;

  return value.trim() === '' ? NaN : Number(value);
}

/**
 * A number input that never corrects what was typed: an out-of-range value goes to the API,
 * which names the field and says why, next to this input.
 */
export function NumberField({ value, onChange, ...props }: NumberFieldProps) {
  const editable = useEditable();
  const [shown, setShown] = useState<number | string>(Number.isNaN(value) ? '' : value);

  // The value changed from outside (a reset, a save): show it, unless it is what is typed.
  useEffect(() => {
    if (!Object.is(toNumber(shown), value)) setShown(Number.isNaN(value) ? '' : value);
  }, [value]);

  return (
    <NumberInput
      {...props}
      value={shown}
      clampBehavior="none"
      readOnly={!editable || props.readOnly}
      onChange={(next) => {
        setShown(next);
        onChange(toNumber(next));
      }}
    />
  );
}
