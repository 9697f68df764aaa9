import { Command } from 'commander';

import { checkInvariants } from '../../doctor/invariants.js';
import { action, withStore } from '../context.js';
import { print } from '../output.js';

/** `baton doctor`: checks the store's invariants; exits 1 when any is violated. */
export function doctorCommand(): Command {
  return action(
    new Command('doctor').description(
      "Check the store's invariants and list violations (exit code 1 if any)",
    ),
    async (_args, options) => {
      const violations = await withStore(checkInvariants);

      print(options, { ok: violations.length === 0, violations }, () =>
        violations.length === 0
          ? 'No violations: the store is sound.'
          : [
              `${violations.length} violation(s):`,
              ...violations.map(
                (v) =>
                  `  [${v.code}] ${v.workspaceId ?? 'store'} ${v.subjectType} ${v.subjectId}: ${v.message}`,
              ),
            ].join('\n'),
      );
      if (violations.length > 0) process.exitCode = 1;
    },
  );
}
