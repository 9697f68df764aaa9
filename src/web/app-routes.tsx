import { Navigate, Route, Routes } from 'react-router-dom';

import { LoginPage } from './auth/login-page.js';
import { RequireSession } from './auth/require-session.js';
import { CompaniesPage } from './companies/companies-page.js';
import { PeopleListPage } from './people/people-list-page.js';
import { PersonPage } from './people/person-page.js';
import { ScoringModelPage } from './scoring/model-page.js';
import { ScoringPage } from './scoring/scoring-page.js';
import { ApiKeysPanel } from './settings/api-keys-panel.js';
import { SettingsPage } from './settings/settings-page.js';
import { TeamPage } from './settings/team-page.js';
import { TeamsPanel } from './settings/teams-panel.js';
import { UsersPanel } from './settings/users-panel.js';
import { AppLayout } from './shell/app-layout.js';
import { AREAS } from './shell/areas.js';
import { ComingSoon } from './shell/coming-soon.js';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/people" replace />} />
        <Route path="people" element={<PeopleListPage />} />
        <Route path="people/:id" element={<PersonPage />} />
        <Route path="companies" element={<CompaniesPage />} />
        <Route path="scoring" element={<ScoringPage />} />
        <Route path="scoring/:id" element={<ScoringModelPage />} />
        <Route path="settings" element={<SettingsPage />}>
          <Route index element={<Navigate to="users" replace />} />
          <Route path="users" element={<UsersPanel />} />
          <Route path="teams" element={<TeamsPanel />} />
          <Route path="teams/:teamId" element={<TeamPage />} />
          <Route path="api-keys" element={<ApiKeysPanel />} />
        </Route>
        {AREAS.filter((area) => area.comingWith !== null).map((area) => (
          <Route key={area.path} path={area.path.slice(1)} element={<ComingSoon area={area} />} />
        ))}
        <Route path="*" element={<Navigate to="/people" replace />} />
      </Route>
    </Routes>
  );
}
