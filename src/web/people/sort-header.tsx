import { Table, UnstyledButton, Group } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';

import type { Sort, SortField } from './list-state.js';

export interface SortHeaderProps {
  readonly label: string;
  readonly field: SortField;
  readonly sort: Sort;
  readonly onSort: (field: SortField) => void;
}

/** A column header that sorts the list by its field. */
export function SortHeader({ label, field, sort, onSort }: SortHeaderProps) {
  const active = sort.field === field;
  const Icon = !active ? IconSelector : sort.direction === 'asc' ? IconChevronUp : IconChevronDown;
  const ariaSort = !active ? 'none' : sort.direction === 'asc' ? 'ascending' : 'descending';

  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton onClick={() => onSort(field)} fw={600} fz="sm">
        <Group gap={4} wrap="nowrap">
          {label}
          <Icon size={14} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
