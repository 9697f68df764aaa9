import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/audit`. */
export const auditRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
