import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';

import { registerAuthHook } from '../auth/auth.hook.js';
import { ingestRoutes } from '../ingest/ingest.routes.js';
import { BacktestRunner } from '../scoring/backtest-runner.js';
import { RescoreRunner } from '../scoring/rescore-runner.js';
import type { Store } from '../store/database.js';
import { apiRoutes } from './api-routes.js';
import { loadConfig } from './config.js';
import { errorHandler } from './error-handler.js';
import { ErrorSchema } from './http-schemas.js';
import { validatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** Work longer than a request, run in this process: re-scores and backtests. */
    jobs: AppJobs;
  }
}

/** The app's runners, and how long a request waits for the job it started before answering. */
export interface AppJobs {
  readonly rescores: RescoreRunner;
  readonly backtests: BacktestRunner;
  readonly waitMs: number;
}

export interface AppOptions {
  readonly store: Store;
  readonly logger?: Logger | false;
  readonly secureCookies?: boolean;
  /** The built web app; served at `/` when present. */
  readonly webRoot?: string;
  /** How long a publish or a backtest waits for its job before answering (then it goes on). */
  readonly jobWaitMs?: number;
  /** Resume re-scores, and end backtests, that a stopped process left behind. Default true. */
  readonly sweepJobs?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Where `vite build` puts the web app, seen from both `src/app` and `dist/server/app`. */
export function defaultWebRoot(): string | undefined {
  const candidates = [resolve(here, '../../web'), resolve(here, '../../dist/web')];

  return candidates.find((dir) => existsSync(resolve(dir, 'index.html')));
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Baton API',
        version: '1',
        description: 'The sales–marketing agreement, as running software.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `bk_....secret`' },
          session: { type: 'apiKey', in: 'cookie', name: 'baton_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

function registerHealth(app: FastifyInstance, store: Store): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(store.db);

      return { status: 'ok', store: store.dialect };
    } catch {
      return reply
        .status(503)
        .send({ error: { code: 'store_unreachable', message: 'The store does not answer.' } });
    }
  });
}

async function registerWeb(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  }

  // Unknown API paths answer JSON; anything else is a page of the single-page web app.
  app.setNotFoundHandler(async (request, reply) => {
    if (
      request.url.startsWith('/api/') ||
      request.url.startsWith('/v1/') ||
      !webRoot ||
      request.method !== 'GET'
    ) {
      return reply.status(404).send({
        error: {
          code: 'route_not_found',
          message: `No route ${request.method} ${request.url.split('?')[0]}.`,
        },
      });
    }

    return reply.sendFile('index.html');
  });
}

function decorateJobs(app: FastifyInstance, options: AppOptions): void {
  const jobs: AppJobs = {
    rescores: new RescoreRunner(options.store.db, app.log),
    backtests: new BacktestRunner(options.store.db, app.log),
    waitMs: options.jobWaitMs ?? loadConfig({}).jobWaitMs,
  };
  app.decorate('jobs', jobs);

  if (options.sweepJobs !== false) {
    app.addHook('onReady', async () => {
      jobs.rescores.startSweeping();
      jobs.backtests.startSweeping();
    });
  }
  app.addHook('onClose', async () => {
    await Promise.all([jobs.rescores.close(), jobs.backtests.close()]);
  });
}

/** Composes the HTTP server: docs, auth, health, the API and the web app. Does not listen. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger at run time; the types differ only in extras.
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    logController: new Fastify.LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('store', options.store);
  decorateJobs(app, options);
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.addSchema(ErrorSchema);

  // Cookies are parsed only where one is read (the session, in the auth hook): most API calls
  // carry a Bearer key, and a hook that parses every request's header costs them for nothing.
  await app.register(cookie, { hook: false });
  await app.register(rateLimit, { global: false });
  await registerDocs(app);
  registerAuthHook(app, options.store);
  registerHealth(app, options.store);
  await app.register(apiRoutes({ secureCookies: options.secureCookies ?? false }), {
    prefix: '/api/v1',
  });
  await app.register(ingestRoutes, { prefix: '/v1' });
  await registerWeb(app, options.webRoot);

  return app;
}
