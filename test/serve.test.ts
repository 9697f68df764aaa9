import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { openStore } from '../src/store/database.js';

// `baton serve` (what `npm start` runs) as a process of its own, on the default store: a SQLite
// file in its data directory. Its first start seeds the demo workspace (~13 MB of log), which
// stays below the 10,000 pages at which the committing connection checkpoints by itself: the
// database file fills up only if the server's checkpoint thread runs.

const dir = mkdtempSync(join(tmpdir(), 'baton-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'baton.sqlite');
const MB = 2 ** 20;

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return check();
}

describe('baton serve on SQLite', () => {
  it('serves, checkpoints on its own thread, and leaves a whole file when stopped', async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: { ...process.env, BATON_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '' },
      // DATABASE_URL empty: the default store, whatever the suite runs with.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));

    try {
      expect(await until(() => /Baton is running at (\S+)/.test(output), 60_000)).toBe(true);
      const port = /Baton is running at http:\/\/localhost:(\d+)/.exec(output)![1]!;
      const url = `http://127.0.0.1:${port}`;

      const answer = await fetch(`${url}/api/v1/people`);
      expect(answer.status).toBe(401);
      expect(await until(() => statSync(file).size > MB, 5000)).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }

    expect(await exited).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const store = openStore({ kind: 'sqlite', file });
    try {
      const people = await store.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();

      expect(Number(people.n)).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 90_000);
});
