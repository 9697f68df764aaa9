#!/usr/bin/env node
// The `baton` command: runs the compiled CLI (`npm run build:server` makes it; `npm install`
// runs the build). From source, without building: `npm run baton -- <args>`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/server/cli/main.js', import.meta.url);

if (!existsSync(cli)) {
  process.stderr.write(
    'baton: the CLI is not built yet; run `npm run build:server` (or `npm install`).\n',
  );
  process.exit(1);
}

await import(cli.href);
