import { Alert, Progress, Stack, Text } from '@mantine/core';

import { useRescoreJob } from './scoring-queries.js';
import type { RescoreJob } from './scoring-types.js';

const count = new Intl.NumberFormat('en');

/** What a finished job did, in one sentence. */
export function rescoreSentence(job: RescoreJob): string {
  return (
    `${count.format(job.scored)} people re-scored, ${count.format(job.changed)} scores changed, ` +
    `${count.format(job.moved)} moved stage.`
  );
}

function percentOf(job: RescoreJob): number {
  return job.total === 0 ? 100 : Math.min(100, (job.done / job.total) * 100);
}

/** A running job's progress bar, asked again every second until the job ends. */
function Running({ job }: { readonly job: RescoreJob }) {
  return (
    <Stack gap={4} role="status" aria-live="polite" data-testid="rescore-progress">
      <Text size="sm">
        Re-scoring: {count.format(job.done)} of {count.format(job.total)} people looked at,{' '}
        {count.format(job.scored)} re-scored so far. You may leave this page; it goes on.
      </Text>
      <Progress value={percentOf(job)} animated aria-label="Re-scoring progress" />
    </Stack>
  );
}

/**
 * Where a re-score job stands: a progress bar while it runs, then what it did, why it failed,
 * or that a newer job took over.
 */
export function RescoreProgress({
  modelId,
  job: initial,
  title,
}: {
  readonly modelId: string;
  readonly job: RescoreJob;
  readonly title?: string;
}) {
  const job = useRescoreJob(modelId, initial);

  switch (job.status) {
    case 'running':
      return (
        <Alert color="blue" title={title}>
          <Running job={job} />
        </Alert>
      );
    case 'done':
      return (
        <Alert color="teal" title={title} data-testid="rescore-done">
          {rescoreSentence(job)}
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" title={title ?? 'Re-scoring failed'} role="alert">
          Re-scoring stopped after {count.format(job.done)} of {count.format(job.total)} people:{' '}
          {job.error ?? 'unknown error'}. Publishing again re-scores everyone.
        </Alert>
      );
    case 'superseded':
      return (
        <Alert color="gray" title={title}>
          A newer re-score of this model took over from this one.
        </Alert>
      );
    default: {
      const never: never = job.status;

      return never;
    }
  }
}
