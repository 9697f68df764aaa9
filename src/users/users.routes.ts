import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/users`. */
export const usersRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
