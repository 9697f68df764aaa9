import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newWorkspace, startServer, type TestServer } from '../support/api.js';
import { eventsOf, mid } from '../support/ingest.js';
import { describeEachStore } from '../support/stores.js';
import { chromiumInstalled, launchChromium } from './browser.js';

const run = chromiumInstalled ? describe : describe.skip;

/** A customer's site: another origin than Baton's, serving an empty page. */
async function startSite(): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>site</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}/` };
}

// What analytics.js does from a customer's page: POST to Baton's /v1 from another origin, with
// the write key as basic auth (the browser sends a preflight first) or in a text/plain body
// (no preflight). The page must be allowed to read the answer, and the events must be stored.
run('ingest from a browser on another origin', { timeout: 60_000 }, () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => browser?.close());

  describeEachStore('ingest CORS in Chromium', (scratch) => {
    let baton: TestServer;
    let site: { server: Server; url: string };
    let writeKey: string;
    let workspaceId: string;

    beforeAll(async () => {
      baton = await startServer(scratch().store);
      site = await startSite();
      const created = await newWorkspace(scratch().store);
      writeKey = created.writeKey.token;
      workspaceId = created.workspaceId;
    });

    afterAll(async () => {
      await baton.close();
      await new Promise((resolve) => site.server.close(resolve));
    });

    it('takes events posted by a page of another origin and lets it read the answer', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(site.url);
        const withAuth = mid('cors-auth');
        const inBody = mid('cors-body');

        const answers = await page.evaluate(
          async ({ base, key, ids }) => {
            const track = (messageId: string) => ({
              userId: 'cors-visitor',
              event: 'Pricing Viewed',
              messageId,
            });
            const preflighted = await fetch(`${base}/v1/track`, {
              method: 'POST',
              headers: {
                authorization: `Basic ${btoa(`${key}:`)}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify(track(ids[0]!)),
            });
            const simple = await fetch(`${base}/v1/track`, {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body: JSON.stringify({ ...track(ids[1]!), writeKey: key }),
            });

            return [
              { status: preflighted.status, body: (await preflighted.json()) as unknown },
              { status: simple.status, body: (await simple.json()) as unknown },
            ];
          },
          { base: baton.url, key: writeKey, ids: [withAuth, inBody] },
        );

        expect(answers).toEqual([
          { status: 200, body: { success: true } },
          { status: 200, body: { success: true } },
        ]);
        const stored = (await eventsOf(scratch().store, workspaceId)).map((e) => e.message_id);
        expect(stored).toEqual(expect.arrayContaining([withAuth, inBody]));
      } finally {
        await page.close();
      }
    });

    it('does not open the REST API to other origins', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(site.url);
        const outcome = await page.evaluate(async (base) => {
          try {
            await fetch(`${base}/api/v1/people`, { headers: { authorization: 'Bearer x' } });

            return 'read';
          } catch {
            return 'blocked';
          }
        }, baton.url);

        expect(outcome).toBe('blocked');
      } finally {
        await page.close();
      }
    });
  });
});
