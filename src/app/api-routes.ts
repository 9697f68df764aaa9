import type { FastifyPluginAsync } from 'fastify';

import { apiKeyRoutes } from '../api-keys/api-key.routes.js';
import { authRoutes } from '../auth/auth.routes.js';
import { peopleRoutes } from '../people/people.routes.js';

/** Every feature's routes, mounted under `/api/v1`. Add a feature here. */
export function apiRoutes(options: { secureCookies: boolean }): FastifyPluginAsync {
  return async (api) => {
    await api.register(authRoutes, options);
    await api.register(peopleRoutes);
    await api.register(apiKeyRoutes);
  };
}
