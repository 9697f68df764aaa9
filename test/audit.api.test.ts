import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { call, newWorkspace, startServer, type TestServer } from './support/api.js';
import { describeEachStore } from './support/stores.js';

describeEachStore('audit API', (scratch) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;
  let companyIds: string[];

  beforeAll(async () => {
    server = await startServer(scratch().store);
    token = (await newWorkspace(scratch().store)).apiKey.token;
    otherToken = (await newWorkspace(scratch().store, 'Other Co')).apiKey.token;

    companyIds = [];
    for (let i = 0; i < 5; i++) {
      companyIds.push(
        (
          await call(server.url, 'POST', '/api/v1/companies', {
            token,
            body: { name: `Audited ${i}` },
          })
        ).body.id,
      );
    }
    await call(server.url, 'PATCH', `/api/v1/companies/${companyIds[0]}`, {
      token,
      body: { industry: 'Retail' },
    });
  });

  afterAll(() => server.close());

  it('lists entries newest first in pages, with their full shape', async () => {
    const seen: { action: string; subjectId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        server.url,
        'GET',
        `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);

    // Newest first: the update, the five creations in reverse, then the workspace's own setup.
    expect(seen.slice(0, 6).map((e) => e.subjectId)).toEqual([
      companyIds[0],
      ...[...companyIds].reverse(),
    ]);
    expect(seen.map((e) => e.action).slice(-3)).toEqual([
      'api_key.created',
      'api_key.created',
      'workspace.created',
    ]);
    expect(new Set(seen.map((e) => (e as unknown as { id: string }).id)).size).toBe(seen.length);
    expect(Object.keys(seen[0]!).sort()).toEqual([
      'action',
      'actorId',
      'actorType',
      'after',
      'at',
      'before',
      'id',
      'reason',
      'subjectId',
      'subjectType',
    ]);
  });

  it('filters by subject, action and actor', async () => {
    const bySubject = await call(server.url, 'GET', `/api/v1/audit?subjectId=${companyIds[0]}`, {
      token,
    });
    expect(bySubject.body.data.map((e: { action: string }) => e.action)).toEqual([
      'company.updated',
      'company.created',
    ]);
    expect(bySubject.body.data[0]).toMatchObject({
      before: { industry: null },
      after: { industry: 'Retail' },
      subjectType: 'company',
      actorType: 'api_key',
    });

    const byAction = await call(server.url, 'GET', '/api/v1/audit?action=company.created', {
      token,
    });
    expect(byAction.body.data).toHaveLength(5);

    const actorId = bySubject.body.data[0].actorId as string;
    const byActor = await call(server.url, 'GET', `/api/v1/audit?actorId=${actorId}`, { token });
    expect(byActor.body.data).toHaveLength(6);
  });

  it('shows nothing of another workspace', async () => {
    const foreign = await call(server.url, 'GET', `/api/v1/audit?subjectId=${companyIds[0]}`, {
      token: otherToken,
    });
    expect(foreign.body.data).toEqual([]);

    const all = await call(server.url, 'GET', '/api/v1/audit', { token: otherToken });
    expect(all.body.data.map((e: { action: string }) => e.action)).not.toContain('company.created');
  });

  it('refuses forged cursors and unknown parameters', async () => {
    const forged = Buffer.from(JSON.stringify(['2025-01-01', 'aud_x'])).toString('base64url');
    const result = await call(server.url, 'GET', `/api/v1/audit?cursor=${forged}`, { token });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });

    const garbage = await call(server.url, 'GET', '/api/v1/audit?cursor=not-a-cursor', { token });
    expect(garbage.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });

    const unknown = await call(server.url, 'GET', '/api/v1/audit?since=yesterday', { token });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_field', field: 'since' });
  });

  it('is append-only in the store itself', async () => {
    const db = scratch().store.db;

    await expect(sql`update audit_log set action = 'forged'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });
});
