import type { ScoredEvent } from './scoring-model.js';

/** The page path of an event: Segment puts it in properties.path, or in context.page.path. */
export function pathOf(
  type: string,
  properties: Record<string, unknown>,
  contextJson: string | null,
): string | null {
  if (type !== 'page' && type !== 'screen') return null;
  if (typeof properties.path === 'string') return properties.path;
  if (!contextJson) return null;

  const page = (JSON.parse(contextJson) as { page?: { path?: unknown } }).page;

  return typeof page?.path === 'string' ? page.path : null;
}

/** A stored event row as scoring sees it. */
export function toScoredEvent(row: {
  id: string;
  type: string;
  name: string | null;
  properties: string;
  context: string | null;
  occurred_at: string;
}): ScoredEvent {
  const properties = JSON.parse(row.properties) as Record<string, unknown>;

  return {
    id: row.id,
    type: row.type,
    name: row.name,
    path: pathOf(row.type, properties, row.context),
    properties,
    at: Date.parse(row.occurred_at),
  };
}
