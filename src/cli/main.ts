import { Command } from 'commander';

import { loadConfig } from '../app/config.js';
import { serve } from '../app/serve.js';

const program = new Command('baton').description('Baton: the sales–marketing agreement, as running software.');

program
  .command('serve', { isDefault: true })
  .description('Run the API and web app')
  .action(async () => {
    const server = await serve(loadConfig());
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

await program.parseAsync(process.argv);
