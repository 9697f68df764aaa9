import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite checkpoints on a thread of their own. In WAL mode a commit appends pages to the log,
 * and a checkpoint copies them back into the database file and syncs it. By default the
 * connection that commits runs the checkpoint itself, synchronously: on a server, Node's event
 * loop stops for as long as the copy and the sync take (50–80 ms every few seconds under a
 * steady 500 events/s, issue #3's freshness bench), and every request that arrives meanwhile
 * waits.
 *
 * Here a worker thread with its own connection to the file runs a passive checkpoint every
 * `everyMs`: it copies what no reader still needs, never waits for a lock, and the log restarts
 * from its beginning once everything in it is copied. The server's own connection keeps its
 * automatic checkpoint as a backstop (it fires only when the log grows past it, if this thread
 * falls behind or stops).
 */
export interface Checkpointer {
  /** Runs a last checkpoint and closes the thread's connection. */
  stop(): Promise<void>;
}

// The worker runs plain JavaScript (no TypeScript loader in a worker) and loads the same
// better-sqlite3 as this process, by its resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next turn tries again.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

export function startCheckpointer(file: string, everyMs = 100): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: driverPath, file, everyMs },
  });
  // A thread that fails leaves checkpoints to the server's connection (see above).
  worker.on('error', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return {
    stop: async () => {
      worker.postMessage('stop');
      await exited;
    },
  };
}
