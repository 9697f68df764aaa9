import { holds } from './conditions.js';
import { DAY_MS, decayFactor } from './decay.js';
import type {
  EngagementRule,
  EventMatcher,
  ScoredEvent,
  ScoringDefinition,
} from './scoring-model.js';

export interface EngagementContribution {
  readonly ruleId: string;
  readonly label: string;
  readonly eventId: string;
  readonly at: number;
  /** The rule's points for this occurrence before decay. */
  readonly points: number;
  /** What is left of them now. */
  readonly decayed: number;
}

export interface SkippedOccurrence {
  readonly ruleId: string;
  readonly eventId: string;
  readonly at: number;
  readonly reason: 'rule_cap';
}

export interface EngagementResult {
  /** Rounded to one decimal; between 0 and the model's engagement cap. */
  readonly score: number;
  readonly contributions: readonly EngagementContribution[];
  readonly skipped: readonly SkippedOccurrence[];
  /** True when the total cap cut the score. */
  readonly capped: boolean;
}

function pathMatches(pattern: string, path: string | null): boolean {
  if (path === null) return false;
  if (pattern.endsWith('*'))
    return path.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase());

  return path.toLowerCase() === pattern.toLowerCase();
}

/** True when `event` is one that `matcher` counts. */
export function matches(matcher: EventMatcher, event: ScoredEvent): boolean {
  if (matcher.type && matcher.type !== event.type) return false;
  if (matcher.name && (event.name ?? '').toLowerCase() !== matcher.name.toLowerCase()) return false;
  if (matcher.path && !pathMatches(matcher.path, event.path)) return false;

  return (matcher.properties ?? []).every((condition) =>
    holds(condition, { properties: event.properties, ...event.properties }),
  );
}

/**
 * The occurrences of one rule that count, oldest first: with a cap of `max` in `windowDays`,
 * an occurrence counts only if fewer than `max` counted ones fall in the window before it.
 */
function countedOccurrences(
  rule: EngagementRule,
  events: readonly ScoredEvent[],
): { counted: ScoredEvent[]; skipped: ScoredEvent[] } {
  const counted: ScoredEvent[] = [];
  const skipped: ScoredEvent[] = [];
  const windowMs = rule.cap ? rule.cap.windowDays * DAY_MS : 0;

  // Events arrive oldest first, so the counted ones inside the window are a suffix of
  // `counted`; `first` is where that suffix starts.
  let first = 0;
  for (const event of events) {
    if (!matches(rule.match, event)) continue;

    while (first < counted.length && event.at - counted[first]!.at >= windowMs) first++;
    if (rule.cap && counted.length - first >= rule.cap.max) skipped.push(event);
    else counted.push(event);
  }

  return { counted, skipped };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * An event reduced to what engagement needs: when it happened and which of the model's
 * engagement rules (by index, ascending) count it. Bulk scoring reads these straight from the
 * store (`event-scan.repository.ts`) instead of whole events.
 */
export interface RuleHit {
  readonly at: number;
  readonly rules: readonly number[];
}

/** The rules (by index) that count `event`. */
export function rulesMatching(model: ScoringDefinition, event: ScoredEvent): number[] {
  const rules: number[] = [];
  model.engagementRules.forEach((rule, r) => {
    if (matches(rule.match, event)) rules.push(r);
  });

  return rules;
}

/**
 * Events as hits, oldest first (ties by id, as `engagementScore` orders them). `everyEvent`
 * keeps the events no rule counts, as instants (a replay judges the criteria at each).
 */
export function ruleHits(
  model: ScoringDefinition,
  events: readonly ScoredEvent[],
  everyEvent = false,
): RuleHit[] {
  const hits: RuleHit[] = [];
  const ordered = [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  for (const event of ordered) {
    const rules = rulesMatching(model, event);
    if (everyEvent || rules.length > 0) hits.push({ at: event.at, rules });
  }

  return hits;
}

/**
 * The engagement score of `engagementScore`, from hits oldest first, without the explanation:
 * the same caps, decay, rounding and order of summing (rule by rule, oldest first), so the same
 * number to the last bit. Ties in time may come in any order: occurrences of one instant are
 * worth the same.
 */
export function engagementOfHits(
  model: ScoringDefinition,
  hits: readonly RuleHit[],
  now: number,
): number {
  let raw = 0;
  model.engagementRules.forEach((rule, r) => {
    const windowMs = rule.cap ? rule.cap.windowDays * DAY_MS : 0;
    const counted: number[] = [];
    let first = 0;
    for (const hit of hits) {
      if (hit.at > now) break;
      if (!hit.rules.includes(r)) continue;

      while (first < counted.length && hit.at - counted[first]! >= windowMs) first++;
      if (rule.cap && counted.length - first >= rule.cap.max) continue;
      counted.push(hit.at);
      raw += round1(rule.points * decayFactor(model.decay, now - hit.at));
    }
  });

  return round1(Math.min(model.engagementCap, Math.max(0, raw)));
}

/**
 * The implicit ("engagement") score of a person's events at `now`, with per-rule caps,
 * decay and the total cap, and every point explained.
 */
export function engagementScore(
  model: ScoringDefinition,
  events: readonly ScoredEvent[],
  now: number,
): EngagementResult {
  const ordered = [...events]
    .filter((e) => e.at <= now)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const contributions: EngagementContribution[] = [];
  const skipped: SkippedOccurrence[] = [];

  for (const rule of model.engagementRules) {
    const occurrences = countedOccurrences(rule, ordered);
    for (const e of occurrences.counted) {
      const decayed = rule.points * decayFactor(model.decay, now - e.at);
      contributions.push({
        ruleId: rule.id,
        label: rule.label,
        eventId: e.id,
        at: e.at,
        points: rule.points,
        decayed: round1(decayed),
      });
    }
    for (const e of occurrences.skipped)
      skipped.push({ ruleId: rule.id, eventId: e.id, at: e.at, reason: 'rule_cap' });
  }

  const raw = contributions.reduce((sum, c) => sum + c.decayed, 0);
  const score = round1(Math.min(model.engagementCap, Math.max(0, raw)));

  return { score, contributions, skipped, capped: raw > model.engagementCap };
}
