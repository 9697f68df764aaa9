import '@mantine/charts/styles.css';

import { BarChart } from '@mantine/charts';
import {
  Button,
  Group,
  Loader,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

import { fieldError, formError } from '../api/api-error.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatDate } from '../shared/format.js';
import { chartRows, defaultPeriod, difference, percent, periodIssue } from './backtest-view.js';
import { useBacktest, useLatestBacktestRun, useRunBacktest } from './scoring-queries.js';
import type { BacktestReportView, BacktestRun, Totals } from './scoring-types.js';

function TotalsTable({ report }: { report: BacktestReportView }) {
  const { draft, published } = report.totals;
  const row = (label: string, pick: (t: Totals) => string) => (
    <Table.Tr>
      <Table.Td c="dimmed">{label}</Table.Td>
      <Table.Td fw={600}>{pick(draft)}</Table.Td>
      <Table.Td>{report.publishedVersion === null ? '—' : pick(published)}</Table.Td>
    </Table.Tr>
  );

  return (
    <Table aria-label="Backtest totals" verticalSpacing={4} withRowBorders={false}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th>Draft v{report.draftVersion}</Table.Th>
          <Table.Th>
            {report.publishedVersion === null
              ? 'Published'
              : `Published v${report.publishedVersion}`}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {row('MQLs', (t) => String(t.mqls))}
        {row('Accepted by sales or further', (t) => String(t.converted))}
        {row('Conversion', (t) => percent(t.conversionRate))}
        {row('Won', (t) => String(t.won))}
      </Table.Tbody>
    </Table>
  );
}

function Report({ report }: { report: BacktestReportView }) {
  const { both, draftOnly, publishedOnly } = report.overlap;

  return (
    <Stack gap="sm" data-testid="backtest-report">
      <Text size="sm" c="dimmed">
        {formatDate(report.from)} to {formatDate(report.to)}, {report.people} people replayed.{' '}
        {report.publishedVersion !== null &&
          `The draft gives ${difference(report.totals.draft, report.totals.published)} against v${report.publishedVersion}.`}
      </Text>
      <BarChart
        h={260}
        data={chartRows(report)}
        dataKey="week"
        series={[
          { name: 'draft', label: `Draft v${report.draftVersion}`, color: 'indigo.6' },
          {
            name: 'published',
            label:
              report.publishedVersion === null
                ? 'Published'
                : `Published v${report.publishedVersion}`,
            color: 'gray.5',
          },
        ]}
        withLegend
        tickLine="y"
        yAxisLabel="MQLs per week"
        yAxisProps={{ allowDecimals: false }}
        aria-label="MQLs per week, draft against published"
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TotalsTable report={report} />
        <Stack gap={2} justify="center">
          <Text size="sm">
            <b>{both}</b> leads qualify under both models.
          </Text>
          <Text size="sm">
            <b>{draftOnly}</b> only under the draft, <b>{publishedOnly}</b> only under the published
            model.
          </Text>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

const count = new Intl.NumberFormat('en');

/** A large workspace's backtest while it runs. */
function BacktestProgress({ run }: { readonly run: BacktestRun }) {
  const percent = run.total === 0 ? 100 : Math.min(100, (run.done / run.total) * 100);

  return (
    <Stack gap={4} role="status" aria-live="polite" data-testid="backtest-progress">
      <Text size="sm">
        Backtesting: {count.format(run.done)} of {count.format(run.total)} people replayed.
      </Text>
      <Progress value={percent} animated aria-label="Backtest progress" />
    </Stack>
  );
}

/**
 * A backtest already running when the panel opens (started before a reload, or by someone
 * else), followed until it names its report, which `onReport` then shows.
 */
function RunningBacktest(props: {
  readonly modelId: string;
  readonly onReport: (backtestId: string) => void;
}) {
  const latest = useLatestBacktestRun(props.modelId).data;
  const [followed, setFollowed] = useState<string>();
  useEffect(() => {
    if (latest?.status === 'running') setFollowed(latest.id);
    else if (latest && latest.id === followed && latest.status === 'done' && latest.backtestId) {
      setFollowed(undefined);
      props.onReport(latest.backtestId);
    }
  }, [latest, followed]);

  if (!latest || latest.id !== followed) return null;
  if (latest.status === 'failed')
    return (
      <Text size="sm" c="red" role="alert">
        The backtest that was running failed: {latest.error}
      </Text>
    );

  return <BacktestProgress run={latest} />;
}

/**
 * Replays the saved draft and the published version over a period (the last 90 days unless
 * chosen) and shows the MQLs each would have produced per week, and how those leads went on.
 */
export function BacktestPanel(props: {
  modelId: string;
  canRun: boolean;
  blockedBecause?: string;
}) {
  const [params, setParams] = useSearchParams();
  const shownId = params.get('backtest');
  const stored = useBacktest(props.modelId, shownId);
  const [period, setPeriod] = useState(() => defaultPeriod(Date.now()));
  const run = useRunBacktest(props.modelId);
  const report = stored.data?.report;
  // A report opened from the list or a link: the inputs show its period, to run it again.
  useEffect(() => {
    if (report) setPeriod({ from: report.from.slice(0, 10), to: report.to.slice(0, 10) });
  }, [stored.data?.id]);
  // The report shown lives in the URL, so that a reload or a shared link shows it again.
  const show = (backtestId: string) =>
    setParams(
      (old) => {
        old.set('backtest', backtestId);

        return old;
      },
      { replace: true },
    );
  const start = () => run.mutate(period, { onSuccess: (backtest) => show(backtest.id) });
  const issue = periodIssue(period.from, period.to);
  const shownError = (field: 'from' | 'to') =>
    (issue?.field === field ? issue.message : undefined) ?? fieldError(run.error, field);

  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <TextInput
          type="date"
          label="From"
          value={period.from}
          onChange={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
          error={shownError('from')}
          w={170}
        />
        <TextInput
          type="date"
          label="To"
          value={period.to}
          onChange={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
          error={shownError('to')}
          w={170}
        />
        <Button
          leftSection={<IconPlayerPlay size={14} />}
          onClick={start}
          loading={run.isPending}
          disabled={!props.canRun || issue !== undefined || props.blockedBecause !== undefined}
        >
          Run backtest
        </Button>
        {props.blockedBecause && (
          <Text size="sm" c="dimmed" mb={8}>
            {props.blockedBecause}
          </Text>
        )}
      </Group>
      {run.progress && <BacktestProgress run={run.progress} />}
      {!run.isPending && <RunningBacktest modelId={props.modelId} onReport={show} />}
      {formError(run.error, ['from', 'to']) && <ErrorAlert error={run.error} />}
      {stored.isError && <ErrorAlert error={stored.error} />}
      {stored.isPending && shownId !== null && !run.isPending && <Loader size="sm" />}
      {report && <Report report={report} />}
      {shownId === null && !run.isPending && (
        <Text size="sm" c="dimmed">
          A backtest replays the saved draft and the published version over the period, from the
          events as they happened, before anyone publishes.
        </Text>
      )}
    </Stack>
  );
}
