import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { ServerSpec } from './server-child.js';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

/**
 * The V8 heap bound `npm start` runs the server with (package.json): without it V8 lets garbage
 * pile up to several hundred MB before it collects, and the server passes 500 MB resident.
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=256'];

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Peak resident memory so far (VmHWM) and the current one, in bytes. */
  memory(): Promise<{ peak: number; rss: number }>;
  stop(): Promise<void>;
}

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message[key] as T);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`server process exited with code ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts a server in a child process (it inherits tsx; `BENCH_CPU_PROF=<dir>` profiles it with
 * `--cpu-prof`) and answers once it listens.
 */
export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  const profile = process.env.BENCH_CPU_PROF;
  const child = fork(CHILD, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [
      ...process.execArgv,
      ...SERVER_NODE_FLAGS,
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ],
  });
  const listening = nextMessage<string>(child, 'url');
  child.send(spec);
  const url = await listening;

  return {
    url,
    pid: child.pid!,
    memory: () => {
      const answer = nextMessage<{ peak: number; rss: number }>(child, 'memory');
      child.send({ command: 'memory' });

      return answer;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ command: 'stop' });
      }),
  };
}
