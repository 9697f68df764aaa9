import { Badge, Button, Group, Loader, Table, Text } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';

import { ErrorAlert } from '../shared/error-alert.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { useUserName } from '../shared/workspace-queries.js';
import { byWhom } from './actor-label.js';
import { useBacktests } from './scoring-queries.js';
import type { BacktestSummary } from './scoring-types.js';

function mqls(version: number | null, count: number): string {
  return version === null ? '—' : `${count} (v${version})`;
}

function BacktestRow(props: {
  backtest: BacktestSummary;
  shown: boolean;
  by: string;
  onOpen: () => void;
}) {
  const { report } = props.backtest;

  return (
    <Table.Tr aria-current={props.shown ? 'true' : undefined}>
      <Table.Td>
        {formatDateTime(props.backtest.createdAt)}{' '}
        <Text span size="xs" c="dimmed">
          by {props.by}
        </Text>
      </Table.Td>
      <Table.Td>
        {formatDate(report.from)} to {formatDate(report.to)}
      </Table.Td>
      <Table.Td fw={600}>{mqls(report.draftVersion, report.totals.draft.mqls)}</Table.Td>
      <Table.Td>{mqls(report.publishedVersion, report.totals.published.mqls)}</Table.Td>
      <Table.Td>
        {props.shown ? (
          <Badge variant="light" tt="none">
            Shown above
          </Badge>
        ) : (
          <Button size="compact-sm" variant="subtle" onClick={props.onOpen}>
            Open
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The model's stored backtests, newest first: when and by whom, the period, and the MQLs of
 * the draft against the published version. Opening one shows its report in the backtest panel.
 */
export function PastBacktests({ modelId, onOpen }: { modelId: string; onOpen?: () => void }) {
  const backtests = useBacktests(modelId);
  const userName = useUserName();
  const [params, setParams] = useSearchParams();
  const shownId = params.get('backtest');

  if (backtests.isPending) return <Loader size="sm" />;
  if (backtests.isError) return <ErrorAlert error={backtests.error} />;

  const list = backtests.data.pages.flatMap((page) => page.data);
  if (list.length === 0) return <Text c="dimmed">No backtests yet.</Text>;

  const open = (id: string) => {
    setParams((old) => {
      old.set('backtest', id);

      return old;
    });
    onOpen?.();
  };

  return (
    <>
      <Table aria-label="Past backtests" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Period</Table.Th>
            <Table.Th>MQLs, draft</Table.Th>
            <Table.Th>MQLs, published</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((backtest) => (
            <BacktestRow
              key={backtest.id}
              backtest={backtest}
              shown={backtest.id === shownId}
              by={byWhom(backtest.createdBy, userName)}
              onOpen={() => open(backtest.id)}
            />
          ))}
        </Table.Tbody>
      </Table>
      {backtests.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button
            variant="default"
            size="xs"
            onClick={() => void backtests.fetchNextPage()}
            loading={backtests.isFetchingNextPage}
          >
            Show older backtests
          </Button>
        </Group>
      )}
    </>
  );
}
