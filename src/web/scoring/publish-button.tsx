import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { useState } from 'react';

import { ErrorAlert } from '../shared/error-alert.js';
import { usePublish } from './scoring-queries.js';
import type { PublishResult, ScoringModel } from './scoring-types.js';

export interface PublishButtonProps {
  readonly model: ScoringModel;
  readonly disabled: boolean;
  readonly onPublished: (result: PublishResult) => void;
}

/** Publishes the saved draft after a confirmation that says what will happen. */
export function PublishButton({ model, disabled, onPublished }: PublishButtonProps) {
  const [opened, setOpened] = useState(false);
  const publish = usePublish(model.id);
  const draft = model.draft?.version;
  const published = model.published?.version;

  const confirm = () =>
    publish.mutate(undefined, {
      onSuccess: (result) => {
        setOpened(false);
        onPublished(result);
      },
    });

  return (
    <>
      <Button
        color="teal"
        leftSection={<IconRocket size={16} />}
        disabled={disabled}
        onClick={() => {
          publish.reset();
          setOpened(true);
        }}
      >
        Publish
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Publish draft v${draft ?? '?'}?`}
      >
        <Stack>
          <Text size="sm">
            {published === undefined
              ? `Draft v${draft ?? '?'} becomes the model's first published version.`
              : `Draft v${draft ?? '?'} replaces published v${published}, which is retired.`}{' '}
            Everyone this model applies to is re-scored, and leads that now meet the MQL criteria
            move to MQL. In a large workspace re-scoring goes on in the background; this page shows
            its progress.
          </Text>
          {publish.isError && <ErrorAlert error={publish.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="teal" onClick={confirm} loading={publish.isPending}>
              Publish v{draft ?? '?'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
