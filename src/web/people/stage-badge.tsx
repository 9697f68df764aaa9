import { Badge } from '@mantine/core';

import type { FunnelZone } from '../api/types.js';
import { stageLabel, useStages } from '../shared/workspace-queries.js';

function colorOf(zone: FunnelZone | undefined): string {
  switch (zone) {
    case 'tofu':
      return 'gray';
    case 'mofu':
      return 'blue';
    case 'bofu':
      return 'violet';
    case 'closed':
      return 'teal';
    case undefined:
      return 'gray';
    default: {
      const never: never = zone;

      return String(never);
    }
  }
}

export function StageBadge({ stage }: { stage: string }) {
  const stages = useStages();
  const zone = stages.find((s) => s.key === stage)?.zone;

  return (
    <Badge
      variant="light"
      color={colorOf(zone)}
      tt="none"
      style={{ flexShrink: 0 }}
      miw="fit-content"
    >
      {stageLabel(stages, stage)}
    </Badge>
  );
}
