import { useQuery } from '@tanstack/react-query';

import { DEFAULT_STAGE_DEFINITIONS } from '../../lifecycle/stages.js';
import { api } from '../api/client.js';
import type { StageDefinition, User, Workspace } from '../api/types.js';

export function useWorkspace() {
  return useQuery({
    queryKey: ['workspace', 'current'],
    queryFn: () => api.get<Workspace>('/workspaces/current'),
    staleTime: 5 * 60_000,
  });
}

/** The workspace's lifecycle stages; the product's defaults until the workspace has answered. */
export function useStages(): readonly StageDefinition[] {
  const workspace = useWorkspace();

  return workspace.data?.lifecycleStages ?? DEFAULT_STAGE_DEFINITIONS;
}

export function stageLabel(stages: readonly StageDefinition[], key: string): string {
  return stages.find((stage) => stage.key === key)?.label ?? key;
}

export const USERS_KEY = ['users'] as const;

/** The workspace's users (owners, team members); the API answers them all at once. */
export function useUsers() {
  return useQuery({
    queryKey: USERS_KEY,
    queryFn: () => api.get<{ data: User[] }>('/users'),
    staleTime: 60_000,
  });
}

/** The name to show for an owner id. */
export function useUserName(): (id: string | null) => string {
  const users = useUsers();
  const names = new Map((users.data?.data ?? []).map((user) => [user.id, user.name]));

  return (id) => (id === null ? 'Unassigned' : (names.get(id) ?? `User ${id.slice(-6)}`));
}
