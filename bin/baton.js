#!/usr/bin/env node
// The `baton` command: runs the compiled CLI (`npm run build` makes it; `npm install` runs that).
await import('../dist/server/cli/main.js');
