import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { DEMO_LOGIN } from '../../src/demo/demo.service.js';
import { call, newWorkspace } from '../support/api.js';
import { describeEachStore } from '../support/stores.js';
import { describedText, eventually, useChromium, useWebApp } from '../support/web-app.js';
import { chromiumInstalled } from './browser.js';
import { NEEDLE } from './web-seed.js';

const SCREENSHOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshot.png');
const PEOPLE = 120;
const run = chromiumInstalled ? describe : describe.skip;

run('web app in Chromium', { timeout: 60_000 }, () => {
  const browser = useChromium();

  describeEachStore('web app', (scratch, dialect) => {
    const web = useWebApp(scratch, browser, {
      people: PEOPLE,
      viewport: { width: 1280, height: 800 },
    });

    /** The list shows the page its URL names, not the previous one kept while loading. */
    async function settled(): Promise<void> {
      await web.page.locator('[data-testid="people-list"][aria-busy="false"]').waitFor();
    }

    function peopleRows() {
      return web.page.getByRole('table', { name: 'People' }).locator('tbody tr');
    }

    it('shows a wrong password next to the password field', async () => {
      const { page, submitLogin } = web;
      await submitLogin(DEMO_LOGIN.email, 'not-the-password');

      // Inline: the message is the password field's own description, not a banner.
      const password = page.getByLabel(/^Password/);
      expect(await describedText(page, password)).toBe('E-mail or password is wrong.');
      expect(page.url()).toContain('/login');
    });

    it('signs in, finds a person by search and opens their page', async () => {
      const { page, signIn } = web;
      await signIn();
      await eventually(() => peopleRows().count()).toBe(50);
      await page.getByText('Page 1 · 50 shown').waitFor();

      if (dialect === 'sqlite') {
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      }

      await page.getByRole('textbox', { name: 'Search people' }).fill('hopperfield');
      await eventually(() => peopleRows().count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('q')).toBe('hopperfield');

      await page.getByRole('link', { name: 'Grace Hopperfield' }).click();
      await page.getByRole('heading', { name: 'Grace Hopperfield' }).waitFor();
      await page.getByText(NEEDLE.email).waitFor();
      await page.getByRole('table', { name: 'Traits' }).getByText('enterprise').waitFor();
      await page.getByText('Person created').waitFor();
    });

    it('keeps filters, sort and page in the URL', async () => {
      const { page, signIn } = web;
      await signIn();
      await eventually(() => peopleRows().count()).toBe(50);
      const firstOnPage1 = await peopleRows().first().textContent();

      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Page 2 · 50 shown').waitFor();
      await settled();
      expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      expect(await peopleRows().first().textContent()).not.toBe(firstOnPage1);

      await page.getByRole('button', { name: 'Previous' }).click();
      await page.getByText('Page 1 · 50 shown').waitFor();
      await settled();
      expect(await peopleRows().first().textContent()).toBe(firstOnPage1);

      await page.getByRole('button', { name: 'E-mail' }).click();
      await eventually(() => new URL(page.url()).searchParams.get('sort')).toBe('email');
      await eventually(async () => {
        const emails = await peopleRows().locator('td:nth-child(2)').allTextContents();

        return emails.length === 50 && emails.every((e, i) => i === 0 || emails[i - 1]! <= e);
      }).toBe(true);

      await page.reload();
      await eventually(() => peopleRows().count()).toBe(50);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('email');
    });

    it("changes a person's stage and owner, naming a missing owner next to its field", async () => {
      const { page, base, token, signIn } = web;
      const found = await call(base, 'GET', `/api/v1/people?q=${NEEDLE.lastName}`, { token });
      await signIn();
      await page.goto(`${base}/people/${found.body.data[0].id}`);

      await page.getByRole('textbox', { name: 'Reason' }).fill('Asked for a demo at a fair');
      await page.getByRole('combobox', { name: 'Stage' }).click();
      await page.getByRole('option', { name: 'MQL' }).click();
      await page.getByRole('button', { name: 'Save' }).click();

      const owner = page.getByRole('combobox', { name: 'Owner' });
      expect(await describedText(page, owner)).toMatch(/owner/);

      await owner.click();
      await page.getByRole('option', { name: 'Dana Demo' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Person stage changed').waitFor();
      await page.getByText(/Stage: Lead → MQL.*because Asked for a demo at a fair/).waitFor();

      const read = await call(base, 'GET', `/api/v1/people/${found.body.data[0].id}`, { token });
      expect(read.body).toMatchObject({ lifecycleStage: 'mql', ownerId: expect.any(String) });
    });

    it('filters by stage', async () => {
      const { page, base, token, signIn } = web;
      await signIn();
      await page.goto(`${base}/people?stage=recycled`);
      const expected = await call(base, 'GET', '/api/v1/people?stage=recycled&limit=50', { token });

      await eventually(() => peopleRows().count()).toBe(expected.body.data.length);
      const stages = await peopleRows().locator('td:nth-child(4)').allTextContents();
      expect(new Set(stages)).toEqual(new Set(['Recycled']));
    });

    it('creates an API key, shows its token once, and revokes it', async () => {
      const { page, base, signIn } = web;
      await signIn();
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('tab', { name: 'API keys' }).click();

      const form = page.getByRole('form', { name: 'New API key' });
      await form.getByRole('textbox', { name: 'Name' }).fill('Browser test key');
      await form.getByRole('button', { name: 'Create key' }).click();
      const shown = (await page.getByTestId('new-api-key-token').textContent())?.trim() ?? '';
      expect(shown).toMatch(/^bk_/);

      const works = await call(base, 'GET', '/api/v1/people?limit=1', { token: shown });
      expect(works.status).toBe(200);

      await page.reload();
      const row = page.getByRole('row', { name: /Browser test key/ });
      await row.waitFor();
      expect(await page.getByText(shown).count()).toBe(0);

      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: 'Revoke' }).click();
      await row.getByText(/^Revoked/).waitFor();
      expect((await call(base, 'GET', '/api/v1/people?limit=1', { token: shown })).status).toBe(
        401,
      );
    });

    it('adds a user, with a bad e-mail named next to its field, and changes a role', async () => {
      const { page, base, token, signIn } = web;
      await signIn();
      await page.goto(`${base}/settings/users`);
      const form = page.getByRole('form', { name: 'Add a user' });
      await form.getByLabel('Name').fill('Rita Rep');
      await form.getByLabel(/^E-mail/).fill('rita-at-example');
      await form.getByLabel(/^First password/).fill('a long enough password');
      await form.getByRole('button', { name: 'Add user' }).click();

      const email = form.getByLabel(/^E-mail/);
      expect(await describedText(page, email)).toMatch(/e-mail/);

      const address = `rita.${dialect}@example.com`;
      await email.fill(address);
      await form.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('row', { name: /Rita Rep/ }).waitFor();

      await page.getByRole('combobox', { name: 'Role of Rita Rep' }).click();
      await page.getByRole('option', { name: 'Viewer' }).click();
      await eventually(async () => {
        const users = await call(base, 'GET', '/api/v1/users', { token });

        return users.body.data.find((u: { email: string }) => u.email === address)?.role;
      }).toBe('viewer');
    });

    it("edits a team's calendar and a member's capacity", async () => {
      const { page, base, token, signIn } = web;
      const team = await call(base, 'POST', '/api/v1/teams', {
        token,
        body: { name: `Browser Team ${dialect}`, kind: 'sales' },
      });
      expect(team.status).toBe(201);

      await signIn();
      await page.goto(`${base}/settings/teams`);
      await page.getByRole('link', { name: `Browser Team ${dialect}` }).click();

      const mondayEnd = page.getByRole('textbox', { name: 'Monday range 1 end' });
      await mondayEnd.fill('08:00');
      await page.getByText('Ends before it starts.').waitFor();
      expect(await page.getByRole('button', { name: 'Save calendar' }).isDisabled()).toBe(true);

      await mondayEnd.fill('18:00');
      await page.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Berl');
      await page.getByRole('option', { name: 'Europe/Berlin' }).click();
      await page.getByLabel('Holiday').fill('2026-12-24');
      await page.getByRole('button', { name: 'Add holiday' }).click();
      await page.getByRole('button', { name: 'Save calendar' }).click();
      await page.getByText('Calendar saved.').waitFor();

      const saved = await call(base, 'GET', `/api/v1/teams/${team.body.id}`, { token });
      expect(saved.body.calendar).toMatchObject({
        timeZone: 'Europe/Berlin',
        holidays: ['2026-12-24'],
      });
      expect(saved.body.calendar.weeklyHours.mon).toEqual([{ start: '09:00', end: '18:00' }]);

      await page.getByRole('combobox', { name: 'User to add' }).click();
      await page.getByRole('option', { name: 'Dana Demo' }).click();
      await page.getByRole('button', { name: 'Add to team' }).click();
      const capacity = page.getByLabel('Capacity of Dana Demo');
      await capacity.fill('7');
      await page
        .getByRole('row', { name: /Dana Demo/ })
        .getByRole('button', { name: 'Save' })
        .click();
      await eventually(async () => {
        const read = await call(base, 'GET', `/api/v1/teams/${team.body.id}`, { token });

        return read.body.members.map((m: { name: string; capacity: number }) => [
          m.name,
          m.capacity,
        ]);
      }).toEqual([['Dana Demo', 7]]);
    });

    it('shows an honest placeholder for areas still to come, and signs out', async () => {
      const { page, base, signIn } = web;
      await signIn();
      await page.getByRole('link', { name: 'Inbox' }).click();
      await page.getByText('Coming with issue #4.', { exact: false }).waitFor();

      await page.getByRole('button', { name: 'Account and workspace' }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();

      await page.goto(`${base}/people`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });

    it('switches to another workspace of the same user, and back', async () => {
      const { page, base, token, signIn } = web;
      const other = await newWorkspace(scratch().store, 'Beta Works');
      const joined = await call(base, 'POST', '/api/v1/users', {
        token: other.apiKey.token,
        body: {
          email: DEMO_LOGIN.email,
          name: 'Dana Demo',
          password: 'unused password',
          role: 'viewer',
        },
      });
      expect(joined.status).toBe(201);

      await signIn();
      const account = page.getByRole('button', { name: 'Account and workspace' });
      await account.click();
      await page.getByRole('menuitem', { name: 'Beta Works' }).click();
      await account.getByText('Beta Works').waitFor();
      await account.getByText('Dana Demo · Viewer').waitFor();
      await page.getByText('No people yet').waitFor();

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('table', { name: 'Users' }).getByText(other.adminEmail).waitFor();
      expect(await page.getByRole('form', { name: 'Add a user' }).count()).toBe(0);

      await account.click();
      const demo = await call(base, 'GET', '/api/v1/workspaces/current', { token });
      await page.getByRole('menuitem', { name: demo.body.name }).click();
      await account.getByText('Dana Demo · Admin').waitFor();
      await eventually(() => peopleRows().count()).toBe(50);
    });
  });
});
