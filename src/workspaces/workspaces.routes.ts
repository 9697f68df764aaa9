import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `/api/v1/workspaces`. */
export const workspacesRoutes: FastifyPluginAsyncTypebox = async () => {
  // Routes are added by the feature's owner.
};
