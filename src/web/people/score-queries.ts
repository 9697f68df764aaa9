import { useQuery } from '@tanstack/react-query';

import { api } from '../api/client.js';
import type { Page } from '../api/types.js';
import type { PersonScore, ScoreHistoryEntry } from './score-types.js';

export function usePersonScore(id: string) {
  return useQuery({
    queryKey: ['people', 'score', id],
    queryFn: () => api.get<{ data: PersonScore[] }>(`/people/${encodeURIComponent(id)}/score`),
  });
}

export const HISTORY_LIMIT = 100;

/** The latest score changes, newest first. */
export function useScoreHistory(id: string) {
  return useQuery({
    queryKey: ['people', 'score-history', id],
    queryFn: () =>
      api.get<Page<ScoreHistoryEntry>>(`/people/${encodeURIComponent(id)}/score-history`, {
        limit: HISTORY_LIMIT,
      }),
  });
}
