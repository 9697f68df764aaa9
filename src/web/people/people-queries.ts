import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../api/client.js';
import type { Page, Person, TimelineItem } from '../api/types.js';
import { apiParams, type PeopleListState } from './list-state.js';

/** One page of people, as the server paginates it; the previous page stays while the next loads. */
export function usePeoplePage(state: PeopleListState) {
  const params = apiParams(state);

  return useQuery({
    queryKey: ['people', 'list', params],
    queryFn: () => api.get<Page<Person>>('/people', params),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: ['people', 'one', id],
    queryFn: () => api.get<Person>(`/people/${encodeURIComponent(id)}`),
  });
}

export function usePersonTimeline(id: string) {
  return useQuery({
    queryKey: ['people', 'timeline', id],
    queryFn: () => api.get<{ data: TimelineItem[] }>(`/people/${encodeURIComponent(id)}/timeline`),
  });
}

export interface PersonChange {
  readonly lifecycleStage?: string;
  readonly ownerId?: string | null;
  readonly reason?: string;
}

export function useUpdatePerson(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (change: PersonChange) =>
      api.patch<Person>(`/people/${encodeURIComponent(id)}`, change),
    onSuccess: (person) => {
      queryClient.setQueryData(['people', 'one', id], person);
      void queryClient.invalidateQueries({ queryKey: ['people', 'timeline', id] });
      void queryClient.invalidateQueries({ queryKey: ['people', 'score', id] });
      void queryClient.invalidateQueries({ queryKey: ['people', 'score-history', id] });
      void queryClient.invalidateQueries({ queryKey: ['people', 'list'] });
    },
  });
}
