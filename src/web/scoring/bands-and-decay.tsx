import { Group, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';

import type { Decay } from '../../scoring/scoring-model.js';
import { withDecay } from './definition-edit.js';
import { useEditable, useErrorAt } from './editor-context.js';
import type { RulesTableProps } from './fit-rules-table.js';
import { NumberField } from './number-field.js';

/** Minimum fit points for grades A, B and C; below C is D. */
export function GradeBands({ definition, onChange }: RulesTableProps) {
  const bands = definition.gradeBands;
  const bandsError = useErrorAt('gradeBands');
  const set = (grade: 'A' | 'B' | 'C', value: number) =>
    onChange({ ...definition, gradeBands: { ...bands, [grade]: value } });

  return (
    <Stack gap={4}>
      <Group gap="sm" align="flex-start">
        {(['A', 'B', 'C'] as const).map((grade) => (
          <NumberField
            key={grade}
            label={`Grade ${grade} from`}
            value={bands[grade]}
            onChange={(v) => set(grade, v)}
            error={useErrorAt(`gradeBands.${grade}`)}
            w={120}
          />
        ))}
        <Text size="sm" c="dimmed" mt={30}>
          Below {Number.isNaN(bands.C) ? 'C' : bands.C} fit points: grade D.
        </Text>
      </Group>
      {bandsError && (
        <Text c="red" size="sm">
          {bandsError}
        </Text>
      )}
    </Stack>
  );
}

const DECAY_KINDS = [
  { value: 'none', label: 'No decay' },
  { value: 'half_life', label: 'Half-life' },
  { value: 'linear', label: 'Linear to zero' },
];

function decayDays(decay: Decay): number {
  return decay.kind === 'none' ? 30 : decay.days;
}

/** The total engagement cap and how points fade with age. */
export function CapAndDecay({ definition, onChange }: RulesTableProps) {
  const editable = useEditable();
  const decay = definition.decay;
  const decayError = useErrorAt('decay', 'decay.kind');
  const daysError = useErrorAt('decay.days');

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
      <NumberField
        label="Engagement cap"
        description="The engagement score never exceeds this."
        value={definition.engagementCap}
        onChange={(engagementCap) => onChange({ ...definition, engagementCap })}
        error={useErrorAt('engagementCap')}
        w={200}
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Decay
        </Text>
        <SegmentedControl
          aria-label="Decay"
          data={DECAY_KINDS}
          value={decay.kind}
          readOnly={!editable}
          onChange={(kind) =>
            onChange({ ...definition, decay: withDecay(kind as Decay['kind'], decayDays(decay)) })
          }
        />
        {decay.kind !== 'none' && (
          <NumberField
            label={decay.kind === 'half_life' ? 'Half-life in days' : 'Days to reach zero'}
            value={decay.days}
            onChange={(days) => onChange({ ...definition, decay: withDecay(decay.kind, days) })}
            error={daysError}
            w={200}
          />
        )}
        {decayError && (
          <Text c="red" size="sm">
            {decayError}
          </Text>
        )}
      </Stack>
    </SimpleGrid>
  );
}
