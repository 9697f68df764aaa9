import { Text, Timeline } from '@mantine/core';
import { IconActivity, IconBolt, IconHistory } from '@tabler/icons-react';

import type { TimelineItem } from '../api/types.js';
import { formatDateTime, formatValue, humanize } from '../shared/format.js';
import { useUserName } from '../shared/workspace-queries.js';

function changedFields(before: unknown, after: unknown): string {
  if (typeof after !== 'object' || after === null) return '';
  const old = (typeof before === 'object' && before !== null ? before : {}) as Record<
    string,
    unknown
  >;
  const keys = Object.keys(after).filter(
    (key) => JSON.stringify(old[key]) !== JSON.stringify((after as Record<string, unknown>)[key]),
  );

  return keys.length > 0 && keys.length <= 6 ? keys.map(humanize).join(', ') : '';
}

function describe(item: TimelineItem, userName: (id: string | null) => string) {
  switch (item.kind) {
    case 'event': {
      const title = item.name ? `${humanize(item.type)}: ${item.name}` : humanize(item.type);
      const url = item.properties.url ?? item.properties.path;

      return { icon: <IconBolt size={12} />, title, detail: url ? formatValue(url) : '' };
    }
    case 'activity':
      return {
        icon: <IconActivity size={12} />,
        title: `${humanize(item.activityKind)}: ${item.subject}`,
        detail: item.userId ? `by ${userName(item.userId)}` : '',
      };
    case 'change': {
      const fields = changedFields(item.before, item.after);
      const detail = [fields && `Changed ${fields}`, item.reason && `because ${item.reason}`]
        .filter(Boolean)
        .join(' ');

      return { icon: <IconHistory size={12} />, title: humanize(item.action), detail };
    }
    default: {
      const never: never = item;
      throw new Error(`Unknown timeline item ${JSON.stringify(never)}`);
    }
  }
}

/** Events, activities and changes of one person, newest first. */
export function PersonTimeline({ items }: { items: readonly TimelineItem[] }) {
  const userName = useUserName();
  if (items.length === 0) return <Text c="dimmed">Nothing has happened yet.</Text>;

  return (
    <Timeline bulletSize={22} lineWidth={2} aria-label="Timeline">
      {items.map((item) => {
        const { icon, title, detail } = describe(item, userName);

        return (
          <Timeline.Item key={`${item.kind}-${item.id}`} bullet={icon} title={title}>
            {detail && (
              <Text size="sm" c="dimmed">
                {detail}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={2}>
              {formatDateTime(item.at)}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
