import { Command } from 'commander';

import { createWorkspace } from '../../workspaces/workspace.service.js';
import { action, CLI_ACTOR, withStore } from '../context.js';
import { print, table } from '../output.js';

interface CreateOptions {
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
}

/** `baton workspace create|list`. */
export function workspaceCommand(): Command {
  const workspace = new Command('workspace').description('Create and list workspaces');

  action<CreateOptions>(
    workspace
      .command('create <name>')
      .description(
        'Create a workspace with its first admin, a write key and an admin API key (shown once)',
      )
      .requiredOption('--admin-email <email>', "the first admin's e-mail")
      .requiredOption('--admin-password <password>', "the first admin's password (8+ characters)")
      .option('--admin-name <name>', "the first admin's name"),
    async ([name], options) => {
      const created = await withStore((store) =>
        createWorkspace(
          store.db,
          {
            name: name!,
            adminEmail: options.adminEmail,
            adminPassword: options.adminPassword,
            adminName: options.adminName,
          },
          CLI_ACTOR,
        ),
      );
      const result = {
        workspaceId: created.workspaceId,
        writeKey: created.writeKey.token,
        apiKey: created.apiKey.token,
      };

      print(options, result, () =>
        [
          `Created workspace ${result.workspaceId}.`,
          `Write key (ingest): ${result.writeKey}`,
          `API key (admin):    ${result.apiKey}`,
          'Keep the keys now: they are not shown again.',
        ].join('\n'),
      );
    },
  );

  action(
    workspace.command('list').description('List the workspaces in the store'),
    async (_args, options) => {
      const rows = await withStore((store) =>
        store.db
          .selectFrom('workspaces')
          .leftJoin('memberships', 'memberships.workspace_id', 'workspaces.id')
          .select((eb) => [
            'workspaces.id',
            'workspaces.name',
            'workspaces.created_at',
            eb.fn.count<number>('memberships.user_id').as('members'),
          ])
          .groupBy(['workspaces.id', 'workspaces.name', 'workspaces.created_at'])
          .orderBy('workspaces.created_at')
          .execute(),
      );
      const data = rows.map((row) => ({
        id: row.id,
        name: row.name,
        members: Number(row.members),
        createdAt: row.created_at,
      }));

      print(options, { data }, () => table(data, ['id', 'name', 'members', 'createdAt']));
    },
  );

  return workspace;
}
