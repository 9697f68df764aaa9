import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';

import { fieldError, formError } from '../api/api-error.js';
import type { TeamKind } from '../api/types.js';
import { canManage, useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useUserName } from '../shared/workspace-queries.js';
import { normalizeCalendar, weeklyMinutes } from './calendar-edit.js';
import { useCreateTeam, useTeams } from './teams-queries.js';

function NewTeamForm() {
  const create = useCreateTeam();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TeamKind>('sales');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, kind }, { onSuccess: () => setName('') });
  };

  return (
    <form onSubmit={submit} aria-label="New team">
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Team name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(create.error, 'name')}
        />
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value === 'marketing' ? 'marketing' : 'sales')}
          data={[
            { value: 'sales', label: 'Sales' },
            { value: 'marketing', label: 'Marketing' },
          ]}
        />
        <Button type="submit" loading={create.isPending}>
          Create team
        </Button>
      </Group>
      {formError(create.error, ['name', 'kind']) && <ErrorAlert error={create.error} mt="sm" />}
    </form>
  );
}

export function TeamsPanel() {
  const session = useCurrentSession();
  const teams = useTeams();
  const userName = useUserName();

  return (
    <Stack>
      {canManage(session, 'teams') && (
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            New team
          </Title>
          <NewTeamForm />
        </Paper>
      )}
      {teams.isPending && <Loader size="sm" />}
      {teams.isError && <ErrorAlert error={teams.error} />}
      {teams.data && teams.data.data.length === 0 && <Text c="dimmed">No teams yet.</Text>}
      {teams.data && teams.data.data.length > 0 && (
        <Paper withBorder radius="md">
          <Table aria-label="Teams" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Manager</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Calendar</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.data.data.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/settings/teams/${team.id}`}>
                      {team.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={team.kind === 'sales' ? 'violet' : 'blue'}>
                      {team.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{userName(team.managerId)}</Table.Td>
                  <Table.Td>{team.members.length}</Table.Td>
                  <Table.Td>
                    {team.calendar.timeZone} ·{' '}
                    {Math.round(weeklyMinutes(normalizeCalendar(team.calendar)) / 60)} h a week
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
