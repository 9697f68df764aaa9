import { Badge, Loader, Table, Text } from '@mantine/core';

import { ErrorAlert } from '../shared/error-alert.js';
import { formatDateTime } from '../shared/format.js';
import { useUserName } from '../shared/workspace-queries.js';
import { byWhom } from './actor-label.js';
import { useVersions } from './scoring-queries.js';
import type { VersionStatus } from './scoring-types.js';

const COLORS: Record<VersionStatus, string> = {
  draft: 'yellow',
  published: 'teal',
  retired: 'gray',
};

/** Every version of the model, newest first. */
export function VersionsTable({ modelId }: { modelId: string }) {
  const versions = useVersions(modelId);
  const userName = useUserName();

  if (versions.isPending) return <Loader size="sm" />;
  if (versions.isError) return <ErrorAlert error={versions.error} />;
  if (versions.data.data.length === 0) return <Text c="dimmed">No versions yet.</Text>;

  return (
    <Table aria-label="Versions" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th>Published</Table.Th>
          <Table.Th>Retired</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {versions.data.data.map((version) => (
          <Table.Tr key={version.id}>
            <Table.Td fw={600}>v{version.version}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={COLORS[version.status]} tt="none">
                {version.status}
              </Badge>
            </Table.Td>
            <Table.Td>
              {formatDateTime(version.createdAt)}{' '}
              <Text span size="xs" c="dimmed">
                by {byWhom(version.createdBy, userName)}
              </Text>
            </Table.Td>
            <Table.Td>{formatDateTime(version.publishedAt)}</Table.Td>
            <Table.Td>{formatDateTime(version.retiredAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
