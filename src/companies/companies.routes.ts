import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/companies`. */
export const companiesRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
