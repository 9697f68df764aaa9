import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/teams`. */
export const teamsRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
