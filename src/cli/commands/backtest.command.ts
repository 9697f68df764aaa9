import { Command } from 'commander';

import { countPeople } from '../../people/people.repository.js';
import { runBacktest, type BacktestView } from '../../scoring/backtest.service.js';
import { resolveModelRef } from '../../scoring/scoring-models.repository.js';
import { action, CLI_ACTOR, withStore, workspaceScope } from '../context.js';
import { print, table } from '../output.js';
import { progressBar } from '../progress-bar.js';

interface BacktestCommandOptions {
  from?: string;
  to?: string;
  workspace?: string;
}

function human(view: BacktestView): string {
  const { report } = view;
  const rows = report.weeks.map((week) => ({
    week: week.weekStart.slice(0, 10),
    draft_mqls: week.draft.mqls,
    draft_converted: week.draft.converted,
    published_mqls: week.published.mqls,
    published_converted: week.published.converted,
  }));
  const rate = (r: number) => `${(r * 100).toFixed(1)}%`;
  const published = report.publishedVersion === null ? 'none' : `v${report.publishedVersion}`;

  return [
    `Backtest ${view.id}: draft v${report.draftVersion} against published ${published}, ${report.from} to ${report.to}, ${report.people} people`,
    table(rows, ['week', 'draft_mqls', 'draft_converted', 'published_mqls', 'published_converted']),
    `Draft: ${report.totals.draft.mqls} MQLs, ${rate(report.totals.draft.conversionRate)} converted, ${report.totals.draft.won} won`,
    `Published: ${report.totals.published.mqls} MQLs, ${rate(report.totals.published.conversionRate)} converted, ${report.totals.published.won} won`,
  ].join('\n');
}

/** `baton backtest <model>`: replays a model's draft over history next to the published version. */
export function backtestCommand(): Command {
  return action<BacktestCommandOptions>(
    new Command('backtest')
      .description(
        "Backtest a scoring model's draft against its published version: MQLs per week and their conversions",
      )
      .argument('<model>', 'model id, or its exact name')
      .option(
        '--from <date>',
        'start of the period (YYYY-MM-DD or date-time; default 90 days before --to)',
      )
      .option('--to <date>', 'end of the period, inclusive (default now)')
      .option('--workspace <id>', 'the workspace (needed when several have a model of that name)'),
    async ([ref], options) => {
      const bar = progressBar('replaying', !options.json && process.stderr.isTTY === true);
      const view = await withStore(async (store) => {
        const found = await resolveModelRef(store.db, ref!, options.workspace);
        const scope = await workspaceScope(store, found.workspaceId);
        const total = await countPeople(store.db, found.workspaceId);
        let done = 0;

        return runBacktest(
          store.db,
          { ...scope, actor: CLI_ACTOR },
          found.modelId,
          {
            ...(options.from ? { from: options.from } : {}),
            ...(options.to ? { to: options.to } : {}),
          },
          async (reached) => {
            done += reached;
            bar.update(done, total);
          },
        ).finally(bar.stop);
      });

      print(options, view, () => human(view));
    },
  );
}
