import { Text, Timeline } from '@mantine/core';
import { IconActivity, IconBolt, IconHistory } from '@tabler/icons-react';

import type { TimelineItem } from '../api/types.js';
import { formatDateTime, formatValue, humanize } from '../shared/format.js';
import { stageLabel, useStages, useUserName } from '../shared/workspace-queries.js';

type Fields = Record<string, unknown>;

/** Bookkeeping columns that change with every write and say nothing. */
const QUIET = new Set(['updated_at', 'updatedAt', 'created_at', 'createdAt', 'id']);

function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

/** "Stage: Lead → MQL · Owner: Unassigned → Dana Demo · Title" for what a change changed. */
function changeSummary(before: unknown, after: unknown, show: (key: string, v: unknown) => string) {
  const old = asFields(before);
  const now = asFields(after);
  const keys = Object.keys(now).filter(
    (key) => !QUIET.has(key) && JSON.stringify(old[key]) !== JSON.stringify(now[key]),
  );
  if (keys.length === 0 || Object.keys(old).length === 0) return '';

  return keys
    .slice(0, 6)
    .map((key) => {
      const label = humanize(key.replace(/_id$/, '').replace(/^lifecycle_/, ''));
      const shown = show(key, now[key]);

      return shown ? `${label}: ${show(key, old[key])} → ${shown}` : label;
    })
    .join(' · ');
}

type Show = (key: string, value: unknown) => string;

function describe(item: TimelineItem, userName: (id: string | null) => string, show: Show) {
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
      const summary = changeSummary(item.before, item.after, show);
      const detail = [summary, item.reason && `because ${item.reason}`].filter(Boolean).join(', ');

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
  const stages = useStages();
  // Stage and owner read as names; other fields are only named, their values may be long.
  const show: Show = (key, value) => {
    if (key === 'lifecycle_stage' || key === 'lifecycleStage')
      return stageLabel(stages, String(value));
    if (key === 'owner_id' || key === 'ownerId')
      return userName(typeof value === 'string' ? value : null);

    return '';
  };
  if (items.length === 0) return <Text c="dimmed">Nothing has happened yet.</Text>;

  return (
    <Timeline bulletSize={22} lineWidth={2} aria-label="Timeline">
      {items.map((item) => {
        const { icon, title, detail } = describe(item, userName, show);

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
