import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { ApiError } from '../api/api-error.js';
import { api, setCsrfToken } from '../api/client.js';
import { SESSION_KEY } from '../api/query-client.js';
import type { Role, Session } from '../api/types.js';

/** The signed-in session, or `null` when nobody is signed in. */
async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/auth/session');
    setCsrfToken(session.csrfToken);

    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);

      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity });
}

/** The session of a page behind `RequireSession`, which renders only once there is one. */
export function useCurrentSession(): Session {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentSession outside RequireSession');

  return data;
}

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

/** Replaces everything cached with what the new session sees. */
function useAdoptSession() {
  const queryClient = useQueryClient();

  return (session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, session);
  };
}

export function useLogin() {
  const adopt = useAdoptSession();

  return useMutation({
    mutationFn: (credentials: Credentials) => api.post<Session>('/auth/login', credentials),
    onSuccess: adopt,
  });
}

export function useLogout() {
  const adopt = useAdoptSession();

  return useMutation({
    mutationFn: () => api.post<null>('/auth/logout'),
    onSettled: () => adopt(null),
  });
}

export function useSwitchWorkspace() {
  const adopt = useAdoptSession();

  return useMutation({
    mutationFn: (workspaceId: string) => api.post<Session>('/auth/switch', { workspaceId }),
    onSuccess: adopt,
  });
}

const MANAGERS: Record<string, readonly Role[]> = {
  users: ['admin'],
  teams: ['admin', 'sales_manager'],
  apiKeys: ['admin'],
  people: ['admin', 'marketing', 'sales_manager', 'sales_rep'],
};

/** Whether the session's role may change `area`; the server decides, this only hides buttons. */
export function canManage(
  session: Session,
  area: 'users' | 'teams' | 'apiKeys' | 'people',
): boolean {
  return MANAGERS[area]?.includes(session.role) ?? false;
}
