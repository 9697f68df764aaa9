import type { Generated } from 'kysely';

/**
 * The store's tables as Kysely sees them. Times are ISO-8601 strings (text on SQLite,
 * timestamptz on PostgreSQL, parsed back to ISO strings); JSON columns travel as strings
 * (text on SQLite, jsonb on PostgreSQL) and are decoded by each feature's repository.
 */
export interface Database {
  schema_migrations: SchemaMigrationTable;
  workspaces: WorkspaceTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  companies: CompanyTable;
  people: PersonTable;
  identities: IdentityTable;
  events: EventTable;
  activities: ActivityTable;
  deals: DealTable;
  audit_log: AuditTable;
  scoring_models: ScoringModelTable;
  scoring_model_versions: ScoringModelVersionTable;
  person_scores: PersonScoreTable;
  score_history: ScoreHistoryTable;
  person_merges: PersonMergeTable;
  backtests: BacktestTable;
  domain_events: DomainEventTable;
  rescore_jobs: RescoreJobTable;
  backtest_runs: BacktestRunTable;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  lifecycle_stages: string;
  lifecycle_transitions: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  workspace_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  scope: string;
  prefix: string;
  secret_hash: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TeamTable {
  id: string;
  workspace_id: string;
  name: string;
  kind: string;
  manager_id: string | null;
  calendar: string;
  created_at: string;
  updated_at: string;
}

export interface TeamMemberTable {
  team_id: string;
  workspace_id: string;
  user_id: string;
  capacity: number;
  availability: string;
  away_until: string | null;
  created_at: string;
}

export interface CompanyTable {
  id: string;
  workspace_id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  region: string | null;
  country: string | null;
  owner_id: string | null;
  traits: string;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  workspace_id: string;
  email: string | null;
  user_id: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  company_id: string | null;
  lifecycle_stage: string;
  owner_id: string | null;
  source: string | null;
  traits: string;
  search_text: string;
  /** Raised by the store on every change to what the person's API object shows. */
  revision: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface IdentityTable {
  workspace_id: string;
  kind: string;
  value: string;
  person_id: string;
  created_at: string;
}

export interface EventTable {
  id: string;
  workspace_id: string;
  message_id: string;
  type: string;
  name: string | null;
  person_id: string | null;
  anonymous_id: string | null;
  user_id: string | null;
  properties: string;
  context: string;
  occurred_at: string;
  received_at: string;
}

export interface ActivityTable {
  id: string;
  workspace_id: string;
  person_id: string;
  user_id: string | null;
  kind: string;
  subject: string;
  body: string | null;
  occurred_at: string;
  created_at: string;
}

export interface DealTable {
  id: string;
  workspace_id: string;
  name: string;
  person_id: string | null;
  company_id: string | null;
  owner_id: string | null;
  amount_minor: number;
  currency: string;
  stage: string;
  status: string;
  close_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditTable {
  seq: Generated<number>;
  id: string;
  workspace_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  at: string;
}

export interface ScoringModelTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  segment: string | null;
  priority: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface ScoringModelVersionTable {
  id: string;
  workspace_id: string;
  model_id: string;
  version: number;
  status: string;
  definition: string;
  created_by: string;
  created_at: string;
  published_at: string | null;
  retired_at: string | null;
}

export interface PersonScoreTable {
  workspace_id: string;
  person_id: string;
  model_id: string;
  version_id: string;
  fit_points: number;
  grade: string;
  engagement: number;
  mql: number;
  sql: number;
  scored_at: string;
}

export interface ScoreHistoryTable {
  id: string;
  workspace_id: string;
  person_id: string;
  model_id: string;
  version_id: string;
  fit_points: number;
  grade: string;
  engagement: number;
  cause: string;
  cause_id: string | null;
  at: string;
}

export interface PersonMergeTable {
  id: string;
  workspace_id: string;
  survivor_id: string;
  merged_id: string;
  merged_snapshot: string;
  cause: string;
  at: string;
}

export interface BacktestTable {
  id: string;
  workspace_id: string;
  model_id: string;
  version_id: string;
  period_from: string;
  period_to: string;
  report: string;
  created_by: string;
  created_at: string;
}

export interface DomainEventTable {
  seq: Generated<number>;
  id: string;
  workspace_id: string;
  type: string;
  subject_id: string;
  payload: string;
  created_at: string;
  processed_at: string | null;
}

export interface RescoreJobTable {
  id: string;
  workspace_id: string;
  model_id: string;
  /** `publish` or `profile` (a change of whom the model applies to). */
  cause: string;
  /** The version a publish made; null for other causes. */
  version_id: string | null;
  /** `running`, `done`, `failed` or `superseded`. */
  status: string;
  /** The last person re-scored; null before the first chunk. */
  cursor: string | null;
  /** People in the workspace when the job began: what progress is measured against. */
  total: number;
  /** People looked at so far, scored or not. */
  reached: number;
  scored: number;
  changed: number;
  moved: number;
  error: string | null;
  /** Which runner (one a process) holds the job; null before one claims it. */
  runner: string | null;
  /** Until when that runner holds it; a lapsed lease lets another resume the job. */
  lease_until: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface BacktestRunTable {
  id: string;
  workspace_id: string;
  model_id: string;
  /** The version replayed as the draft (the published one when the model had no draft). */
  draft_version_id: string;
  published_version_id: string | null;
  period_from: string;
  period_to: string;
  /** `running`, `done` or `failed`. */
  status: string;
  /** People in the workspace when the run began, and how many it has looked at. */
  total: number;
  reached: number;
  /** The stored report, once the run is done. */
  backtest_id: string | null;
  error: string | null;
  runner: string | null;
  lease_until: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
