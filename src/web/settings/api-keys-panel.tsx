import { Badge, Button, Loader, Paper, Stack, Table, Title } from '@mantine/core';

import type { ApiKey } from '../api/types.js';
import { canManage, useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { useApiKeys, useRevokeApiKey } from './api-keys-queries.js';
import { NewApiKey } from './new-api-key.js';

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const confirmAndRevoke = () => {
    if (window.confirm(`Revoke “${apiKey.name}”? Anything using it stops working.`))
      revoke.mutate(apiKey.id);
  };

  return (
    <Button
      size="xs"
      variant="subtle"
      color="red"
      onClick={confirmAndRevoke}
      loading={revoke.isPending}
      title={revoke.error?.message}
    >
      Revoke
    </Button>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  return (
    <Table.Tr c={apiKey.revokedAt ? 'dimmed' : undefined}>
      <Table.Td>{apiKey.name}</Table.Td>
      <Table.Td>
        <Badge variant="light">{apiKey.scope}</Badge>
      </Table.Td>
      <Table.Td ff="monospace">{apiKey.prefix}…</Table.Td>
      <Table.Td>{formatDate(apiKey.createdAt)}</Table.Td>
      <Table.Td>{formatDateTime(apiKey.lastUsedAt)}</Table.Td>
      <Table.Td>
        {apiKey.revokedAt ? (
          `Revoked ${formatDate(apiKey.revokedAt)}`
        ) : (
          <RevokeButton apiKey={apiKey} />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function ApiKeysPanel() {
  const session = useCurrentSession();
  const keys = useApiKeys();

  if (!canManage(session, 'apiKeys'))
    return <ErrorAlert error={new Error('Only admins manage API keys.')} />;

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Title order={4} mb="sm">
          New API key
        </Title>
        <NewApiKey />
      </Paper>
      {keys.isPending && <Loader size="sm" />}
      {keys.isError && <ErrorAlert error={keys.error} />}
      <Paper withBorder radius="md">
        <Table aria-label="API keys" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(keys.data?.data ?? []).map((key) => (
              <KeyRow key={key.id} apiKey={key} />
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
