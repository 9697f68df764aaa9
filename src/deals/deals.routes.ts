import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/deals`. */
export const dealsRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
