import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Dialect } from './database.js';
import type { SchemaShape } from './introspect.js';

/**
 * The committed record of what the migrations build, per dialect. A test compares a freshly
 * migrated store with it, so that a schema change is always a reviewed change of this file.
 * Regenerate with `npm run schema:snapshot`.
 */
export const SCHEMA_SNAPSHOT_FILE = fileURLToPath(
  new URL('./schema.snapshot.json', import.meta.url),
);

export const SNAPSHOT_ADVICE =
  'The migrated schema differs from src/store/schema.snapshot.json. If the change is intended ' +
  '(a new migration), run `npm run schema:snapshot` and commit the file with the migration.';

export type SchemaSnapshot = Partial<Record<Dialect, SchemaShape>>;

export function readSchemaSnapshot(): SchemaSnapshot {
  try {
    return JSON.parse(readFileSync(SCHEMA_SNAPSHOT_FILE, 'utf8')) as SchemaSnapshot;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export function writeSchemaSnapshot(snapshot: SchemaSnapshot): void {
  writeFileSync(SCHEMA_SNAPSHOT_FILE, `${JSON.stringify(snapshot, null, 2)}\n`);
}
