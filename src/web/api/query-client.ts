import { QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiError } from './api-error.js';

export const SESSION_KEY = ['session'] as const;

function retry(failures: number, error: unknown): boolean {
  // A 4xx will answer the same again; only network trouble and 5xx are worth a retry.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;

  return failures < 2;
}

/** One cache for the app; a 401 anywhere means the session ended, so it is dropped. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        const isSession = query.queryKey[0] === SESSION_KEY[0];
        if (error instanceof ApiError && error.status === 401 && !isSession) {
          client.setQueryData(SESSION_KEY, null);
        }
      },
    }),
    defaultOptions: {
      queries: { retry, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });

  return client;
}
