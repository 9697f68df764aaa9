import { Table, Text } from '@mantine/core';

import { formatValue } from '../shared/format.js';

export function TraitsTable({ traits }: { traits: Record<string, unknown> }) {
  const entries = Object.entries(traits).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <Text c="dimmed">No traits yet.</Text>;

  return (
    <Table withRowBorders={false} verticalSpacing={4} aria-label="Traits">
      <Table.Tbody>
        {entries.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Td c="dimmed" w="40%">
              {key}
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{formatValue(value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
