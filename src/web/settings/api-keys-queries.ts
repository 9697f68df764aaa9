import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../api/client.js';
import type { ApiKey, ApiKeyScope, CreatedApiKey } from '../api/types.js';

const KEYS_KEY = ['api-keys'] as const;

export function useApiKeys() {
  return useQuery({ queryKey: KEYS_KEY, queryFn: () => api.get<{ data: ApiKey[] }>('/api-keys') });
}

function useRefreshKeys() {
  const queryClient = useQueryClient();

  return () => void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
}

export function useCreateApiKey() {
  const refresh = useRefreshKeys();

  return useMutation({
    mutationFn: (key: { name: string; scope: ApiKeyScope }) =>
      api.post<CreatedApiKey>('/api-keys', key),
    onSuccess: refresh,
  });
}

export function useRevokeApiKey() {
  const refresh = useRefreshKeys();

  return useMutation({
    mutationFn: (id: string) => api.delete<ApiKey>(`/api-keys/${id}`),
    onSuccess: refresh,
  });
}
