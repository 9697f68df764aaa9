import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifyApiKey } from '../src/api-keys/api-key.service.js';
import { latestVersion } from '../src/store/migrator.js';
import { DIALECTS, postgresReachable, scratchStore, type ScratchStore } from './support/stores.js';

const run = promisify(execFile);

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// The stores start unmigrated: the first command proves that commands migrate on their own.
for (const dialect of DIALECTS) {
  const suite = dialect === 'postgres' && !postgresReachable ? describe.skip : describe;

  suite(`baton CLI [${dialect}]`, { timeout: 120_000 }, () => {
    let scratch: ScratchStore;
    let dataDir: string;
    let workspaceId: string;

    beforeAll(async () => {
      scratch = await scratchStore(dialect);
      dataDir = mkdtempSync(join(tmpdir(), 'baton-cli-'));
    });

    afterAll(async () => {
      await scratch.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function baton(...args: string[]): Promise<CliResult> {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        BATON_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...scratch.env,
      };
      if (!scratch.env.DATABASE_URL) delete env.DATABASE_URL;
      try {
        const { stdout, stderr } = await run(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', ...args],
          { env },
        );

        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };

        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    }

    const json = (result: CliResult) => JSON.parse(result.stdout) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON

    it('creates a workspace on a fresh store and prints exactly its id and keys', async () => {
      const result = await baton(
        'workspace',
        'create',
        'Acme',
        '--admin-email',
        'Admin@Acme.test',
        '--admin-password',
        'correct horse',
        '--json',
      );
      expect(result.code, result.stderr).toBe(0);

      const created = json(result);
      expect(Object.keys(created).sort()).toEqual(['apiKey', 'workspaceId', 'writeKey']);
      expect(created.writeKey).toMatch(/^wk_/);
      expect(await verifyApiKey(scratch.store.db, created.apiKey)).toMatchObject({
        workspaceId: created.workspaceId,
        scope: 'admin',
      });
      workspaceId = created.workspaceId;

      const listed = json(await baton('workspace', 'list', '--json'));
      expect(listed.data).toEqual([
        expect.objectContaining({ id: workspaceId, name: 'Acme', members: 1 }),
      ]);
    });

    it('migrates, and says there is nothing left to apply', async () => {
      const result = json(await baton('migrate', '--json'));

      expect(result).toMatchObject({ applied: [], version: latestVersion(), store: dialect });
    });

    it('adds a user, lists them and changes their role, audited as the CLI', async () => {
      const added = await baton(
        'user',
        'add',
        '--workspace',
        workspaceId,
        '--email',
        'rep@acme.test',
        '--name',
        'Rita Rep',
        '--password',
        'correct horse',
        '--role',
        'sales_rep',
        '--json',
      );
      expect(added.code, added.stderr).toBe(0);
      expect(json(added)).toMatchObject({ email: 'rep@acme.test', role: 'sales_rep' });

      const changed = json(
        await baton(
          'user',
          'set-role',
          '--workspace',
          workspaceId,
          'REP@acme.test',
          'viewer',
          '--json',
        ),
      );
      expect(changed.role).toBe('viewer');

      const listed = json(await baton('user', 'list', '--workspace', workspaceId, '--json'));
      expect(
        listed.data.map((u: { email: string; role: string }) => `${u.email}:${u.role}`).sort(),
      ).toEqual(['admin@acme.test:admin', 'rep@acme.test:viewer']);

      const human = await baton('user', 'list', '--workspace', workspaceId);
      expect(human.stdout).toMatch(/rep@acme\.test\s+Rita Rep\s+viewer/);

      const audit = await scratch.store.db
        .selectFrom('audit_log')
        .select(['action', 'actor_type', 'actor_id'])
        .where('subject_id', '=', changed.id)
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { action: 'user.added', actor_type: 'cli', actor_id: 'baton' },
        { action: 'user.role_changed', actor_type: 'cli', actor_id: 'baton' },
      ]);
    });

    it('fails with a non-zero exit and a message naming the field on stderr', async () => {
      const add = (...extra: string[]) => [
        'user',
        'add',
        '--workspace',
        workspaceId,
        '--email',
        'x@acme.test',
        '--name',
        'X',
        '--password',
        'correct horse',
        '--role',
        'viewer',
        ...extra,
      ];
      const cases: [string[], RegExp][] = [
        [add('--role', 'wizard'), /role must be one of .*\[invalid_role, field: role\]/],
        [
          add('--email', 'not-an-email'),
          /email must be a valid e-mail address\. \[invalid_email, field: email\]/,
        ],
        [
          ['user', 'list', '--workspace', 'wsp_missing'],
          /\[workspace_not_found, field: workspace\]/,
        ],
        [
          ['user', 'set-role', '--workspace', workspaceId, 'admin@acme.test', 'viewer'],
          /\[last_admin, field: role\]/,
        ],
        [
          ['apikey', 'create', '--workspace', workspaceId, '--name', 'k', '--scope', 'god'],
          /\[invalid_scope, field: scope\]/,
        ],
        [['user', 'add', '--workspace', workspaceId], /required option '--email <email>'/],
        [['demo', '--people', 'many'], /--people <n>.*whole number/],
      ];

      const results = await Promise.all(cases.map(([args]) => baton(...args)));
      results.forEach((result, i) => {
        const [args, message] = cases[i]!;
        expect(result.code, args.join(' ')).not.toBe(0);
        expect(result.stderr, args.join(' ')).toMatch(message);
        expect(result.stdout, args.join(' ')).toBe('');
      });

      const asJson = await baton(...add('--role', 'wizard', '--json'));
      expect(JSON.parse(asJson.stderr)).toEqual({
        error: expect.objectContaining({ code: 'invalid_role', field: 'role' }),
      });
      const users = await scratch.store.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'x@acme.test')
        .execute();
      expect(users).toEqual([]);
    });

    it('creates, lists and revokes an API key, showing the token only once', async () => {
      const created = json(
        await baton(
          'apikey',
          'create',
          '--workspace',
          workspaceId,
          '--name',
          'reporting',
          '--scope',
          'read',
          '--json',
        ),
      );
      expect(created.token).toMatch(/^bk_/);

      const listed = await baton('apikey', 'list', '--workspace', workspaceId, '--json');
      expect(json(listed).data.map((k: { name: string }) => k.name)).toContain('reporting');
      expect(listed.stdout).not.toContain(created.token.split('.')[1]);

      const revoked = json(
        await baton('apikey', 'revoke', '--workspace', workspaceId, created.id, '--json'),
      );
      expect(revoked.revokedAt).toEqual(expect.any(String));
      expect(await verifyApiKey(scratch.store.db, created.token)).toBeUndefined();
    });

    it('seeds a demo that the doctor finds sound, and the doctor fails on a corrupted store', async () => {
      const demo = json(await baton('demo', '--people', '60', '--seed', '3', '--json'));
      expect(demo).toMatchObject({ people: 60, login: { email: 'demo@baton.dev' } });

      const clean = await baton('doctor', '--json');
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      expect(json(clean)).toEqual({ ok: true, violations: [] });

      await sql`update people set owner_id = null where workspace_id = ${demo.workspaceId} and lifecycle_stage in ('mql', 'sal', 'sql', 'opportunity')`.execute(
        scratch.store.db,
      );
      const sick = await baton('doctor');
      expect(sick.code).toBe(1);
      expect(sick.stdout).toMatch(/\[owner_missing\]/);
    });
  });
}
