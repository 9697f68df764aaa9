/**
 * Lifecycle stages and funnel zones. Pure: the defaults from PRODUCT.md, and the helpers
 * that read a workspace's configured list. Issue #3 makes the transitions configurable.
 */
export const DEFAULT_STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'customer',
  'recycled',
  'disqualified',
] as const;
export type DefaultStage = (typeof DEFAULT_STAGES)[number];

export type FunnelZone = 'tofu' | 'mofu' | 'bofu' | 'closed';

export interface StageDefinition {
  readonly key: string;
  readonly label: string;
  readonly zone: FunnelZone;
  /** From this stage until a terminal one, a person must have an owner. */
  readonly owned: boolean;
}

export const DEFAULT_STAGE_DEFINITIONS: readonly StageDefinition[] = [
  { key: 'subscriber', label: 'Subscriber', zone: 'tofu', owned: false },
  { key: 'lead', label: 'Lead', zone: 'tofu', owned: false },
  { key: 'mql', label: 'MQL', zone: 'mofu', owned: true },
  { key: 'sal', label: 'SAL', zone: 'mofu', owned: true },
  { key: 'sql', label: 'SQL', zone: 'bofu', owned: true },
  { key: 'opportunity', label: 'Opportunity', zone: 'bofu', owned: true },
  { key: 'customer', label: 'Customer', zone: 'closed', owned: false },
  { key: 'recycled', label: 'Recycled', zone: 'tofu', owned: false },
  { key: 'disqualified', label: 'Disqualified', zone: 'closed', owned: false },
];

export function parseStages(json: string): readonly StageDefinition[] {
  return JSON.parse(json) as StageDefinition[];
}

export function stageKeys(stages: readonly StageDefinition[]): string[] {
  return stages.map((s) => s.key);
}

export function requiresOwner(stages: readonly StageDefinition[], key: string): boolean {
  return stages.find((s) => s.key === key)?.owned ?? false;
}
