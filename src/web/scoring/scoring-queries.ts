import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../api/client.js';
import type { Page } from '../api/types.js';
import type { ScoringDefinition } from '../../scoring/scoring-model.js';
import type {
  Backtest,
  BacktestSummary,
  DraftView,
  ModelChanges,
  ModelVersion,
  PublishResult,
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
      // A published model that now scores other people re-scored them.
      if (model.rescore) void queryClient.invalidateQueries({ queryKey: ['people'] });
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
      void queryClient.invalidateQueries({ queryKey: MODELS });
      // Everyone was re-scored: person pages read again.
      void queryClient.invalidateQueries({ queryKey: ['people'] });
    },
  });
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

export function useRunBacktest(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (period: Period) => api.post<Backtest>(path(id, '/backtests'), period),
    onSuccess: (backtest) => {
      queryClient.setQueryData([...MODELS, 'backtest', id, backtest.id], backtest);
      void queryClient.invalidateQueries({ queryKey: [...MODELS, 'backtests', id] });
    },
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
