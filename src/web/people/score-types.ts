/** A person's score as `GET /api/v1/people/{id}/score` and `/score-history` answer it. */

export interface EventRef {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly path: string | null;
  readonly at: string;
}

export interface Verdict {
  readonly met: boolean;
  readonly reasons: ReadonlyArray<{ readonly text: string; readonly met: boolean }>;
}

export interface PersonScore {
  readonly modelId: string;
  readonly modelName: string;
  readonly versionId: string;
  readonly version: number;
  /** False when nothing is stored yet and the numbers were computed on reading. */
  readonly stored: boolean;
  readonly fitPoints: number;
  readonly grade: string;
  readonly engagement: number;
  readonly mql: boolean;
  readonly sql: boolean;
  readonly scoredAt: string | null;
  readonly explanation: {
    readonly asOf: string;
    readonly fit: {
      readonly points: number;
      readonly grade: string;
      readonly rules: ReadonlyArray<{
        readonly ruleId: string;
        readonly label: string;
        readonly points: number;
        readonly because: string;
      }>;
    };
    readonly engagement: {
      readonly score: number;
      readonly capped: boolean;
      readonly rules: ReadonlyArray<{
        readonly ruleId: string;
        readonly label: string;
        readonly points: number;
        readonly decayed: number;
        readonly event: EventRef;
      }>;
      readonly skipped: ReadonlyArray<{
        readonly ruleId: string;
        readonly reason: string;
        readonly event: EventRef;
      }>;
    };
    readonly mql: Verdict;
    readonly sql: Verdict;
  };
}

export interface ScoreHistoryEntry {
  readonly id: string;
  readonly modelId: string;
  readonly modelName: string;
  readonly versionId: string;
  readonly version: number;
  readonly fitPoints: number;
  readonly grade: string;
  readonly engagement: number;
  readonly cause: string;
  readonly causeId: string | null;
  readonly at: string;
}
