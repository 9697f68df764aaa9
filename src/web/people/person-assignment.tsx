import { Button, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

import { fieldError, formError } from '../api/api-error.js';
import type { Person } from '../api/types.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useStages, useUsers } from '../shared/workspace-queries.js';
import { useUpdatePerson } from './people-queries.js';

const FIELDS = ['lifecycleStage', 'ownerId', 'reason'];

/** Change a person's stage or owner, with the reason the audit log keeps. */
export function PersonAssignment({ person }: { person: Person }) {
  const stages = useStages();
  const users = useUsers();
  const update = useUpdatePerson(person.id);
  const [stage, setStage] = useState(person.lifecycleStage);
  const [ownerId, setOwnerId] = useState<string | null>(person.ownerId);
  const [reason, setReason] = useState('');
  const changed = stage !== person.lifecycleStage || ownerId !== person.ownerId;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { lifecycleStage: stage, ownerId, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      { onSuccess: () => setReason('') },
    );
  };
  const topError = formError(update.error, FIELDS);

  return (
    <Stack component="form" onSubmit={submit} gap="sm">
      <Select
        label="Stage"
        data={stages.map((s) => ({ value: s.key, label: s.label }))}
        value={stage}
        onChange={(value) => value && setStage(value)}
        error={fieldError(update.error, 'lifecycleStage')}
        allowDeselect={false}
      />
      <Select
        label="Owner"
        placeholder="Unassigned"
        data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={ownerId}
        onChange={setOwnerId}
        error={fieldError(update.error, 'ownerId')}
        searchable
        clearable
      />
      <TextInput
        label="Reason"
        placeholder="Why (kept in the history)"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fieldError(update.error, 'reason')}
      />
      {topError && <ErrorAlert error={update.error} />}
      <Button type="submit" disabled={!changed} loading={update.isPending}>
        Save
      </Button>
    </Stack>
  );
}
