import type { Logger } from 'pino';

import { DEMO_LOGIN, seedDemo } from '../demo/demo.service.js';
import type { Store } from '../store/database.js';
import { isStoreEmpty } from '../workspaces/workspace.service.js';

const FIRST_RUN_PEOPLE = 2000;

/** On an empty store, creates the demo workspace so that a newcomer sees a living product. */
export async function firstRun(
  store: Store,
  logger: Logger,
): Promise<typeof DEMO_LOGIN | undefined> {
  if (!(await isStoreEmpty(store.db))) return undefined;

  const started = Date.now();
  const demo = await seedDemo(store, { people: FIRST_RUN_PEOPLE, seed: 1 });
  logger.info(
    { workspaceId: demo.workspaceId, people: FIRST_RUN_PEOPLE, ms: Date.now() - started },
    'demo workspace created',
  );

  return DEMO_LOGIN;
}
