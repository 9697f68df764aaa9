import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../api/client.js';
import type { Role, User } from '../api/types.js';
import { USERS_KEY } from '../shared/workspace-queries.js';

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly role: Role;
}

function useRefreshUsers() {
  const queryClient = useQueryClient();

  return () => void queryClient.invalidateQueries({ queryKey: USERS_KEY });
}

export function useAddUser() {
  const refresh = useRefreshUsers();

  return useMutation({
    mutationFn: (user: NewUser) => api.post<User>('/users', user),
    onSuccess: refresh,
  });
}

export function useSetRole() {
  const refresh = useRefreshUsers();

  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      api.patch<User>(`/users/${id}`, { role }),
    onSettled: refresh,
  });
}

export function useRemoveUser() {
  const refresh = useRefreshUsers();

  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/users/${id}`),
    onSuccess: refresh,
  });
}
