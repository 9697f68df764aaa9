import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/activities`. */
export const activitiesRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
