import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { backtestOverApi, call } from '../support/api.js';
import { describeEachStore } from '../support/stores.js';
import { describedText, eventually, useChromium, useWebApp } from '../support/web-app.js';
import { chromiumInstalled } from './browser.js';

const SCREENSHOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/scoring.png');
const PEOPLE = 80;
const run = chromiumInstalled ? describe : describe.skip;

interface ModelSummary {
  id: string;
  name: string;
  published: { version: number } | null;
  draft: { version: number } | null;
}

interface Rule {
  label: string;
  points: number;
  cap?: { max: number; windowDays: number };
}

run('scoring in Chromium', { timeout: 90_000 }, () => {
  const browser = useChromium();

  describeEachStore('scoring web app', (scratch, dialect) => {
    // Publishes and backtests answer at once: the web app follows their jobs to the end.
    const web = useWebApp(scratch, browser, {
      people: PEOPLE,
      viewport: { width: 1280, height: 900 },
      jobWaitMs: 0,
    });

    async function starterModel(): Promise<ModelSummary> {
      const { base, token } = web;
      const models = await call(base, 'GET', '/api/v1/scoring-models', { token });
      expect(models.status).toBe(200);
      const model = (models.body.data as ModelSummary[]).find((m) => m.name === 'Starter model');
      expect(model, 'the demo workspace starts with the starter model').toBeDefined();

      return model!;
    }

    async function draftRules(id: string) {
      const { base, token } = web;
      const draft = await call(base, 'GET', `/api/v1/scoring-models/${id}/draft`, { token });

      return draft.body as {
        saved: boolean;
        version: number | null;
        definition: { fitRules: Rule[]; engagementRules: Rule[] };
      };
    }

    it('edits a rule, names a bad cap next to its field, saves, backtests and publishes', async () => {
      const { page, base, token, signIn } = web;
      const before = await starterModel();
      const published = before.published!.version;
      await signIn();

      await page.getByRole('link', { name: 'Scoring' }).click();
      await page.getByRole('heading', { name: 'Scoring' }).waitFor();
      await page.getByRole('link', { name: 'Starter model' }).click();
      await page.getByTestId('published-version').getByText(`Published v${published}`).waitFor();

      // A fit rule's points, then an impossible cap window on an engagement rule.
      await page.getByLabel('Points of Target industry').fill('25');
      await page.getByRole('tab', { name: 'Engagement' }).click();
      const capWindow = page.getByLabel('Cap window of Pricing page viewed');
      await capWindow.fill('0');
      await page.getByRole('button', { name: 'Save draft' }).click();

      await eventually(() => describedText(page, capWindow)).toMatch(/greater than 0/);
      await page.getByText('The draft was not saved').waitFor();
      expect((await draftRules(before.id)).saved).toBe(false);

      await capWindow.fill('14');
      await page.getByRole('button', { name: 'Save draft' }).click();
      const draftVersion = published + 1;
      await page.getByText(`Draft v${draftVersion} saved.`).waitFor();
      expect(await capWindow.getAttribute('aria-invalid')).not.toBe('true');

      const saved = await draftRules(before.id);
      expect(saved).toMatchObject({ saved: true, version: draftVersion });
      expect(saved.definition.fitRules.find((r) => r.label === 'Target industry')?.points).toBe(25);
      expect(
        saved.definition.engagementRules.find((r) => r.label === 'Pricing page viewed')?.cap,
      ).toEqual({ max: 3, windowDays: 14 });

      // The backtest of the last 90 days: a chart of MQLs per week, draft against published.
      await page.getByRole('tab', { name: 'Fit' }).click();
      await page.getByRole('button', { name: 'Run backtest' }).click();
      const report = page.getByTestId('backtest-report');
      await report.waitFor();
      await report.locator('.recharts-surface').first().waitFor();
      await report.getByText(`Draft v${draftVersion}`).first().waitFor();
      await report.getByText(`Published v${published}`).first().waitFor();

      const from = await page.getByLabel('From', { exact: true }).inputValue();
      const to = await page.getByLabel('To', { exact: true }).inputValue();
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      expect(days).toBe(90);
      const same = { body: await backtestOverApi(base, token, before.id, { from, to }) };
      const totals = page.getByRole('table', { name: 'Backtest totals' });
      const mqlRow = totals.getByRole('row', { name: /^MQLs/ });
      await eventually(() => mqlRow.locator('td').allTextContents()).toEqual([
        'MQLs',
        String(same.body.report.totals.draft.mqls),
        String(same.body.report.totals.published.mqls),
      ]);
      const bars = await report.locator('.recharts-bar-rectangle').count();
      expect(bars).toBe(same.body.report.weeks.length * 2);

      // The report lives in the URL: a reload shows it again, from the stored backtest.
      expect(new URL(page.url()).searchParams.get('backtest')).toMatch(/\S/);
      await page.reload();
      await report.getByText(`Draft v${draftVersion}`).first().waitFor();
      await eventually(() => mqlRow.locator('td').nth(1).textContent()).toBe(
        String(same.body.report.totals.draft.mqls),
      );

      if (dialect === 'sqlite') {
        await page.setViewportSize({ width: 1280, height: 2150 });
        await page.evaluate(() => window.scrollTo(0, 0));
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      }

      // Publishing asks first, then shows the new version.
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Publish draft v${draftVersion}?` });
      await dialog.getByText(`replaces published v${published}`).waitFor();
      await dialog.getByRole('button', { name: `Publish v${draftVersion}` }).click();
      await page.getByTestId('published-version').getByText(`Published v${draftVersion}`).waitFor();
      const latestJob = async () =>
        (await call(base, 'GET', `/api/v1/scoring-models/${before.id}/rescores`, { token })).body
          .data[0] as { status: string; scored: number; changed: number };
      await eventually(async () => (await latestJob()).status).toBe('done');
      const job = await latestJob();
      await page
        .getByTestId('rescore-done')
        .getByText(`${job.scored} people re-scored, ${job.changed} scores changed`)
        .waitFor();

      const versions = page.getByRole('table', { name: 'Versions' });
      await versions.getByRole('row', { name: new RegExp(`^v${published}\\s*retired`) }).waitFor();
      await versions
        .getByRole('row', { name: new RegExp(`^v${draftVersion}\\s*published.*by Dana Demo`) })
        .waitFor();
      const after = await call(base, 'GET', `/api/v1/scoring-models/${before.id}`, { token });
      expect(after.body.published.version).toBe(draftVersion);
      expect(after.body.draft).toBeNull();
    });

    it('follows a re-score still running when the page opens, then says what it did', async () => {
      const { page, base, signIn } = web;
      const model = await starterModel();
      const db = scratch().store.db;
      const { workspace_id } = await db
        .selectFrom('scoring_models')
        .select('workspace_id')
        .where('id', '=', model.id)
        .executeTakeFirstOrThrow();
      // A job another process is running: its lease keeps this server's runner away.
      const now = new Date().toISOString();
      await db
        .insertInto('rescore_jobs')
        .values({
          id: 'rsj_0000000000browsertest01',
          workspace_id,
          model_id: model.id,
          cause: 'profile',
          version_id: null,
          status: 'running',
          cursor: null,
          total: 1200,
          reached: 450,
          scored: 440,
          changed: 300,
          moved: 7,
          error: null,
          runner: 'run_elsewhere',
          lease_until: new Date(Date.now() + 600_000).toISOString(),
          created_by: 'system:test',
          created_at: now,
          updated_at: now,
          finished_at: null,
        })
        .execute();

      await signIn();
      await page.goto(`${base}/scoring`);
      await page
        .getByRole('row', { name: /Starter model/ })
        .getByTestId('rescoring')
        .getByText('Re-scoring 38%')
        .waitFor();
      await page.goto(`${base}/scoring/${model.id}`);
      const progress = page.getByTestId('rescore-progress');
      await progress
        .getByText('Re-scoring: 450 of 1,200 people looked at, 440 re-scored')
        .waitFor();
      expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('37.5');

      await db
        .updateTable('rescore_jobs')
        .set({ status: 'done', reached: 1200, scored: 1100, runner: null, finished_at: now })
        .where('id', '=', 'rsj_0000000000browsertest01')
        .execute();
      await page
        .getByTestId('rescore-done')
        .getByText('1,100 people re-scored, 300 scores changed, 7 moved stage.')
        .waitFor();
      expect(await progress.count()).toBe(0);
    });

    it('follows a backtest still running when the model opens, then shows its report', async () => {
      const { page, base, token, signIn } = web;
      const created = await call(base, 'POST', '/api/v1/scoring-models', {
        token,
        body: { name: 'Followed backtests' },
      });
      const id = created.body.id as string;
      const stored = await backtestOverApi(base, token, id, {
        from: '2025-01-06',
        to: '2025-02-02',
      });
      const db = scratch().store.db;
      const done = await db
        .selectFrom('backtest_runs')
        .selectAll()
        .where('backtest_id', '=', stored.id)
        .executeTakeFirstOrThrow();
      // A run another process holds: its lease keeps this server's sweep away.
      const runId = 'bkr_0000000000browsertest01';
      await db
        .insertInto('backtest_runs')
        .values({
          ...done,
          id: runId,
          status: 'running',
          total: 1200,
          reached: 450,
          backtest_id: null,
          runner: 'run_elsewhere',
          lease_until: new Date(Date.now() + 600_000).toISOString(),
          created_at: new Date().toISOString(),
          finished_at: null,
        })
        .execute();

      await signIn();
      await page.goto(`${base}/scoring/${id}`);
      const progress = page.getByTestId('backtest-progress');
      await progress.getByText('Backtesting: 450 of 1,200 people replayed.').waitFor();
      expect(new URL(page.url()).searchParams.get('backtest')).toBeNull();

      await db
        .updateTable('backtest_runs')
        .set({ status: 'done', reached: 1200, backtest_id: stored.id, runner: null })
        .where('id', '=', runId)
        .execute();
      await page.getByTestId('backtest-report').waitFor();
      await eventually(() => new URL(page.url()).searchParams.get('backtest')).toBe(stored.id);
      expect(await progress.count()).toBe(0);
    });

    it('renames a model, refuses a taken name and a bad segment inline, lists its backtests', async () => {
      const { page, base, token, signIn } = web;
      // A model of its own: the other tests read the starter model as it is.
      const created = await call(base, 'POST', '/api/v1/scoring-models', {
        token,
        body: { name: 'Partner model' },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const readModel = async () =>
        (await call(base, 'GET', `/api/v1/scoring-models/${id}`, { token })).body as {
          name: string;
          priority: number;
          segment: unknown;
        };

      await signIn();
      await page.goto(`${base}/scoring/${id}`);
      await page.getByRole('heading', { name: 'Partner model', level: 2 }).waitFor();
      const settings = page.getByRole('form', { name: 'Model settings' });
      const name = settings.getByLabel('Name');
      const save = settings.getByRole('button', { name: 'Save settings' });

      // Another model's name: refused next to the name.
      await name.fill('Starter model');
      await save.click();
      await eventually(() => describedText(page, name)).toMatch(/already exists/);
      expect((await readModel()).name).toBe('Partner model');

      // A segment without an attribute: refused next to the attribute.
      await settings.getByLabel('Only people in a segment').check();
      await name.fill('Partner model (EMEA)');
      await save.click();
      const attribute = settings.getByLabel('Attribute');
      await eventually(() => describedText(page, attribute)).toMatch(/attribute is needed/);
      expect((await readModel()).segment).toBeNull();

      await attribute.fill('company.region');
      await settings.getByLabel('Value of segment').fill('EMEA');
      await settings.getByLabel('Priority').fill('20');
      await save.click();
      await settings.getByText('Settings saved').waitFor();
      await page.getByRole('heading', { name: 'Partner model (EMEA)', level: 2 }).waitFor();
      await eventually(() => page.getByTestId('model-scope').textContent()).toBe(
        'Scores: company.region equals EMEA · priority 20',
      );
      expect(await readModel()).toMatchObject({
        name: 'Partner model (EMEA)',
        priority: 20,
        segment: { attribute: 'company.region', operator: 'equals', value: 'EMEA' },
      });

      // A backtest run here is listed at once, shown above.
      const past = page.getByRole('table', { name: 'Past backtests' });
      await page.getByText('No backtests yet.').waitFor();
      await page.getByRole('button', { name: 'Run backtest' }).click();
      await page.getByTestId('backtest-report').waitFor();
      const rows = past.locator('tbody tr');
      await eventually(() => rows.count()).toBe(1);
      await rows.first().getByText('by Dana Demo').waitFor();
      await rows.first().getByText('Shown above').waitFor();

      // One run through the API over another period: after a reload it is the newest; opening it
      // shows its report.
      const other = {
        body: await backtestOverApi(base, token, id, { from: '2025-01-06', to: '2025-02-02' }),
      };
      await page.reload();
      await eventually(() => rows.count()).toBe(2);
      const newest = rows.first();
      await newest.getByText('by an API key').waitFor();
      const period = (await newest.locator('td').nth(1).textContent())!;
      await newest.getByRole('button', { name: 'Open' }).click();
      await eventually(() => new URL(page.url()).searchParams.get('backtest')).toBe(other.body.id);
      await newest.getByText('Shown above').waitFor();
      await page.getByTestId('backtest-report').getByText(period, { exact: false }).waitFor();
      await eventually(() => page.getByLabel('From', { exact: true }).inputValue()).toBe(
        '2025-01-06',
      );
      expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2025-02-02');
      await eventually(() => rows.nth(1).getByRole('button', { name: 'Open' }).count()).toBe(1);

      // The list of models shows the new name.
      await page.getByRole('link', { name: '← Scoring models' }).click();
      await page.getByRole('link', { name: 'Partner model (EMEA)' }).waitFor();
    });

    it('explains a person’s score: grade, verdicts, points per event, history', async () => {
      const { page, base, token, signIn } = web;
      const people = await call(base, 'GET', '/api/v1/people?limit=60', { token });
      let chosen: { id: string; score: Record<string, any> } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's JSON, read loosely
      for (const person of people.body.data as Array<{ id: string }>) {
        const score = await call(base, 'GET', `/api/v1/people/${person.id}/score`, { token });
        const first = score.body.data[0];
        if (first?.stored && first.explanation.engagement.rules.length > 0) {
          chosen = { id: person.id, score: first };
          break;
        }
      }
      expect(chosen, 'a demo person with events that scored').toBeDefined();
      const { id, score } = chosen!;

      await signIn();
      await page.goto(`${base}/people/${id}`);
      const panel = page.getByLabel('Score', { exact: true });
      await expect(panel.getByTestId('score-grade').textContent()).resolves.toBe(score.grade);
      await panel.getByText(`${score.modelName} v${score.version}`).first().waitFor();

      const mql = panel.getByLabel('MQL verdict');
      await mql.getByText(score.explanation.mql.met ? 'criteria met' : 'not met').waitFor();
      await mql.getByText(score.explanation.mql.reasons[0].text).waitFor();

      const contribution = score.explanation.engagement.rules[0];
      const rows = panel.getByRole('table', { name: 'Engagement points' }).locator('tbody tr');
      await eventually(() => rows.count()).toBe(score.explanation.engagement.rules.length);
      expect(await rows.first().textContent()).toContain(contribution.label);
      expect(await rows.first().textContent()).toContain(String(contribution.decayed));

      await panel.getByRole('tab', { name: 'History' }).click();
      const history = panel.getByRole('table', { name: 'Score history' });
      await history.getByText(`${score.modelName} v`).first().waitFor();
    });

    it('lets a viewer read a model but offers no controls to change it', async () => {
      const { page, base, token, signIn } = web;
      const email = `viewer.${dialect}@example.com`;
      const password = 'a long enough password';
      const created = await call(base, 'POST', '/api/v1/users', {
        token,
        body: { email, name: 'Vera Viewer', password, role: 'viewer' },
      });
      expect(created.status).toBe(201);
      const model = await starterModel();

      await signIn(email, password);
      await page.goto(`${base}/scoring/${model.id}`);
      await page.getByText('Your role may read scoring models').waitFor();
      await page.getByRole('table', { name: 'Fit rules' }).waitFor();
      expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Add fit rule' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
      const settings = page.getByRole('form', { name: 'Model settings' });
      expect(await settings.getByLabel('Name').getAttribute('readonly')).not.toBeNull();
      expect(await settings.getByLabel('Priority').getAttribute('readonly')).not.toBeNull();
      expect(await page.getByLabel('Points of VP title').getAttribute('readonly')).not.toBeNull();
    });
  });
});
