import { invalid } from '../shared/app-error.js';
import type { FunnelZone, StageDefinition } from './stages.js';

/**
 * A workspace's lifecycle: its stages (label, funnel zone, whether an owner is needed) and
 * which stage may follow which. Pure validation of what an admin sends.
 */
export interface LifecycleConfig {
  readonly stages: readonly StageDefinition[];
  readonly transitions: Readonly<Record<string, readonly string[]>>;
}

/**
 * Stages that must stay: automation moves people into and out of them (Subscriber → Lead,
 * → MQL, SAL → SQL) and the handover waits on MQL. Their labels, zones and transitions may
 * change; removing them would leave scoring with nowhere to move people.
 */
export const REQUIRED_STAGES = ['subscriber', 'lead', 'mql', 'sal', 'sql'] as const;

const ZONES: readonly FunnelZone[] = ['tofu', 'mofu', 'bofu', 'closed'];
const KEY = /^[a-z][a-z0-9_]{0,49}$/;
export const MAX_STAGES = 30;

function checkStage(stage: StageDefinition, i: number, seen: Set<string>): void {
  const at = `stages[${i}]`;
  if (!KEY.test(stage.key)) {
    throw invalid(
      'invalid_stage_key',
      'A stage key is 1 to 50 lowercase letters, digits or _, starting with a letter.',
      `${at}.key`,
    );
  }
  if (seen.has(stage.key))
    throw invalid('duplicate_stage', `Stage ${stage.key} is listed twice.`, `${at}.key`);
  if (!stage.label.trim()) throw invalid('invalid_label', 'A stage needs a label.', `${at}.label`);
  if (!ZONES.includes(stage.zone))
    throw invalid('invalid_zone', `zone must be one of ${ZONES.join(', ')}.`, `${at}.zone`);

  seen.add(stage.key);
}

function checkTransitions(transitions: LifecycleConfig['transitions'], keys: Set<string>): void {
  for (const [from, targets] of Object.entries(transitions)) {
    if (!keys.has(from))
      throw invalid('unknown_stage', `${from} is not one of the stages.`, `transitions.${from}`);

    targets.forEach((to, j) => {
      if (!keys.has(to))
        throw invalid(
          'unknown_stage',
          `${to} is not one of the stages.`,
          `transitions.${from}[${j}]`,
        );
      if (to === from)
        throw invalid(
          'self_transition',
          `${from} cannot lead to itself.`,
          `transitions.${from}[${j}]`,
        );
    });
    if (new Set(targets).size !== targets.length) {
      throw invalid(
        'duplicate_transition',
        `A target is listed twice for ${from}.`,
        `transitions.${from}`,
      );
    }
  }
}

/**
 * Checks a lifecycle configuration and returns it with labels trimmed, or throws naming the
 * field: stage keys unique and well formed, zones known, the required stages present, every
 * transition between listed stages.
 */
export function validateLifecycle(config: LifecycleConfig): LifecycleConfig {
  if (config.stages.length === 0 || config.stages.length > MAX_STAGES) {
    throw invalid('invalid_stages', `List 1 to ${MAX_STAGES} stages.`, 'stages');
  }

  const seen = new Set<string>();
  config.stages.forEach((stage, i) => checkStage(stage, i, seen));
  for (const key of REQUIRED_STAGES) {
    if (!seen.has(key)) {
      throw invalid(
        'required_stage',
        `Stage ${key} is required: scoring moves people into or out of it.`,
        'stages',
      );
    }
  }
  checkTransitions(config.transitions, seen);

  return {
    stages: config.stages.map((s) => ({
      key: s.key,
      label: s.label.trim(),
      zone: s.zone,
      owned: s.owned,
    })),
    transitions: config.transitions,
  };
}

/** The stages of `before` that `after` drops. */
export function removedStages(
  before: readonly StageDefinition[],
  after: readonly StageDefinition[],
): string[] {
  const kept = new Set(after.map((s) => s.key));

  return before.map((s) => s.key).filter((key) => !kept.has(key));
}
