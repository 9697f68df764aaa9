/**
 * A server in a process of its own, so that its resident memory is its own and the load
 * generator and the parent's bookkeeping do not share its CPU time: Baton (`buildApp` on a
 * store) or the bare ingest server. Driven over IPC by `server-process.ts`.
 */
import { readFileSync } from 'node:fs';

import { pino } from 'pino';

import { buildApp } from '../src/app/build-app.js';
import { openStore, serverStoreOptions, type StoreOptions } from '../src/store/database.js';
import { startBareServer } from './bare-ingest.js';

export type ServerSpec =
  | { readonly kind: 'baton'; readonly store: StoreOptions }
  | {
      readonly kind: 'bare';
      readonly file: string;
      readonly writeKey: string;
      readonly workspaceId: string;
    };

export type ServerCommand = { readonly command: 'memory' } | { readonly command: 'stop' };

/** Peak and current resident set of this process, in bytes, from /proc (Linux). */
export function memoryOf(pid: number | 'self'): { peak: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);

  return { peak: kb('VmHWM') * 1024, rss: kb('VmRSS') * 1024 };
}

async function start(spec: ServerSpec): Promise<{ url: string; close: () => Promise<void> }> {
  if (spec.kind === 'bare') {
    const bare = await startBareServer(spec.file, spec.writeKey, spec.workspaceId);

    return {
      url: bare.url,
      close: async () => {
        await new Promise((resolve) => bare.server.close(resolve));
        bare.store.close();
      },
    };
  }

  // As `npm start` opens it (serve.ts); BENCH_SQLITE_CHECKPOINTS=inline leaves SQLite's
  // checkpoints to the committing connection, to compare.
  const store = openStore(
    process.env.BENCH_SQLITE_CHECKPOINTS === 'inline' ? spec.store : serverStoreOptions(spec.store),
  );
  // BENCH_SERVER_LOG=1 logs the server's errors (a 500's cause) to stderr.
  const logger = process.env.BENCH_SERVER_LOG ? pino({ level: 'error' }) : false;
  const app = await buildApp({ store, logger });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  return {
    url,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

process.once('message', (spec: ServerSpec) => {
  start(spec).then(
    (server) => {
      process.send?.({ url: server.url });
      process.on('message', (message: ServerCommand) => {
        if (message.command === 'memory') process.send?.({ memory: memoryOf('self') });
        else void server.close().then(() => process.exit(0));
      });
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
