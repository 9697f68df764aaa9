import type { Kysely } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import type { Scope } from '../shared/actor.js';
import { conflict, invalid, notFound } from '../shared/app-error.js';
import { nowIso } from '../shared/clock.js';
import { newId, type BacktestId, type WorkspaceId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import {
  backtestReport,
  type BacktestReport,
  type BacktestWeek,
  type Outcome,
} from './backtest-report.js';
import { toBacktestView } from './backtests.repository.js';
import { DAY_MS } from './decay.js';
import { fitScore } from './fit-score.js';
import { pickModel } from './model-selection.js';
import {
  definitionConditions,
  profileFieldsOf,
  readChunk,
  type ChunkCursor,
  type ChunkPerson,
} from './person-chunks.repository.js';
import { firstTimeMet } from './replay.js';
import { publishedModels } from './scoring.pipeline.js';
import type { Condition, ScoringDefinition } from './scoring-model.js';
import { findModelRow, versionWithStatus } from './scoring-models.repository.js';

/** How far back a backtest looks when the caller names no period. */
export const DEFAULT_BACKTEST_DAYS = 90;
export const MAX_BACKTEST_DAYS = 2 * 366;

/**
 * Stages that count as "sales took it further" for a lead's outcome: accepted (SAL) or beyond.
 * A won deal counts too, as converted and as won.
 */
export const CONVERTED_STAGES: readonly string[] = ['sal', 'sql', 'opportunity', 'customer'];

export interface BacktestView {
  readonly id: BacktestId;
  readonly modelId: string;
  readonly versionId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly report: Omit<BacktestReport, 'weeks'> & {
    readonly weeks: BacktestWeek[];
    readonly draftVersion: number;
    readonly publishedVersion: number | null;
    /** People the model applies to, whom the backtest replayed. */
    readonly people: number;
  };
}

interface Side {
  readonly versionId: string;
  readonly version: number;
  readonly definition: ScoringDefinition;
}

function parseInstant(text: string, field: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00.000Z` : text);
  if (!Number.isFinite(ms))
    throw invalid('invalid_format', `${field} must be a date (YYYY-MM-DD) or date-time.`, field);

  return dateOnly && endOfDay ? ms + DAY_MS - 1 : ms;
}

/** The period to replay: [from, to], by default the last 90 days up to now. */
export function backtestPeriod(
  input: { from?: string; to?: string },
  now: number,
): { from: number; to: number } {
  const to = input.to ? parseInstant(input.to, 'to', true) : now;
  const from = input.from
    ? parseInstant(input.from, 'from', false)
    : to - DEFAULT_BACKTEST_DAYS * DAY_MS;

  if (from >= to) throw invalid('empty_period', 'from must be before to.', 'from');
  if (to - from > MAX_BACKTEST_DAYS * DAY_MS) {
    throw invalid(
      'period_too_long',
      `A backtest covers at most ${MAX_BACKTEST_DAYS} days.`,
      'from',
    );
  }

  return { from, to };
}

function sideOf(row: Database['scoring_model_versions'] | undefined): Side | undefined {
  return row
    ? {
        versionId: row.id,
        version: row.version,
        definition: JSON.parse(row.definition) as ScoringDefinition,
      }
    : undefined;
}

function stageOfAudit(after: string | null): string | undefined {
  if (!after) return undefined;

  const parsed = JSON.parse(after) as { lifecycleStage?: unknown; lifecycle_stage?: unknown };
  const stage = parsed.lifecycleStage ?? parsed.lifecycle_stage;

  return typeof stage === 'string' ? stage : undefined;
}

const earliest = (a: number | undefined, b: number): number =>
  a === undefined ? b : Math.min(a, b);

/**
 * What became of the chunk's people, from history: the first time the audit log shows them
 * reaching SAL or beyond, and the first deal of theirs won (its close date, else its last
 * update). People who are past MQL today without any recorded move (imported or seeded) count
 * as converted at their last update.
 */
async function outcomesOf(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  people: readonly ChunkPerson[],
): Promise<Map<string, Outcome>> {
  const ids = people.map((person) => person.id);
  const converted = new Map<string, number>();
  const won = new Map<string, number>();

  const moves = await db
    .selectFrom('audit_log')
    .select(['subject_id', 'after', 'at'])
    .where('workspace_id', '=', workspaceId)
    .where('subject_id', 'in', ids)
    .where('action', 'in', ['person.stage_changed', 'person.created'])
    .execute();
  for (const move of moves) {
    const stage = stageOfAudit(move.after);
    if (stage && CONVERTED_STAGES.includes(stage))
      converted.set(move.subject_id, earliest(converted.get(move.subject_id), Date.parse(move.at)));
  }

  const deals = await db
    .selectFrom('deals')
    .select(['person_id', 'close_date', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', 'in', ids)
    .where('status', '=', 'won')
    .execute();
  for (const deal of deals) {
    const at = Date.parse(deal.close_date ?? deal.updated_at);
    won.set(deal.person_id!, earliest(won.get(deal.person_id!), at));
    converted.set(deal.person_id!, earliest(converted.get(deal.person_id!), at));
  }

  const outcomes = new Map<string, Outcome>();
  for (const person of people) {
    let convertedAt = converted.get(person.id);
    if (convertedAt === undefined && CONVERTED_STAGES.includes(person.profile.stage))
      convertedAt = Date.parse(person.updatedAt);
    const wonAt = won.get(person.id);
    if (convertedAt !== undefined || wonAt !== undefined) {
      outcomes.set(person.id, {
        ...(convertedAt !== undefined ? { convertedAt } : {}),
        ...(wonAt !== undefined ? { wonAt } : {}),
      });
    }
  }

  return outcomes;
}

interface Replay {
  readonly draft: Map<string, number>;
  readonly published: Map<string, number>;
  readonly outcomes: Map<string, Outcome>;
  people: number;
}

/** When `side` first qualified the person; `d` is the side's index among the chunk's definitions. */
function replayPerson(side: Side, d: number, person: ChunkPerson, to: number): number | undefined {
  const fit = fitScore(side.definition, person.profile);

  return firstTimeMet(
    side.definition,
    person.profile,
    fit,
    person.hits(d),
    side.definition.mql,
    to,
  );
}

/**
 * Replays the draft (and the published version) over every person the model applies to, a
 * chunk at a time, and returns when each first met the MQL criteria and how they went on.
 */
async function replay(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  model: { id: string; segment: Condition | null; priority: number },
  draft: Side,
  published: Side | undefined,
  to: number,
  onChunk: (reached: number) => Promise<void>,
): Promise<Replay> {
  const others = (await publishedModels(db, workspaceId)).filter((m) => m.modelId !== model.id);
  const candidates = [
    ...others.map((m) => ({ id: m.modelId, segment: m.segment, priority: m.priority })),
    model,
  ];
  const result: Replay = { draft: new Map(), published: new Map(), outcomes: new Map(), people: 0 };

  const definitions = [draft.definition, ...(published ? [published.definition] : [])];
  const fields = profileFieldsOf([
    ...candidates.flatMap((candidate) => (candidate.segment ? [candidate.segment] : [])),
    ...definitions.flatMap((definition) => [...definitionConditions(definition)]),
  ]);
  let after: ChunkCursor | null = null;
  do {
    const chunk = await readChunk(db, workspaceId, after, {
      definitions,
      until: new Date(to).toISOString(),
      everyEvent: true,
      fields,
    });
    after = chunk.next;
    await onChunk(chunk.ids.length);
    const mine = chunk.people.filter(
      (person) => pickModel(candidates, person.profile)?.id === model.id,
    );
    result.people += mine.length;

    const qualified: ChunkPerson[] = [];
    for (const person of mine) {
      const draftAt = replayPerson(draft, 0, person, to);
      const publishedAt = published ? replayPerson(published, 1, person, to) : undefined;
      if (draftAt !== undefined) result.draft.set(person.id, draftAt);
      if (publishedAt !== undefined) result.published.set(person.id, publishedAt);
      if (draftAt !== undefined || publishedAt !== undefined) qualified.push(person);
    }
    if (qualified.length === 0) continue;

    const outcomes = await outcomesOf(db, workspaceId, qualified);
    for (const [id, outcome] of outcomes) result.outcomes.set(id, outcome);
  } while (after !== null);

  return result;
}

/** What a backtest replays: checked and recorded before the replay starts (`startBacktest`). */
export interface BacktestPlan {
  readonly workspaceId: WorkspaceId;
  readonly modelId: string;
  readonly draftVersionId: string;
  readonly publishedVersionId: string | null;
  readonly from: number;
  readonly to: number;
}

/**
 * Checks a backtest request: the period, the model, a draft to replay (its published version
 * when it has no draft). What it returns is what the run replays, whatever is published later.
 */
export async function planBacktest(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  modelId: string,
  input: { from?: string; to?: string; now?: number },
): Promise<BacktestPlan> {
  const period = backtestPeriod(input, input.now ?? Date.now());
  const model = await findModelRow(db, workspaceId, modelId);
  if (!model) throw notFound('scoring_model', 'id');

  const published = await versionWithStatus(db, workspaceId, modelId, 'published');
  const draft = (await versionWithStatus(db, workspaceId, modelId, 'draft')) ?? published;
  if (!draft)
    throw conflict(
      'no_draft',
      'This model has neither a draft nor a published version to backtest.',
      'id',
    );

  return {
    workspaceId,
    modelId: model.id,
    draftVersionId: draft.id,
    publishedVersionId: published?.id ?? null,
    ...period,
  };
}

async function sideById(db: Kysely<Database>, id: string | null): Promise<Side | undefined> {
  if (id === null) return undefined;

  return sideOf(
    await db
      .selectFrom('scoring_model_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst(),
  );
}

/**
 * Replays a plan (the draft and the published version over the period, every person the model
 * applies to), stores the report and returns it. `onChunk` is told how many people each chunk
 * looked at; it may throw to stop the replay.
 */
export async function executeBacktest(
  db: Kysely<Database>,
  scope: Scope,
  plan: BacktestPlan,
  onChunk: (reached: number) => Promise<void> = async () => undefined,
): Promise<BacktestView> {
  const model = await findModelRow(db, plan.workspaceId, plan.modelId);
  const draft = await sideById(db, plan.draftVersionId);
  if (!model || !draft) throw notFound('scoring_model', 'id');
  const published = await sideById(db, plan.publishedVersionId);

  const segment = model.segment ? (JSON.parse(model.segment) as Condition) : null;
  const replayed = await replay(
    db,
    plan.workspaceId,
    { id: model.id, segment, priority: model.priority },
    draft,
    published,
    plan.to,
    onChunk,
  );
  const report = {
    ...backtestReport({
      from: plan.from,
      to: plan.to,
      draft: replayed.draft,
      published: replayed.published,
      outcomes: replayed.outcomes,
    }),
    draftVersion: draft.version,
    publishedVersion: published?.version ?? null,
    people: replayed.people,
  };

  const row: Database['backtests'] = {
    id: newId('backtest'),
    workspace_id: plan.workspaceId,
    model_id: model.id,
    version_id: draft.versionId,
    period_from: report.from,
    period_to: report.to,
    report: JSON.stringify(report),
    created_by: `${scope.actor.type}:${scope.actor.id}`,
    created_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('backtests').values(row).execute();
    await recordAudit(trx, plan.workspaceId, scope.actor, {
      action: 'scoring_model.backtested',
      subjectType: 'scoring_model',
      subjectId: model.id,
      after: {
        backtestId: row.id,
        versionId: draft.versionId,
        from: report.from,
        to: report.to,
        mqls: report.totals.draft.mqls,
      },
    });
  });

  return toBacktestView(row);
}

/**
 * Backtests a model's draft (its published version when it has no draft) against the
 * published version over [from, to] here and now, stores the report and returns it (the CLI,
 * scripts; the API runs it as a job, `backtest-runner.ts`).
 */
export async function runBacktest(
  db: Kysely<Database>,
  scope: Scope,
  modelId: string,
  input: { from?: string; to?: string; now?: number },
  onChunk?: (reached: number) => Promise<void>,
): Promise<BacktestView> {
  const plan = await planBacktest(db, scope.workspaceId, modelId, input);

  return executeBacktest(db, scope, plan, onChunk);
}

export async function getBacktest(
  db: Kysely<Database>,
  workspaceId: WorkspaceId,
  modelId: string,
  backtestId: string,
): Promise<BacktestView> {
  const row = await db
    .selectFrom('backtests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('model_id', '=', modelId)
    .where('id', '=', backtestId)
    .executeTakeFirst();
  if (!row) throw notFound('backtest', 'backtestId');

  return toBacktestView(row);
}
