import { meets } from './criteria.js';
import { decayAccumulator } from './decay-accumulator.js';
import { DAY_MS } from './decay.js';
import type { RuleHit } from './engagement-score.js';
import type { FitResult } from './fit-score.js';
import type { Criterion, Profile, ScoringDefinition } from './scoring-model.js';

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Replays a person's events (as hits, oldest first, every event included: see `ruleHits`) in
 * time order and returns the first moment (epoch ms) at which
 * `criterion` held, or undefined if it never did up to `until`. Engagement only rises at an
 * event and only decays between events, so checking right after each instant's events finds the first
 * moment a "score at least" criterion holds. Fit is taken from the person's current profile.
 * Caps and the total cap apply exactly as in `engagementScore`.
 */
export function firstTimeMet(
  model: ScoringDefinition,
  profile: Profile,
  fit: FitResult,
  events: readonly RuleHit[],
  criterion: Criterion,
  until: number,
): number | undefined {
  const accumulator = decayAccumulator(model.decay);
  const counted = model.engagementRules.map(() => [] as number[]);
  const firstInWindow = model.engagementRules.map(() => 0);

  for (const [i, event] of events.entries()) {
    if (event.at > until) break;

    for (const r of event.rules) {
      const rule = model.engagementRules[r]!;
      const times = counted[r]!;
      if (rule.cap) {
        const windowMs = rule.cap.windowDays * DAY_MS;
        while (firstInWindow[r]! < times.length && event.at - times[firstInWindow[r]!]! >= windowMs)
          firstInWindow[r]!++;
        if (times.length - firstInWindow[r]! >= rule.cap.max) continue;
      }

      times.push(event.at);
      accumulator.add(event.at, rule.points);
    }

    // Events of one instant count together: judge only after the last of them.
    if (events[i + 1]?.at === event.at) continue;

    const engagement = round1(
      Math.min(model.engagementCap, Math.max(0, accumulator.valueAt(event.at))),
    );
    if (meets(criterion, { grade: fit.grade, fit: fit.points, engagement, profile }))
      return event.at;
  }

  return undefined;
}
