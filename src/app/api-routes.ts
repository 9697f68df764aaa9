import type { FastifyPluginAsync } from 'fastify';

import { activitiesRoutes } from '../activities/activities.routes.js';
import { apiKeyRoutes } from '../api-keys/api-key.routes.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { authRoutes } from '../auth/auth.routes.js';
import { companiesRoutes } from '../companies/companies.routes.js';
import { dealsRoutes } from '../deals/deals.routes.js';
import { lifecycleRoutes } from '../lifecycle/lifecycle.routes.js';
import { peopleRoutes } from '../people/people.routes.js';
import { backtestsRoutes } from '../scoring/backtests.routes.js';
import { personScoreRoutes } from '../scoring/person-score.routes.js';
import { scoringModelsRoutes } from '../scoring/scoring-models.routes.js';
import { teamsRoutes } from '../teams/teams.routes.js';
import { usersRoutes } from '../users/users.routes.js';
import { workspacesRoutes } from '../workspaces/workspaces.routes.js';

/** Every feature's routes, mounted under `/api/v1`. Add a feature here. */
export function apiRoutes(options: { secureCookies: boolean }): FastifyPluginAsync {
  return async (api) => {
    await api.register(authRoutes, options);
    await api.register(workspacesRoutes);
    await api.register(usersRoutes);
    await api.register(teamsRoutes);
    await api.register(peopleRoutes);
    await api.register(companiesRoutes);
    await api.register(activitiesRoutes);
    await api.register(dealsRoutes);
    await api.register(auditRoutes);
    await api.register(apiKeyRoutes);
    await api.register(scoringModelsRoutes);
    await api.register(backtestsRoutes);
    await api.register(personScoreRoutes);
    await api.register(lifecycleRoutes);
  };
}
