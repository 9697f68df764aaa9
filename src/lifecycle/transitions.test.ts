import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DEFAULT_STAGE_DEFINITIONS, DEFAULT_STAGES } from './stages.js';
import { automaticStage, checkTransition, DEFAULT_TRANSITIONS } from './transitions.js';

const stages = DEFAULT_STAGE_DEFINITIONS;

describe('checkTransition', () => {
  it('allows the funnel forward and asks a user for a reason', () => {
    expect(
      checkTransition(stages, DEFAULT_TRANSITIONS, { from: 'mql', to: 'sal', cause: 'handover' }),
    ).toEqual({ ok: true });
    expect(
      checkTransition(stages, DEFAULT_TRANSITIONS, { from: 'mql', to: 'recycled', cause: 'user' }),
    ).toMatchObject({ ok: false, code: 'reason_required' });
    expect(
      checkTransition(stages, DEFAULT_TRANSITIONS, {
        from: 'mql',
        to: 'recycled',
        cause: 'user',
        reason: 'not now',
      }),
    ).toEqual({ ok: true });
  });

  it('refuses skipping and unknown stages', () => {
    expect(
      checkTransition(stages, DEFAULT_TRANSITIONS, { from: 'lead', to: 'customer', cause: 'api' }),
    ).toMatchObject({ ok: false, code: 'transition_not_allowed' });
    expect(
      checkTransition(stages, DEFAULT_TRANSITIONS, { from: 'lead', to: 'golden', cause: 'api' }),
    ).toMatchObject({ ok: false, code: 'unknown_stage' });
  });

  it('has a transition list for every default stage, naming only known stages', () => {
    for (const stage of DEFAULT_STAGES) {
      for (const next of DEFAULT_TRANSITIONS[stage] ?? []) expect(DEFAULT_STAGES).toContain(next);
    }
  });
});

describe('automaticStage', () => {
  it('moves forward only', () => {
    const order = DEFAULT_STAGES.indexOf.bind(DEFAULT_STAGES) as (s: string) => number;
    fc.assert(
      fc.property(
        fc.constantFrom(...DEFAULT_STAGES),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (stage, hasEmail, mql, sql) => {
          const next = automaticStage({ stage, hasEmail, mql, sql });
          if (next === undefined) return true;

          const allowed = checkTransition(stages, DEFAULT_TRANSITIONS, {
            from: stage,
            to: next,
            cause: 'rule',
          }).ok;

          return allowed && (stage === 'recycled' || order(next) > order(stage));
        },
      ),
    );
  });

  it('qualifies a lead whose MQL criteria hold', () => {
    expect(automaticStage({ stage: 'lead', hasEmail: true, mql: true, sql: false })).toBe('mql');
    expect(automaticStage({ stage: 'subscriber', hasEmail: true, mql: false, sql: false })).toBe(
      'lead',
    );
    expect(
      automaticStage({ stage: 'customer', hasEmail: true, mql: true, sql: true }),
    ).toBeUndefined();
  });
});
