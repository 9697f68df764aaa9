import {
  ActionIcon,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

import type { User } from '../api/types.js';
import { canManage, useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatDate } from '../shared/format.js';
import { useUsers } from '../shared/workspace-queries.js';
import { AddUserForm } from './add-user-form.js';
import { isRole, roleLabel, ROLE_OPTIONS } from './role-options.js';
import { useRemoveUser, useSetRole } from './users-queries.js';

function RoleCell({ user, editable }: { user: User; editable: boolean }) {
  const setRole = useSetRole();
  if (!editable) return <>{roleLabel(user.role)}</>;

  return (
    <Select
      aria-label={`Role of ${user.name}`}
      data={ROLE_OPTIONS}
      value={setRole.isPending ? (setRole.variables?.role ?? user.role) : user.role}
      onChange={(role) => isRole(role) && setRole.mutate({ id: user.id, role })}
      error={setRole.error ? setRole.error.message : undefined}
      allowDeselect={false}
      size="xs"
      w={220}
    />
  );
}

function RemoveButton({ user, onError }: { user: User; onError: (error: unknown) => void }) {
  const remove = useRemoveUser();
  const confirmAndRemove = () => {
    if (window.confirm(`Remove ${user.name} from this workspace?`)) {
      remove.mutate(user.id, { onError });
    }
  };

  return (
    <Tooltip label="Remove from workspace">
      <ActionIcon
        variant="subtle"
        color="red"
        onClick={confirmAndRemove}
        loading={remove.isPending}
        aria-label={`Remove ${user.name}`}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

export function UsersPanel() {
  const session = useCurrentSession();
  const users = useUsers();
  const [removeError, setRemoveError] = useState<unknown>(null);
  const manage = canManage(session, 'users');

  return (
    <Stack>
      {manage && (
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            Add a user
          </Title>
          <AddUserForm />
        </Paper>
      )}
      {users.isError && <ErrorAlert error={users.error} />}
      {removeError ? (
        <ErrorAlert error={removeError} withCloseButton onClose={() => setRemoveError(null)} />
      ) : null}
      {users.isPending && <Loader size="sm" />}
      <Paper withBorder radius="md">
        <Table aria-label="Users" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.data ?? []).map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  {user.name}
                  {user.id === session.user.id && (
                    <Text span c="dimmed" size="xs">
                      {' '}
                      (you)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>
                  <RoleCell user={user} editable={manage} />
                </Table.Td>
                <Table.Td>{formatDate(user.createdAt)}</Table.Td>
                <Table.Td>
                  {manage && user.id !== session.user.id && (
                    <RemoveButton user={user} onError={setRemoveError} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
