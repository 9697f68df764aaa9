import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';

import { errorResponses } from '../app/http-schemas.js';
import { principalOf, SESSION_COOKIE } from './auth.hook.js';
import { login, logout, switchWorkspace, type SessionPrincipal } from './session.service.js';
import { unauthenticated } from '../shared/app-error.js';

const Session = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  workspace: Type.Object({ id: Type.String(), name: Type.String() }),
  role: Type.String(),
  csrfToken: Type.String(),
  workspaces: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }),
  ),
});

const LoginBody = Type.Object(
  {
    email: Type.String({ maxLength: 254 }),
    password: Type.String({ maxLength: 256 }),
    workspaceId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

/** `/api/v1/auth`: the web app's sessions. API clients use Bearer keys instead. */
export const authRoutes: FastifyPluginAsyncTypebox<{ secureCookies: boolean }> = async (
  app,
  options,
) => {
  const setCookie = (reply: FastifyReply, token: string, expiresAt: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      path: '/',
      expires: new Date(expiresAt),
    });

  async function describe(principal: SessionPrincipal) {
    const db = app.store.db;
    const user = await db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    const workspaces = await db
      .selectFrom('memberships')
      .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
      .select(['workspaces.id', 'workspaces.name', 'memberships.role'])
      .where('memberships.user_id', '=', principal.userId)
      .orderBy('workspaces.name')
      .execute();
    const workspace = workspaces.find((w) => w.id === principal.workspaceId)!;

    return {
      user,
      workspace: { id: workspace.id, name: workspace.name },
      role: principal.role,
      csrfToken: principal.csrfToken,
      workspaces,
    };
  }

  app.post('/auth/login', {
    config: {
      public: true,
      rateLimit: {
        max: 10,
        timeWindow: '1 minute',
        keyGenerator: (request) =>
          `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with e-mail and password',
      body: LoginBody,
      response: { 200: Session, ...errorResponses },
    },
    handler: async (request, reply) => {
      const session = await login(app.store.db, request.body);
      setCookie(reply, session.token, session.expiresAt);
      request.log.info(
        { userId: session.principal.userId, workspaceId: session.principal.workspaceId },
        'signed in',
      );

      return describe(session.principal);
    },
  });

  app.get('/auth/session', {
    config: { authenticated: true },
    schema: {
      tags: ['auth'],
      summary: 'The current session',
      response: { 200: Session, ...errorResponses },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      if (principal.kind !== 'session') throw unauthenticated('This route is for signed-in users.');

      return describe(principal);
    },
  });

  app.post('/auth/logout', {
    config: { authenticated: true },
    schema: {
      tags: ['auth'],
      summary: 'Sign out',
      response: { 204: Type.Null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind === 'session') await logout(app.store.db, principal.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });

      return reply.status(204).send(null);
    },
  });

  app.post('/auth/switch', {
    config: { authenticated: true },
    schema: {
      tags: ['auth'],
      summary: 'Switch the session to another of your workspaces',
      body: Type.Object(
        { workspaceId: Type.String({ maxLength: 64 }) },
        { additionalProperties: false },
      ),
      response: { 200: Session, ...errorResponses },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      if (principal.kind !== 'session') throw unauthenticated('This route is for signed-in users.');

      return describe(await switchWorkspace(app.store.db, principal, request.body.workspaceId));
    },
  });
};
