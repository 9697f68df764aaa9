import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';

import type { Person } from '../api/types.js';
import { formatDate } from '../shared/format.js';
import { useUserName } from '../shared/workspace-queries.js';
import type { Sort, SortField } from './list-state.js';
import { SortHeader } from './sort-header.js';
import { StageBadge } from './stage-badge.js';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

export interface PeopleTableProps {
  readonly people: readonly Person[];
  readonly sort: Sort;
  readonly onSort: (field: SortField) => void;
}

function PersonRow({ person, ownerName }: { person: Person; ownerName: string }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/people/${person.id}`} fw={500}>
          {person.name}
        </Anchor>
        {person.title && (
          <Text size="xs" c="dimmed">
            {person.title}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{person.email ?? '—'}</Table.Td>
      <Table.Td>{person.company?.name ?? '—'}</Table.Td>
      <Table.Td style={NOWRAP}>
        <StageBadge stage={person.lifecycleStage} />
      </Table.Td>
      <Table.Td style={NOWRAP}>{ownerName}</Table.Td>
      <Table.Td style={NOWRAP}>{formatDate(person.createdAt)}</Table.Td>
      <Table.Td style={NOWRAP}>{formatDate(person.updatedAt)}</Table.Td>
    </Table.Tr>
  );
}

/** One page of people; the headers of sortable columns sort. */
export function PeopleTable({ people, sort, onSort }: PeopleTableProps) {
  const userName = useUserName();
  const header = (label: string, field: SortField) => (
    <SortHeader label={label} field={field} sort={sort} onSort={onSort} />
  );

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="People">
        <Table.Thead>
          <Table.Tr>
            {header('Name', 'last_name')}
            {header('E-mail', 'email')}
            <Table.Th>Company</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Owner</Table.Th>
            {header('Created', 'created_at')}
            {header('Updated', 'updated_at')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((person) => (
            <PersonRow key={person.id} person={person} ownerName={userName(person.ownerId)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
