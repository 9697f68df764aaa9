import { Command, InvalidArgumentError } from 'commander';

import { DEMO_LOGIN, MAX_DEMO_PEOPLE, seedDemo } from '../../demo/demo.service.js';
import { action, CLI_ACTOR, withStore } from '../context.js';
import { print } from '../output.js';
import { progressBar } from '../progress-bar.js';

interface DemoCommandOptions {
  people: number;
  seed: number;
}

function wholeNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }

    return value;
  };
}

/** `baton demo`: a realistic demo workspace, reproducible by seed. */
export function demoCommand(): Command {
  return action<DemoCommandOptions>(
    new Command('demo')
      .description(
        'Create a demo workspace: teams, reps, companies, people with months of events, activities and deals',
      )
      .option('--people <n>', 'how many people', wholeNumber('people', 0, MAX_DEMO_PEOPLE), 2000)
      .option(
        '--seed <s>',
        'the seed; the same seed gives the same workspace',
        wholeNumber('seed', -(2 ** 31), 2 ** 32 - 1),
        1,
      ),
    async (_args, options) => {
      const bar = progressBar('people', !options.json && process.stderr.isTTY === true);
      const created = await withStore((store) =>
        seedDemo(store, {
          people: options.people,
          seed: options.seed,
          actor: CLI_ACTOR,
          onProgress: bar.update,
        }).finally(bar.stop),
      );
      const result = {
        workspaceId: created.workspaceId,
        people: options.people,
        login: DEMO_LOGIN,
      };

      print(
        options,
        result,
        () =>
          `Created demo workspace ${created.workspaceId} with ${options.people} people.\nLog in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
      );
    },
  );
}
