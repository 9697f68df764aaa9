import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md">
      <Stack gap={2}>
        <Title order={2}>{props.title}</Title>
        {props.subtitle && (
          <Text c="dimmed" size="sm">
            {props.subtitle}
          </Text>
        )}
      </Stack>
      {props.actions}
    </Group>
  );
}
