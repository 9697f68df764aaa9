import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { api } from '../api/client.js';
import type { Page } from '../api/types.js';
import type { ScoringDefinition } from '../../scoring/scoring-model.js';
import type {
  Backtest,
  BacktestRun,
  BacktestSummary,
  DraftView,
  ModelChanges,
  ModelVersion,
  PublishResult,
  RescoreJob,
  ScoringModel,
} from './scoring-types.js';

const MODELS = ['scoring-models'] as const;

const path = (id: string, rest = '') => `/scoring-models/${encodeURIComponent(id)}${rest}`;

export function useScoringModels() {
  return useQuery({
    queryKey: [...MODELS, 'list'],
    queryFn: () => api.get<Page<ScoringModel>>('/scoring-models'),
  });
}

export function useScoringModel(id: string) {
  return useQuery({
    queryKey: [...MODELS, 'one', id],
    queryFn: () => api.get<ScoringModel>(path(id)),
  });
}

export function useDraft(id: string) {
  return useQuery({
    queryKey: [...MODELS, 'draft', id],
    queryFn: () => api.get<DraftView>(path(id, '/draft')),
    // The editor copies the draft once; a background refetch must not look like a change.
    staleTime: Infinity,
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: [...MODELS, 'versions', id],
    queryFn: () => api.get<Page<ModelVersion>>(path(id, '/versions')),
  });
}

/** How often a running re-score is asked for its progress. */
const RESCORE_POLL_MS = 1_000;

/**
 * A re-score job, asked again every second while it runs; when it ends, person pages read
 * again (their scores changed).
 */
export function useRescoreJob(modelId: string, initial: RescoreJob) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...MODELS, 'rescore', modelId, initial.id],
    queryFn: () => api.get<RescoreJob>(path(modelId, `/rescores/${initial.id}`)),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? RESCORE_POLL_MS : false),
  });
  const status = query.data.status;
  useEffect(() => {
    if (status === 'running') return;

    void queryClient.invalidateQueries({ queryKey: ['people'] });
    void queryClient.invalidateQueries({ queryKey: [...MODELS, 'rescores', modelId] });
  }, [status, modelId, queryClient]);

  return query.data;
}

/**
 * The model's newest re-score job, if any, asked again while it runs: a page opened while one
 * runs shows its progress.
 */
export function useLatestRescore(modelId: string) {
  return useQuery({
    queryKey: [...MODELS, 'rescores', modelId],
    queryFn: () => api.get<Page<RescoreJob>>(path(modelId, '/rescores')),
    select: (page) => page.data[0],
    refetchInterval: (q) =>
      q.state.data?.data[0]?.status === 'running' ? 2 * RESCORE_POLL_MS : false,
  });
}

export function useCreateModel() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: { name: string; description?: string }) =>
      api.post<ScoringModel>('/scoring-models', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...MODELS, 'list'] }),
  });
}

/** Renames a model or changes its description, segment or priority; the page shows the answer. */
export function useUpdateModel(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (changes: ModelChanges) => api.patch<ScoringModel>(path(id), changes),
    onSuccess: (model) => {
      queryClient.setQueryData([...MODELS, 'one', id], model);
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'list'] });
      // A published model that now scores other people re-scores them (`useRescoreJob`).
      if (model.rescore)
        void queryClient.invalidateQueries({ queryKey: [...MODELS, 'rescores', id] });
    },
  });
}

export function useSaveDraft(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (definition: unknown) => api.put<DraftView>(path(id, '/draft'), definition),
    onSuccess: (draft) => {
      queryClient.setQueryData([...MODELS, 'draft', id], draft);
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'one', id] });
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'versions', id] });
    },
  });
}

export function usePublish(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => api.post<PublishResult>(path(id, '/publish')),
    onSuccess: (result) => {
      queryClient.setQueryData([...MODELS, 'one', id], result.model);
      // Everyone is being re-scored: `useRescoreJob` reads person pages again when it ends.
      void queryClient.invalidateQueries({ queryKey: MODELS });
    },
  });
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a backtest. A large workspace's answers 202 with the running backtest: it is asked again
 * every second (`progress` follows it) until it names its report, which the mutation returns.
 */
export function useRunBacktest(id: string) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<BacktestRun>();
  const mutation = useMutation({
    mutationFn: async (period: Period) => {
      const answer = await api.post<Backtest | { run: BacktestRun }>(
        path(id, '/backtests'),
        period,
      );
      if (!('run' in answer)) return answer;

      let run = answer.run;
      while (run.status === 'running') {
        setProgress(run);
        await sleep(RESCORE_POLL_MS);
        run = await api.get<BacktestRun>(path(id, `/backtest-runs/${run.id}`));
      }
      if (run.status === 'failed' || !run.backtestId)
        throw new Error(run.error ?? 'The backtest failed.');

      return api.get<Backtest>(path(id, `/backtests/${run.backtestId}`));
    },
    onSuccess: (backtest) => {
      queryClient.setQueryData([...MODELS, 'backtest', id, backtest.id], backtest);
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'backtests', id] });
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'backtest-runs', id] });
    },
    onSettled: () => setProgress(undefined),
  });

  return { ...mutation, progress };
}

/**
 * The model's newest backtest run (a backtest started before a reload, or by someone else),
 * asked again every second while it runs.
 */
export function useLatestBacktestRun(modelId: string) {
  return useQuery({
    queryKey: [...MODELS, 'backtest-runs', modelId],
    queryFn: () => api.get<Page<BacktestRun>>(path(modelId, '/backtest-runs')),
    select: (page) => page.data[0],
    refetchInterval: (q) => (q.state.data?.data[0]?.status === 'running' ? RESCORE_POLL_MS : false),
  });
}

export const BACKTESTS_PAGE = 10;

/** The model's stored backtests, newest first, a page at a time. */
export function useBacktests(id: string) {
  return useInfiniteQuery({
    queryKey: [...MODELS, 'backtests', id],
    queryFn: ({ pageParam }) =>
      api.get<Page<BacktestSummary>>(path(id, '/backtests'), {
        limit: BACKTESTS_PAGE,
        cursor: pageParam,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** A stored backtest, e.g. the one a shared link names; reports never change once stored. */
export function useBacktest(id: string, backtestId: string | null) {
  return useQuery({
    queryKey: [...MODELS, 'backtest', id, backtestId],
    queryFn: () =>
      api.get<Backtest>(path(id, `/backtests/${encodeURIComponent(backtestId ?? '')}`)),
    enabled: backtestId !== null,
    staleTime: Infinity,
  });
}

export type { ScoringDefinition };
