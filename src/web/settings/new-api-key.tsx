import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';

import { fieldError, formError } from '../api/api-error.js';
import { API_KEY_SCOPES, type ApiKeyScope, type CreatedApiKey } from '../api/types.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useCreateApiKey } from './api-keys-queries.js';

const SCOPE_OPTIONS: { value: ApiKeyScope; label: string }[] = [
  { value: 'ingest', label: 'Ingest (write key for events)' },
  { value: 'read', label: 'Read' },
  { value: 'write', label: 'Write' },
  { value: 'admin', label: 'Admin' },
];

function isScope(value: string | null): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value ?? '');
}

/** The secret, shown this once: the server keeps only its hash. */
function TokenOnce({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <Alert color="teal" title={`Key “${created.name}” created`}>
      <Stack gap="xs">
        <Text size="sm">
          Copy the token now. Baton keeps only its hash and cannot show it again.
        </Text>
        <Code block data-testid="new-api-key-token">
          {created.token}
        </Code>
        <Group gap="xs">
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy} color={copied ? 'teal' : undefined}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function NewApiKey() {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('read');

  if (create.data) return <TokenOnce created={create.data} onDone={() => create.reset()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, scope }, { onSuccess: () => setName('') });
  };

  return (
    <form onSubmit={submit} aria-label="New API key">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Name"
          placeholder="e.g. Website tracking"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(create.error, 'name')}
          w={260}
        />
        <Select
          label="Scope"
          data={SCOPE_OPTIONS}
          value={scope}
          onChange={(v) => isScope(v) && setScope(v)}
          error={fieldError(create.error, 'scope')}
          allowDeselect={false}
          w={260}
        />
        <Button type="submit" mt={25} loading={create.isPending}>
          Create key
        </Button>
      </Group>
      {formError(create.error, ['name', 'scope']) && <ErrorAlert error={create.error} mt="sm" />}
    </form>
  );
}
