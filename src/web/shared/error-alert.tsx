import { Alert, type AlertProps } from '@mantine/core';

import { ApiError } from '../api/api-error.js';

function describe(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError && error.status === 404 && error.code === 'route_not_found') {
    return {
      title: 'Not available yet',
      message: 'This server does not offer this part of the API yet.',
    };
  }
  if (error instanceof ApiError && error.status === 403) {
    return { title: 'Not allowed', message: error.message };
  }

  return {
    title: 'Something went wrong',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** A failed request, said plainly. */
export function ErrorAlert({ error, ...props }: { error: unknown } & Omit<AlertProps, 'title'>) {
  const { title, message } = describe(error);

  return (
    <Alert color="red" title={title} {...props}>
      {message}
    </Alert>
  );
}
