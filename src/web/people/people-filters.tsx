import { Button, Group, Select } from '@mantine/core';

import { useStages, useUsers } from '../shared/workspace-queries.js';
import { hasFilters, type PeopleListState } from './list-state.js';
import { SearchBox } from '../shared/search-box.js';

export interface FilterProps {
  readonly state: PeopleListState;
  readonly onFilter: (name: 'q' | 'stage' | 'ownerId' | 'companyId', value: string) => void;
  readonly onClear: () => void;
}

function StageFilter({ state, onFilter }: Omit<FilterProps, 'onClear'>) {
  const stages = useStages();

  return (
    <Select
      aria-label="Stage"
      placeholder="Any stage"
      data={stages.map((stage) => ({ value: stage.key, label: stage.label }))}
      value={state.stage || null}
      onChange={(value) => onFilter('stage', value ?? '')}
      clearable
      w={170}
    />
  );
}

function OwnerFilter({ state, onFilter }: Omit<FilterProps, 'onClear'>) {
  const users = useUsers();

  return (
    <Select
      aria-label="Owner"
      placeholder={users.isError ? 'Owners unavailable' : 'Any owner'}
      data={(users.data?.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
      value={state.ownerId || null}
      onChange={(value) => onFilter('ownerId', value ?? '')}
      disabled={users.isError}
      searchable
      clearable
      w={200}
    />
  );
}

export function PeopleFilters(props: FilterProps) {
  return (
    <Group gap="sm" mb="md">
      <SearchBox
        label="Search people"
        placeholder="Search name, e-mail or company"
        value={props.state.q}
        onSearch={(q) => props.onFilter('q', q)}
      />
      <StageFilter {...props} />
      <OwnerFilter {...props} />
      {props.state.companyId && (
        <Button variant="light" size="xs" onClick={() => props.onFilter('companyId', '')}>
          One company only ×
        </Button>
      )}
      {hasFilters(props.state) && (
        <Button variant="subtle" size="xs" onClick={props.onClear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
