/** What the score panel shows, computed from the API's answers; pure. */
import type { EventRef, ScoreHistoryEntry } from './score-types.js';

/** "Demo Requested", "Page /pricing", "Page “Security”", "Identify" for an event that gave points. */
export function eventText(event: EventRef): string {
  if (event.type === 'page' || event.type === 'screen') {
    const kind = event.type === 'page' ? 'Page' : 'Screen';
    if (event.path) return `${kind} ${event.path}`;
    if (event.name) return `${kind} “${event.name}”`;

    return kind;
  }
  if (event.name) return event.name;

  return event.type.charAt(0).toUpperCase() + event.type.slice(1);
}

const CAUSES: Record<string, string> = {
  event: 'an event',
  profile: 'a profile change',
  merge: 'a merge',
  publish: 'publishing',
  import: 'an import',
};

export function causeText(cause: string): string {
  return CAUSES[cause] ?? cause;
}

export interface HistoryPoint {
  readonly at: string;
  readonly label: string;
  readonly engagement: number;
  readonly fit: number;
}

const pointLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });

/** The history, oldest first, as chart points. */
export function historyPoints(entries: readonly ScoreHistoryEntry[]): HistoryPoint[] {
  return [...entries]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((entry) => ({
      at: entry.at,
      label: pointLabel.format(new Date(entry.at)),
      engagement: entry.engagement,
      fit: entry.fitPoints,
    }));
}

/** "+40", "−20", "0" */
export function signed(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;

  return '0';
}

/** Rule occurrences over the rule caps, per rule label: "Pricing page viewed × 4". */
export function skippedSummary(
  skipped: ReadonlyArray<{ readonly ruleId: string }>,
  labels: ReadonlyMap<string, string>,
): string[] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.ruleId, (counts.get(s.ruleId) ?? 0) + 1);

  return [...counts].map(([ruleId, n]) => `${labels.get(ruleId) ?? ruleId} × ${n}`);
}
