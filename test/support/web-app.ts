import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

import { buildApp } from '../../src/app/build-app.js';
import { DEMO_LOGIN } from '../../src/demo/demo.service.js';
import { launchChromium } from '../web/browser.js';
import { ensureWebBuild, WEB_ROOT } from '../web/web-build.js';
import { seedWebDemo } from '../web/web-seed.js';
import type { ScratchStore } from './stores.js';

/** `expect.poll` with time for a busy machine: two cores shared by the whole suite. */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** The text that describes an input: Mantine ties an input's error to it by aria-describedby. */
export async function describedText(page: Page, input: Locator): Promise<string> {
  await eventually(() => input.getAttribute('aria-describedby')).toBeTruthy();
  const ids = (await input.getAttribute('aria-describedby'))!.split(/\s+/);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));

  return texts.join(' ');
}

/** Builds the web bundle if it is stale and starts Chromium once for a test file. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;

  beforeAll(async () => {
    await ensureWebBuild();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  return () => browser!;
}

export interface WebApp {
  /** The server's address, e.g. `http://127.0.0.1:41234`. */
  readonly base: string;
  /** An API key of the demo workspace, for checking what the page did. */
  readonly token: string;
  /** A fresh page in a fresh browser context, per test. */
  readonly page: Page;
  /** Fills and submits the login form (the demo admin unless told), waiting for nothing after. */
  submitLogin(email?: string, password?: string): Promise<void>;
  /** Signs in on the login form (the demo admin unless told) and waits for the people list. */
  signIn(email?: string, password?: string): Promise<void>;
}

/**
 * The app serving the built web bundle over `scratch`'s store, seeded with the demo workspace
 * and at least `people` people, and a new page for every test. Call inside `describeEachStore`.
 */
export function useWebApp(
  scratch: () => ScratchStore,
  browser: () => Browser,
  options: {
    people: number;
    viewport: { width: number; height: number };
    /** How long publishes and backtests wait for their jobs (the server's default: 2 s). */
    jobWaitMs?: number;
  },
): WebApp {
  let app: FastifyInstance | undefined;
  const state = { base: '', token: '', page: undefined as Page | undefined };

  beforeAll(async () => {
    app = await buildApp({
      store: scratch().store,
      logger: false,
      webRoot: WEB_ROOT,
      ...(options.jobWaitMs === undefined ? {} : { jobWaitMs: options.jobWaitMs }),
    });
    state.base = await app.listen({ port: 0, host: '127.0.0.1' });
    state.token = await seedWebDemo(scratch().store, state.base, options.people);
  }, 120_000);

  afterAll(() => app?.close());

  beforeEach(async () => {
    const context = await browser().newContext({ viewport: options.viewport });
    state.page = await context.newPage();
    state.page.setDefaultTimeout(15_000);
  });

  afterEach(async () => {
    await state.page?.context().close();
  });

  async function submitLogin(
    email: string = DEMO_LOGIN.email,
    password: string = DEMO_LOGIN.password,
  ) {
    const page = state.page!;
    await page.goto(`${state.base}/people`);
    await page.getByLabel(/^E-mail/).fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  return {
    get base() {
      return state.base;
    },
    get token() {
      return state.token;
    },
    get page() {
      return state.page!;
    },
    submitLogin,
    async signIn(email?: string, password?: string) {
      await submitLogin(email, password);
      await state.page!.getByRole('heading', { name: 'People' }).waitFor();
    },
  };
}
