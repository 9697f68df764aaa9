import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiError } from './api-error.js';

export const SESSION_KEY = ['session'] as const;

function retry(failures: number, error: unknown): boolean {
  // A 4xx will answer the same again; only network trouble and 5xx are worth a retry.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;

  return failures < 2;
}

/** One cache for the app; a 401 anywhere means the session ended, so it is dropped. */
export function createQueryClient(): QueryClient {
  const dropSession = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) client.setQueryData(SESSION_KEY, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] !== SESSION_KEY[0]) dropSession(error);
      },
    }),
    // A wrong password answers 401 too, but only on the login page, where there is no session.
    mutationCache: new MutationCache({ onError: dropSession }),
    defaultOptions: {
      queries: { retry, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });

  return client;
}
