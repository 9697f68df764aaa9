import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the browser tests serve the web app from: the same place `npm start` does. */
export const WEB_ROOT = join(repo, 'dist/web');

/** Files outside `src/web` that the bundle includes. */
const SHARED_SOURCES = [
  join(repo, 'src/lifecycle/stages.ts'),
  join(repo, 'src/scoring/scoring-model.ts'),
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }

  return newest;
}

function isStale(): boolean {
  const index = join(WEB_ROOT, 'index.html');
  if (!existsSync(index)) return true;

  const sources = Math.max(
    newestMtime(join(repo, 'src/web')),
    ...SHARED_SOURCES.map((f) => statSync(f).mtimeMs),
  );

  return statSync(index).mtimeMs < sources;
}

/** Builds the web bundle with Vite when it is missing or older than its sources. */
export async function ensureWebBuild(): Promise<void> {
  if (!isStale()) return;

  const vite = join(repo, 'node_modules/.bin/vite');
  await promisify(execFile)(
    vite,
    ['build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repo,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}
