import { sql, type Kysely, type Transaction } from 'kysely';

import type { BacktestId, WorkspaceId } from '../shared/ids.js';
import { decodeCursor, DEFAULT_LIMIT, expectCursorValue, pageOf } from '../shared/pagination.js';
import { afterCursor } from '../store/keyset.js';
import type { Database } from '../store/schema.js';
import type { BacktestView } from './backtest.service.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored backtest as a list shows it: the report's figures without its weekly rows. */
export interface BacktestSummary extends Omit<BacktestView, 'report'> {
  readonly report: Omit<BacktestView['report'], 'weeks'>;
}

export interface BacktestPageQuery {
  readonly limit?: number;
  readonly cursor?: string;
}

/** A `backtests` row as the API answers it; the report is stored as JSON text. */
export function toBacktestView(row: Database['backtests']): BacktestView {
  return {
    id: row.id as BacktestId,
    modelId: row.model_id,
    versionId: row.version_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    report: JSON.parse(row.report) as BacktestView['report'],
  };
}

function toSummary(row: Database['backtests']): BacktestSummary {
  const { report, ...rest } = toBacktestView(row);
  // A list leaves the weekly rows out: they are most of a report's size.
  const { weeks: _weeks, ...figures } = report;

  return { ...rest, report: figures };
}

/**
 * One page of a model's stored backtests, newest first (by creation time, then id). The
 * caller has checked that the model belongs to the workspace.
 */
export async function listBacktests(
  db: Db,
  workspaceId: WorkspaceId,
  modelId: string,
  query: BacktestPageQuery,
): Promise<{ data: BacktestSummary[]; nextCursor: string | null }> {
  const limit = query.limit ?? DEFAULT_LIMIT;

  let select = db
    .selectFrom('backtests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('model_id', '=', modelId);
  if (query.cursor) {
    const cursor = expectCursorValue(decodeCursor(query.cursor), 'time');
    select = select.where(
      afterCursor(sql<string>`backtests.created_at`, 'backtests.id', cursor, 'desc'),
    );
  }

  const rows = await select
    .orderBy('backtests.created_at', 'desc')
    .orderBy('backtests.id', 'desc')
    .limit(limit + 1)
    .execute();

  return pageOf(rows.map(toSummary), limit, (backtest) => ({
    value: backtest.createdAt,
    id: backtest.id,
  }));
}
