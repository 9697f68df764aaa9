import type { Logger } from 'pino';

import type { Store } from '../store/database.js';
import { openStore, serverStoreOptions } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { buildApp, defaultWebRoot } from './build-app.js';
import type { Config } from './config.js';
import { createLogger } from './logger.js';
import { firstRun } from './first-run.js';

export interface RunningServer {
  readonly url: string;
  readonly store: Store;
  close(): Promise<void>;
}

/** Opens and migrates the store, seeds the demo on an empty one, and listens. */
export async function serve(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const store = openStore(serverStoreOptions(config.store));
  const migration = await migrate(store);
  logger.info(
    {
      store: store.dialect,
      location: store.location,
      schemaVersion: migration.version,
      applied: migration.applied.length,
    },
    'store ready',
  );

  const demo = config.demoOnFirstRun ? await firstRun(store, logger) : undefined;

  const app = await buildApp({
    store,
    logger,
    secureCookies: config.secureCookies,
    webRoot: defaultWebRoot(),
    jobWaitMs: config.jobWaitMs,
  });
  await app.listen({ port: config.port, host: config.host });

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url }, 'Baton is listening');

  if (demo) {
    process.stdout.write(
      `\n  Baton is running at ${url}\n  Demo login: ${demo.email} / ${demo.password}\n\n`,
    );
  } else {
    process.stdout.write(`\n  Baton is running at ${url}\n\n`);
  }

  return {
    url,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
