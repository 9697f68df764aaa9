import { describe, expect, it } from 'vitest';

import { byWhom } from '../../src/web/scoring/actor-label.js';
import {
  hasChanges,
  NEW_SEGMENT,
  segmentInputOf,
  settingsChanges,
  settingsIssue,
  settingsOf,
} from '../../src/web/scoring/model-settings-form.js';
import type { ScoringModel } from '../../src/web/scoring/scoring-types.js';

const MODEL: ScoringModel = {
  id: 'scm_1',
  name: 'EMEA model',
  description: null,
  segment: { attribute: 'company.region', operator: 'equals', value: 'EMEA' },
  priority: 10,
  published: null,
  draft: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('model settings form', () => {
  it('sends nothing for an untouched form', () => {
    const form = settingsOf(MODEL);

    expect(settingsChanges(form, MODEL)).toEqual({});
    expect(hasChanges(form, MODEL)).toBe(false);
  });

  it('sends only the fields that changed', () => {
    const form = { ...settingsOf(MODEL), name: 'Europe', priority: 5 };

    expect(settingsChanges(form, MODEL)).toEqual({ name: 'Europe', priority: 5 });
  });

  it('sends a cleared description as null and "everyone" as a null segment', () => {
    const described = { ...MODEL, description: 'For EMEA' };
    const form = { ...settingsOf(described), description: '  ', segment: null };

    expect(settingsChanges(form, described)).toEqual({ description: null, segment: null });
  });

  it('starts a new segment with no attribute, for the user to name', () => {
    const everyone = { ...MODEL, segment: null };
    const form = { ...settingsOf(everyone), segment: NEW_SEGMENT };

    expect(settingsChanges(form, everyone)).toEqual({ segment: NEW_SEGMENT });
  });

  it('holds back an empty priority, naming the field', () => {
    expect(settingsIssue({ ...settingsOf(MODEL), priority: NaN })?.field).toBe('priority');
    expect(settingsIssue(settingsOf(MODEL))).toBeUndefined();
  });

  it('places an API error about the segment on the input it is about', () => {
    expect(segmentInputOf('segment')).toBe('choice');
    expect(segmentInputOf('segment.attribute')).toBe('attribute');
    expect(segmentInputOf('segment.operator')).toBe('operator');
    expect(segmentInputOf('segment.value')).toBe('value');
    expect(segmentInputOf('segment.min')).toBe('value');
    expect(segmentInputOf('name')).toBeUndefined();
    expect(segmentInputOf(undefined)).toBeUndefined();
  });
});

describe('actor labels', () => {
  const names = (id: string | null) => (id === 'usr_1' ? 'Dana Demo' : `User ${id}`);

  it('names a user, and says what kind of actor anything else was', () => {
    expect(byWhom('user:usr_1', names)).toBe('Dana Demo');
    expect(byWhom('api_key:key_1', names)).toBe('an API key');
    expect(byWhom('cli:backtest', names)).toBe('the CLI');
    expect(byWhom('system:demo', names)).toBe('system');
  });
});
