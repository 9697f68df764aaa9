import { EmptyState } from '@mantine/core';

import type { Area } from './areas.js';

function promise(area: Area): string {
  if (area.comingWith === 'later') return 'Coming with a later issue.';

  return `Coming with issue #${String(area.comingWith)}.`;
}

/** An honest placeholder for an area that is not built yet. */
export function ComingSoon({ area }: { area: Area }) {
  const Icon = area.icon;

  return (
    <EmptyState
      mt="xl"
      title={area.label}
      description={`${area.purpose} ${promise(area)}`}
      icon={<Icon size={32} />}
    />
  );
}
