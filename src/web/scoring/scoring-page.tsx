import {
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconGauge, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';

import { fieldError, formError } from '../api/api-error.js';
import { useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatDateTime } from '../shared/format.js';
import { PageHeader } from '../shared/page-header.js';
import { describeSegment } from './segment-text.js';
import { canEditScoring } from './scoring-roles.js';
import { useCreateModel, useLatestRescore, useScoringModels } from './scoring-queries.js';
import type { ScoringModel } from './scoring-types.js';

/** A badge while the model's re-score runs, with how far it has come. */
function Rescoring({ modelId }: { readonly modelId: string }) {
  const latest = useLatestRescore(modelId).data;
  if (latest?.status !== 'running') return null;

  const percent = latest.total === 0 ? 100 : Math.round((latest.done / latest.total) * 100);

  return (
    <Badge color="blue" variant="light" tt="none" data-testid="rescoring">
      Re-scoring {percent}%
    </Badge>
  );
}

function Status({ model }: { model: ScoringModel }) {
  return (
    <Group gap={6}>
      {model.published ? (
        <Badge color="teal" variant="light" tt="none">
          Published v{model.published.version}
        </Badge>
      ) : (
        <Badge color="gray" variant="light" tt="none">
          Not published
        </Badge>
      )}
      {model.draft && (
        <Badge color="yellow" variant="light" tt="none">
          Draft v{model.draft.version}
        </Badge>
      )}
      <Rescoring modelId={model.id} />
    </Group>
  );
}

function NewModelButton() {
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const create = useCreateModel();
  const navigate = useNavigate();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: (model) => void navigate(`/scoring/${model.id}`) });
  };

  return (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setOpened(true)}>
        New model
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="New scoring model">
        <Stack component="form" onSubmit={submit} aria-label="New scoring model">
          <Text size="sm" c="dimmed">
            It starts as a draft of the starter model, to tune, backtest and publish.
          </Text>
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
            data-autofocus
          />
          {formError(create.error, ['name']) && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The workspace's scoring models, by priority: the first whose segment holds scores a person. */
export function ScoringPage() {
  const session = useCurrentSession();
  const models = useScoringModels();
  const list = models.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="Scoring"
        subtitle="Fit and engagement rules, MQL and SQL criteria: drafted, backtested, published"
        actions={canEditScoring(session) ? <NewModelButton /> : null}
      />
      {models.isError && <ErrorAlert error={models.error} mb="md" />}
      <Paper withBorder radius="md">
        <Table verticalSpacing="sm" aria-label="Scoring models" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Scores</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((model) => (
              <Table.Tr key={model.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/scoring/${model.id}`} fw={500}>
                    {model.name}
                  </Anchor>
                  {model.description && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {model.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Status model={model} />
                </Table.Td>
                <Table.Td>{describeSegment(model.segment)}</Table.Td>
                <Table.Td>{model.priority}</Table.Td>
                <Table.Td>{formatDateTime(model.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {models.isSuccess && list.length === 0 && (
          <EmptyState
            my="xl"
            title="No scoring models yet"
            description="Create one: it starts from the documented starter model."
            icon={<IconGauge size={28} />}
          />
        )}
      </Paper>
    </>
  );
}
