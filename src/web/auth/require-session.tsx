import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

import { ErrorAlert } from '../shared/error-alert.js';
import { useSession } from './session.js';

/** Renders `children` for a signed-in user; sends everyone else to the login page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (session.isError) return <ErrorAlert error={session.error} m="xl" />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;

    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }

  return children;
}
