import { Command } from 'commander';

import { type RescoreJobView } from '../../scoring/rescore-jobs.repository.js';
import { RescoreRunner } from '../../scoring/rescore-runner.js';
import { resolveModelRef } from '../../scoring/scoring-models.repository.js';
import { publishModel, type PublishResult } from '../../scoring/scoring-models.service.js';
import { AppError } from '../../shared/app-error.js';
import { action, CLI_ACTOR, withStore, workspaceScope } from '../context.js';
import { print } from '../output.js';
import { progressBar } from '../progress-bar.js';

interface PublishCommandOptions {
  workspace?: string;
}

type Published = Omit<PublishResult, 'rescoreJobId'> & { readonly rescore: RescoreJobView };

function human({ model, version, rescore }: Published): string {
  return (
    `Published ${model.name} v${version.version}: ${rescore.scored} people re-scored, ` +
    `${rescore.changed} scores changed, ${rescore.moved} moved stage.`
  );
}

/**
 * `baton publish <model>`: publishes the saved draft and runs its re-score job here, with a
 * progress bar. Interrupted (Ctrl-C), the job is handed back after its current chunk: a running
 * server resumes it where it stopped.
 */
export function publishCommand(): Command {
  return action<PublishCommandOptions>(
    new Command('publish')
      .description(
        "Publish a scoring model's saved draft and re-score everyone it applies to, with progress",
      )
      .argument('<model>', 'model id, or its exact name')
      .option('--workspace <id>', 'the workspace (needed when several have a model of that name)'),
    async ([ref], options) => {
      const bar = progressBar('re-scoring', !options.json && process.stderr.isTTY === true);
      const published = await withStore(async (store) => {
        const found = await resolveModelRef(store.db, ref!, options.workspace);
        const scope = await workspaceScope(store, found.workspaceId);
        const { rescoreJobId, ...result } = await publishModel(
          store.db,
          { ...scope, actor: CLI_ACTOR },
          found.modelId,
        );
        const runner = new RescoreRunner(
          store.db,
          { info: () => {}, error: () => {} },
          {
            onProgress: (job) => bar.update(job.done, job.total),
          },
        );
        const stop = () => void runner.close();
        process.once('SIGINT', stop);
        try {
          await runner.run(found.workspaceId, rescoreJobId);
        } finally {
          process.off('SIGINT', stop);
          bar.stop();
        }

        const rescore = await runner.job(found.workspaceId, rescoreJobId);
        if (rescore.status !== 'done') {
          throw new AppError(
            'unavailable',
            `rescore_${rescore.status}`,
            rescore.status === 'running'
              ? `Published; the re-score stopped after ${rescore.done} of ${rescore.total} people and is left for the server to resume (job ${rescore.id}).`
              : `Published; the re-score ended ${rescore.status}${rescore.error ? `: ${rescore.error}` : ''} (job ${rescore.id}).`,
          );
        }

        return { ...result, rescore };
      });

      print(options, published, () => human(published));
    },
  );
}
