import { Command } from 'commander';

import { loadConfig } from '../../app/config.js';
import { openStore } from '../../store/database.js';
import { migrate } from '../../store/migrator.js';
import { action } from '../context.js';
import { print } from '../output.js';

/** `baton migrate`: applies pending migrations and prints what it applied. */
export function migrateCommand(): Command {
  return action(
    new Command('migrate').description('Apply pending schema migrations'),
    async (_args, options) => {
      const store = openStore(loadConfig().store);
      try {
        const result = await migrate(store);

        print(options, { ...result, store: store.dialect }, () =>
          [
            ...result.applied.map((m) => `Applied ${m.version} ${m.name}`),
            `The ${store.dialect} store at ${store.location} is at schema version ${result.version}.`,
          ].join('\n'),
        );
      } finally {
        await store.close();
      }
    },
  );
}
