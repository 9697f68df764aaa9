import { Anchor, Badge, Button, Card, Group, Loader, Select, Stack, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';

import { fieldError } from '../api/api-error.js';
import type { Team } from '../api/types.js';
import { canManage, useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useUsers } from '../shared/workspace-queries.js';
import { CalendarEditor } from './calendar-editor.js';
import { TeamMembers } from './team-members.js';
import { useDeleteTeam, useTeam, useUpdateTeam } from './teams-queries.js';

function ManagerPicker({ team, readOnly }: { team: Team; readOnly: boolean }) {
  const users = useUsers();
  const update = useUpdateTeam(team.id);

  return (
    <Select
      label="Manager"
      placeholder="No manager"
      data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      value={team.managerId}
      onChange={(managerId) => update.mutate({ managerId })}
      error={
        update.error ? (fieldError(update.error, 'managerId') ?? update.error.message) : undefined
      }
      readOnly={readOnly}
      clearable
      searchable
      w={260}
    />
  );
}

function DeleteTeam({ team }: { team: Team }) {
  const remove = useDeleteTeam();
  const navigate = useNavigate();
  const confirmAndDelete = () => {
    if (window.confirm(`Delete the team ${team.name}?`)) {
      remove.mutate(team.id, { onSuccess: () => navigate('/settings/teams') });
    }
  };

  return (
    <Stack gap={4} align="flex-end">
      <Button color="red" variant="subtle" onClick={confirmAndDelete} loading={remove.isPending}>
        Delete team
      </Button>
      {remove.error && <ErrorAlert error={remove.error} />}
    </Stack>
  );
}

export function TeamPage() {
  const { teamId = '' } = useParams();
  const team = useTeam(teamId);
  const session = useCurrentSession();
  const readOnly = !canManage(session, 'teams');

  if (team.isPending) return <Loader />;
  if (team.isError) return <ErrorAlert error={team.error} />;

  const t = team.data;

  return (
    <Stack>
      <Anchor component={Link} to="/settings/teams" size="sm">
        ← Teams
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Group gap="sm">
          <Title order={3}>{t.name}</Title>
          <Badge variant="light">{t.kind}</Badge>
        </Group>
        {!readOnly && <DeleteTeam team={t} />}
      </Group>
      <ManagerPicker team={t} readOnly={readOnly} />
      <Card withBorder radius="md">
        <CalendarEditor key={t.id} team={t} readOnly={readOnly} />
      </Card>
      <Card withBorder radius="md">
        <Title order={4} mb="sm">
          Members
        </Title>
        <TeamMembers team={t} readOnly={readOnly} />
      </Card>
    </Stack>
  );
}
