import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../api/client.js';
import type { Availability, Page, Team, TeamCalendar, TeamKind } from '../api/types.js';

const TEAMS_KEY = ['teams'] as const;

export function useTeams() {
  return useQuery({
    queryKey: [...TEAMS_KEY, 'list'],
    queryFn: () => api.get<Page<Team>>('/teams', { limit: 100 }),
  });
}

export function useTeam(id: string) {
  return useQuery({
    queryKey: [...TEAMS_KEY, 'one', id],
    queryFn: () => api.get<Team>(`/teams/${encodeURIComponent(id)}`),
  });
}

function useRefreshTeams() {
  const queryClient = useQueryClient();

  return () => void queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
}

export function useCreateTeam() {
  const refresh = useRefreshTeams();

  return useMutation({
    mutationFn: (team: { name: string; kind: TeamKind }) => api.post<Team>('/teams', team),
    onSuccess: refresh,
  });
}

export interface TeamChange {
  readonly name?: string;
  readonly managerId?: string | null;
  readonly calendar?: TeamCalendar;
}

export function useUpdateTeam(id: string) {
  const refresh = useRefreshTeams();

  return useMutation({
    mutationFn: (change: TeamChange) => api.patch<Team>(`/teams/${id}`, change),
    onSuccess: refresh,
  });
}

export function useDeleteTeam() {
  const refresh = useRefreshTeams();

  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/teams/${id}`),
    onSuccess: refresh,
  });
}

export interface Membership {
  readonly capacity: number;
  readonly availability: Availability;
  readonly awayUntil: string | null;
}

export function useSetMember(teamId: string) {
  const refresh = useRefreshTeams();

  return useMutation({
    mutationFn: ({ userId, ...membership }: Membership & { userId: string }) =>
      api.put<unknown>(`/teams/${teamId}/members/${userId}`, membership),
    onSuccess: refresh,
  });
}

export function useRemoveMember(teamId: string) {
  const refresh = useRefreshTeams();

  return useMutation({
    mutationFn: (userId: string) => api.delete<unknown>(`/teams/${teamId}/members/${userId}`),
    onSuccess: refresh,
  });
}
