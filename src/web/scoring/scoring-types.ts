/** The shapes the scoring API answers with, as the web app reads them. */
import type { BacktestWeek, WeekFigures } from '../../scoring/backtest-report.js';
import type { RescoreJobView } from '../../scoring/rescore-jobs.repository.js';
import type { Condition, Grade, ScoringDefinition } from '../../scoring/scoring-model.js';

export type { BacktestWeek, WeekFigures };

export interface VersionSummary {
  readonly versionId: string;
  readonly version: number;
  readonly at: string;
}

export interface ScoringModel {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly segment: Condition | null;
  readonly priority: number;
  readonly published: VersionSummary | null;
  readonly draft: VersionSummary | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** After a change of segment or priority of a published model: the re-scoring it caused. */
  readonly rescore?: RescoreJobView;
}

/** What `PATCH /scoring-models/{id}` takes; a field left out stays as it is. */
export interface ModelChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly segment?: Condition | null;
  readonly priority?: number;
}

export type VersionStatus = 'draft' | 'published' | 'retired';

export interface ModelVersion {
  readonly id: string;
  readonly modelId: string;
  readonly version: number;
  readonly status: VersionStatus;
  readonly definition: ScoringDefinition;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly retiredAt: string | null;
}

/** The draft to edit: the saved one, or (`saved: false`) the published definition to start from. */
export interface DraftView {
  readonly modelId: string;
  readonly versionId: string | null;
  readonly version: number | null;
  readonly saved: boolean;
  readonly basedOn: number | null;
  readonly definition: ScoringDefinition;
}

// The jobs' views are the server's own types: what the API answers, defined once.
export type { BacktestRunView as BacktestRun } from '../../scoring/backtest-runs.repository.js';
export type { RescoreJobView as RescoreJob } from '../../scoring/rescore-jobs.repository.js';
export type { RescoreStatus } from '../../scoring/rescore-jobs.repository.js';

export interface PublishResult {
  readonly model: ScoringModel;
  readonly version: ModelVersion;
  readonly rescore: RescoreJobView;
}

export type Totals = WeekFigures & { readonly conversionRate: number };

export interface BacktestReportView {
  readonly from: string;
  readonly to: string;
  readonly draftVersion: number;
  readonly publishedVersion: number | null;
  readonly people: number;
  readonly weeks: readonly BacktestWeek[];
  readonly totals: { readonly draft: Totals; readonly published: Totals };
  readonly overlap: {
    readonly both: number;
    readonly draftOnly: number;
    readonly publishedOnly: number;
  };
}

export interface Backtest {
  readonly id: string;
  readonly modelId: string;
  readonly versionId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly report: BacktestReportView;
}

/** A stored backtest as the list of past ones gives it: the figures, not the weekly rows. */
export interface BacktestSummary extends Omit<Backtest, 'report'> {
  readonly report: Omit<BacktestReportView, 'weeks'>;
}

export type { Grade };
