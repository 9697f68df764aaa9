import type { Kysely } from 'kysely';

import type { Dialect } from './database.js';

/** A forward-only schema step. Versions are consecutive integers, never reused. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Column types that differ between the stores, named by what they hold. */
export function columnTypes(dialect: Dialect) {
  const pg = dialect === 'postgres';

  return {
    time: pg ? 'timestamptz' : 'text',
    json: pg ? 'jsonb' : 'text',
    real: pg ? 'double precision' : 'real',
  } as const;
}
