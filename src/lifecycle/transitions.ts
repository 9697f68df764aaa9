import type { StageDefinition } from './stages.js';

/**
 * Which stage may follow which, and the moves Baton makes by itself. Pure.
 * A workspace may configure its own stages; stages it adds get the transitions it gives them.
 */
export type StageCause = 'rule' | 'user' | 'import' | 'api' | 'handover' | 'system';

export const DEFAULT_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  subscriber: ['lead', 'mql', 'disqualified'],
  lead: ['mql', 'subscriber', 'disqualified'],
  mql: ['sal', 'recycled', 'disqualified'],
  sal: ['sql', 'recycled', 'disqualified'],
  sql: ['opportunity', 'recycled', 'disqualified'],
  opportunity: ['customer', 'recycled', 'disqualified'],
  customer: ['opportunity'],
  recycled: ['lead', 'mql', 'disqualified'],
  disqualified: ['lead', 'recycled'],
};

export type TransitionCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'unknown_stage' | 'transition_not_allowed' | 'reason_required';
      readonly message: string;
    };

/** Whether a move from `from` to `to` is allowed; manual moves need a reason. */
export function checkTransition(
  stages: readonly StageDefinition[],
  transitions: Readonly<Record<string, readonly string[]>>,
  move: {
    readonly from: string;
    readonly to: string;
    readonly cause: StageCause;
    readonly reason?: string | null;
  },
): TransitionCheck {
  if (!stages.some((s) => s.key === move.to)) {
    return {
      ok: false,
      code: 'unknown_stage',
      message: `${move.to} is not a lifecycle stage of this workspace.`,
    };
  }
  if (move.from === move.to) return { ok: true };
  if (!(transitions[move.from] ?? []).includes(move.to)) {
    return {
      ok: false,
      code: 'transition_not_allowed',
      message: `A person cannot move from ${move.from} to ${move.to}.`,
    };
  }
  if (move.cause === 'user' && !move.reason?.trim()) {
    return { ok: false, code: 'reason_required', message: 'A manual stage change needs a reason.' };
  }

  return { ok: true };
}

/** What scoring knows when it decides an automatic move. */
export interface AutomaticFacts {
  readonly stage: string;
  readonly hasEmail: boolean;
  readonly mql: boolean;
  readonly sql: boolean;
}

/**
 * The stage Baton moves a person to by itself, or undefined to stay. Automation only moves
 * forward: Subscriber → Lead once an e-mail is known; Subscriber, Lead or Recycled → MQL when
 * the model's MQL criteria hold; SAL → SQL when the SQL criteria hold. It never demotes.
 */
export function automaticStage(facts: AutomaticFacts): string | undefined {
  const mqlFrom = ['subscriber', 'lead', 'recycled'];

  if (mqlFrom.includes(facts.stage) && facts.mql) return 'mql';
  if (facts.stage === 'sal' && facts.sql) return 'sql';
  if (facts.stage === 'subscriber' && facts.hasEmail) return 'lead';

  return undefined;
}
