import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';

const DEBOUNCE_MS = 300;

export interface SearchBoxProps {
  readonly label: string;
  readonly placeholder: string;
  readonly value: string;
  readonly onSearch: (q: string) => void;
}

/** A search field that reports what was typed once typing pauses. */
export function SearchBox({ label, placeholder, value, onSearch }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, DEBOUNCE_MS);

  // The URL changed under us (back button, a link): show what it says.
  useEffect(() => setText(value), [value]);

  // Only a pause in typing searches; a new `value` alone must not, so it is not a dependency.
  useEffect(() => {
    if (debounced.trim() !== value) onSearch(debounced);
  }, [debounced]);

  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      w={320}
    />
  );
}
