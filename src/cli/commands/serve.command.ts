import { Command } from 'commander';

import { loadConfig } from '../../app/config.js';
import { serve } from '../../app/serve.js';
import { reportError } from '../output.js';

/** `baton serve`: the API and the web app, until SIGINT or SIGTERM. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the API and web app (migrates the store; seeds the demo on an empty one)')
    .option('--json', 'accepted for symmetry; the server logs JSON lines anyway')
    .action(async (options: { json?: boolean }) => {
      try {
        const server = await serve(loadConfig());
        const stop = () => void server.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        reportError(error, options);
      }
    });
}
