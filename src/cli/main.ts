import { Command } from 'commander';

import { apiKeyCommand } from './commands/apikey.command.js';
import { backtestCommand } from './commands/backtest.command.js';
import { publishCommand } from './commands/publish.command.js';
import { demoCommand } from './commands/demo.command.js';
import { doctorCommand } from './commands/doctor.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { serveCommand } from './commands/serve.command.js';
import { userCommand } from './commands/user.command.js';
import { workspaceCommand } from './commands/workspace.command.js';

/**
 * The `baton` command line. Every command takes `--json`; errors go to stderr with their
 * code and field, and the exit code is non-zero. Commands read the store from the
 * environment like the server does (BATON_DATA_DIR, DATABASE_URL) and migrate it first.
 */
export function buildProgram(): Command {
  const program = new Command('baton')
    .description('Baton: the sales–marketing agreement, as running software.')
    .showHelpAfterError('(run with --help for usage)');

  program.addCommand(serveCommand(), { isDefault: true });
  for (const command of [
    migrateCommand(),
    workspaceCommand(),
    userCommand(),
    apiKeyCommand(),
    demoCommand(),
    doctorCommand(),
    backtestCommand(),
    publishCommand(),
  ]) {
    program.addCommand(command);
  }

  return program;
}

await buildProgram().parseAsync(process.argv);
