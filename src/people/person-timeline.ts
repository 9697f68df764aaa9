import type { Kysely } from 'kysely';

import type { WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import type { TimelineItem } from './person.types.js';

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/** The newest `limit` things that happened to a person: events, activities and changes. */
export async function personTimeline(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  personId: string,
  limit = 100,
): Promise<TimelineItem[]> {
  const [events, activities, changes] = await Promise.all([
    db
      .selectFrom('events')
      .select(['id', 'type', 'name', 'properties', 'occurred_at'])
      .where('workspace_id', '=', workspaceId)
      .where('person_id', '=', personId)
      .orderBy('occurred_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('activities')
      .select(['id', 'kind', 'subject', 'user_id', 'occurred_at'])
      .where('workspace_id', '=', workspaceId)
      .where('person_id', '=', personId)
      .orderBy('occurred_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('audit_log')
      .select(['id', 'action', 'actor_type', 'actor_id', 'before', 'after', 'reason', 'at'])
      .where('workspace_id', '=', workspaceId)
      .where('subject_id', '=', personId)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute(),
  ]);

  const items: TimelineItem[] = [
    ...events.map((e): TimelineItem => ({
      kind: 'event',
      at: e.occurred_at,
      id: e.id,
      type: e.type,
      name: e.name,
      properties: JSON.parse(e.properties) as Record<string, unknown>,
    })),
    ...activities.map((a): TimelineItem => ({
      kind: 'activity',
      at: a.occurred_at,
      id: a.id,
      activityKind: a.kind,
      subject: a.subject,
      userId: a.user_id,
    })),
    ...changes.map((c): TimelineItem => ({
      kind: 'change',
      at: c.at,
      id: c.id,
      action: c.action,
      actorType: c.actor_type,
      actorId: c.actor_id,
      before: parse(c.before),
      after: parse(c.after),
      reason: c.reason,
    })),
  ];

  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}
