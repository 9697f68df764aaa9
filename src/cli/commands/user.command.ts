import { Command } from 'commander';

import { notFound } from '../../shared/app-error.js';
import { findMemberByEmail, listMembers } from '../../users/user.repository.js';
import { addMember, updateMember } from '../../users/user.service.js';
import { validateEmail } from '../../users/user.validation.js';
import { action, withStore, workspaceScope } from '../context.js';
import { print, table } from '../output.js';

interface WorkspaceOption {
  workspace: string;
}

interface AddOptions extends WorkspaceOption {
  email: string;
  name: string;
  password: string;
  role: string;
}

const WORKSPACE = ['--workspace <id>', 'the workspace id'] as const;

/** `baton user add|list|set-role`. */
export function userCommand(): Command {
  const user = new Command('user').description("Manage a workspace's users and their roles");

  action<AddOptions>(
    user
      .command('add')
      .description('Add a user to a workspace (an existing user keeps their name and password)')
      .requiredOption(...WORKSPACE)
      .requiredOption('--email <email>', "the user's e-mail")
      .requiredOption('--name <name>', "the user's name")
      .requiredOption(
        '--password <password>',
        'a password of 8+ characters, used when the user is new',
      )
      .requiredOption('--role <role>', 'admin, marketing, sales_manager, sales_rep or viewer'),
    async (_args, options) => {
      const member = await withStore(async (store) =>
        addMember(store.db, await workspaceScope(store, options.workspace), options),
      );

      print(options, member, () => `Added ${member.email} (${member.id}) as ${member.role}.`);
    },
  );

  action<WorkspaceOption>(
    user
      .command('list')
      .description('List the members of a workspace')
      .requiredOption(...WORKSPACE),
    async (_args, options) => {
      const data = await withStore(async (store) =>
        listMembers(store.db, (await workspaceScope(store, options.workspace)).workspaceId),
      );

      print(options, { data }, () => table(data, ['id', 'email', 'name', 'role', 'createdAt']));
    },
  );

  action<WorkspaceOption>(
    user
      .command('set-role <email> <role>')
      .description("Change a member's role (a workspace always keeps one admin)")
      .requiredOption(...WORKSPACE),
    async ([email, role], options) => {
      const member = await withStore(async (store) => {
        const scope = await workspaceScope(store, options.workspace);
        const found = await findMemberByEmail(store.db, scope.workspaceId, validateEmail(email!));
        if (!found) throw notFound('user', 'email');

        return updateMember(store.db, scope, found.id, { role: role! });
      });

      print(options, member, () => `${member.email} is now ${member.role}.`);
    },
  );

  return user;
}
