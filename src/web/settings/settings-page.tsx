import { Tabs } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';

import { PageHeader } from '../shared/page-header.js';

const TABS = [
  { value: 'users', label: 'Users' },
  { value: 'teams', label: 'Teams' },
  { value: 'api-keys', label: 'API keys' },
] as const;

/** Settings, one tab a route: `/settings/users`, `/settings/teams[/:id]`, `/settings/api-keys`. */
export function SettingsPage() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current = pathname.split('/')[2] ?? 'users';

  return (
    <>
      <PageHeader title="Settings" subtitle="Users, teams with their working hours, and API keys" />
      <Tabs value={current} onChange={(value) => value && navigate(`/settings/${value}`)} mb="md">
        <Tabs.List>
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
