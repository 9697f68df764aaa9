import { describe, expect, it } from 'vitest';

import { AppError } from '../shared/app-error.js';
import { removedStages, validateLifecycle, type LifecycleConfig } from './lifecycle-config.js';
import { DEFAULT_STAGE_DEFINITIONS } from './stages.js';
import { DEFAULT_TRANSITIONS } from './transitions.js';

const base: LifecycleConfig = {
  stages: DEFAULT_STAGE_DEFINITIONS,
  transitions: DEFAULT_TRANSITIONS,
};

function failure(config: LifecycleConfig): { code: string; field?: string } {
  try {
    validateLifecycle(config);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('validateLifecycle', () => {
  it('accepts the defaults and a new stage with its transitions', () => {
    expect(validateLifecycle(base).stages).toHaveLength(9);

    const nurture = { key: 'nurture', label: ' Nurture ', zone: 'tofu' as const, owned: false };
    const config = validateLifecycle({
      stages: [...DEFAULT_STAGE_DEFINITIONS, nurture],
      transitions: { ...DEFAULT_TRANSITIONS, nurture: ['lead'], recycled: ['nurture'] },
    });
    expect(config.stages.at(-1)?.label).toBe('Nurture');
  });

  it('names the field of each problem', () => {
    const stages = [...DEFAULT_STAGE_DEFINITIONS];
    const cases: [LifecycleConfig, string, string][] = [
      [{ ...base, stages: [] }, 'invalid_stages', 'stages'],
      [
        { ...base, stages: [...stages, { ...stages[0]!, label: 'Again' }] },
        'duplicate_stage',
        'stages[9].key',
      ],
      [
        {
          ...base,
          stages: [...stages, { key: 'Bad Key', label: 'x', zone: 'tofu', owned: false }],
        },
        'invalid_stage_key',
        'stages[9].key',
      ],
      [
        { ...base, stages: [...stages, { key: 'x', label: ' ', zone: 'tofu', owned: false }] },
        'invalid_label',
        'stages[9].label',
      ],
      [
        {
          ...base,
          stages: [...stages, { key: 'x', label: 'X', zone: 'middle' as never, owned: false }],
        },
        'invalid_zone',
        'stages[9].zone',
      ],
      [{ ...base, stages: stages.filter((s) => s.key !== 'mql') }, 'required_stage', 'stages'],
      [
        { ...base, transitions: { ...DEFAULT_TRANSITIONS, lead: ['golden'] } },
        'unknown_stage',
        'transitions.lead[0]',
      ],
      [{ ...base, transitions: { golden: ['lead'] } }, 'unknown_stage', 'transitions.golden'],
      [{ ...base, transitions: { lead: ['lead'] } }, 'self_transition', 'transitions.lead[0]'],
      [
        { ...base, transitions: { lead: ['mql', 'mql'] } },
        'duplicate_transition',
        'transitions.lead',
      ],
    ];
    for (const [config, code, field] of cases) expect(failure(config)).toEqual({ code, field });
  });
});

describe('removedStages', () => {
  it('lists the keys that disappear', () => {
    expect(removedStages(DEFAULT_STAGE_DEFINITIONS, DEFAULT_STAGE_DEFINITIONS.slice(0, 7))).toEqual(
      ['recycled', 'disqualified'],
    );
  });
});
