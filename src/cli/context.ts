import { Command } from 'commander';

import { loadConfig } from '../app/config.js';
import type { Actor, Scope } from '../shared/actor.js';
import { AppError } from '../shared/app-error.js';
import type { WorkspaceId } from '../shared/ids.js';
import { openStore, type Store } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { reportError, type OutputOptions } from './output.js';

/** Every change made from the command line is audited as this actor. */
export const CLI_ACTOR: Actor = { type: 'cli', id: 'baton' };

/**
 * Opens the store the environment names (like the server: BATON_DATA_DIR, DATABASE_URL),
 * brings its schema up to date, runs `body`, and closes it again. Commands migrate on their
 * own, so that `baton workspace create` works on a fresh store without `baton migrate` first.
 */
export async function withStore<T>(body: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(loadConfig().store);
  try {
    await migrate(store);

    return await body(store);
  } finally {
    await store.close();
  }
}

/** The workspace a `--workspace` option names, as a service scope; unknown ids are an error. */
export async function workspaceScope(store: Store, workspaceId: string): Promise<Scope> {
  const row = await store.db
    .selectFrom('workspaces')
    .select('id')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      'not_found',
      'workspace_not_found',
      `No workspace with id "${workspaceId}".`,
      'workspace',
    );

  return { workspaceId: row.id as WorkspaceId, actor: CLI_ACTOR };
}

/** Adds `--json` to a command and wraps its action so that errors go to stderr, exit 1. */
export function action<O extends object>(
  command: Command,
  run: (args: string[], options: O & OutputOptions) => Promise<void>,
): Command {
  return command
    .option('--json', 'print machine-readable JSON')
    .action(async (...given: unknown[]) => {
      // Commander passes the positional arguments, then the options, then the command itself.
      const options = given[given.length - 2] as O & OutputOptions;
      const args = given.slice(0, -2) as string[];
      try {
        await run(args, options);
      } catch (error) {
        reportError(error, options);
      }
    });
}
