import { Command } from 'commander';

import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys/api-key.service.js';
import { action, withStore, workspaceScope } from '../context.js';
import { print, table } from '../output.js';

interface WorkspaceOption {
  workspace: string;
}

interface CreateOptions extends WorkspaceOption {
  name: string;
  scope: string;
}

const WORKSPACE = ['--workspace <id>', 'the workspace id'] as const;

/** `baton apikey create|list|revoke`. */
export function apiKeyCommand(): Command {
  const apikey = new Command('apikey').description("Manage a workspace's API keys");

  action<CreateOptions>(
    apikey
      .command('create')
      .description('Create an API key; the token is printed once and stored only as a hash')
      .requiredOption(...WORKSPACE)
      .requiredOption('--name <name>', 'what the key is for')
      .requiredOption('--scope <scope>', 'ingest (a write key), read, write or admin'),
    async (_args, options) => {
      const key = await withStore(async (store) => {
        const scope = await workspaceScope(store, options.workspace);

        return store.db
          .transaction()
          .execute((trx) => createApiKey(trx, scope, { name: options.name, scope: options.scope }));
      });

      print(
        options,
        key,
        () =>
          `Created ${key.scope} key ${key.id} (${key.name}).\nToken: ${key.token}\nKeep it now: it is not shown again.`,
      );
    },
  );

  action<WorkspaceOption>(
    apikey
      .command('list')
      .description("List a workspace's API keys (never their secrets)")
      .requiredOption(...WORKSPACE),
    async (_args, options) => {
      const data = await withStore(async (store) =>
        listApiKeys(store.db, (await workspaceScope(store, options.workspace)).workspaceId),
      );

      print(options, { data }, () =>
        table(data, ['id', 'name', 'scope', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt']),
      );
    },
  );

  action<WorkspaceOption>(
    apikey
      .command('revoke <keyId>')
      .description('Revoke an API key at once')
      .requiredOption(...WORKSPACE),
    async ([keyId], options) => {
      const key = await withStore(async (store) =>
        revokeApiKey(store.db, await workspaceScope(store, options.workspace), keyId!),
      );

      print(options, key, () => `Revoked ${key.id} (${key.name}) at ${key.revokedAt ?? '-'}.`);
    },
  );

  return apikey;
}
