import { Avatar, Button, Group, Menu, Text } from '@mantine/core';
import { IconCheck, IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';

import { useCurrentSession, useLogout, useSwitchWorkspace } from '../auth/session.js';
import { humanize } from '../shared/format.js';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** The current workspace and user, with the workspace switcher and sign-out. */
export function AccountMenu() {
  const session = useCurrentSession();
  const logout = useLogout();
  const switchWorkspace = useSwitchWorkspace();
  const navigate = useNavigate();

  const choose = (workspaceId: string) => {
    if (workspaceId === session.workspace.id) return;
    switchWorkspace.mutate(workspaceId, { onSuccess: () => navigate('/people') });
  };

  return (
    <Menu position="bottom-end" width={260}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          rightSection={<IconChevronDown size={14} />}
          loading={switchWorkspace.isPending}
          aria-label="Account and workspace"
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar size="sm" color="indigo">
              {initials(session.user.name)}
            </Avatar>
            <div style={{ textAlign: 'left' }}>
              <Text size="sm" fw={600} lh={1.1}>
                {session.workspace.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.1}>
                {session.user.name} · {humanize(session.role)}
              </Text>
            </div>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Workspaces</Menu.Label>
        {session.workspaces.map((workspace) => (
          <Menu.Item
            key={workspace.id}
            onClick={() => choose(workspace.id)}
            rightSection={workspace.id === session.workspace.id ? <IconCheck size={14} /> : null}
          >
            {workspace.name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Label>{session.user.email}</Menu.Label>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => logout.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
