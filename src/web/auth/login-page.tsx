import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';

import { fieldError, formError } from '../api/api-error.js';
import { useLogin, useSession } from './session.js';

/** Only paths of this app, so that `?next=` cannot send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/people';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const session = useSession();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  const topError = formError(login.error, ['email', 'password']);

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper component="form" onSubmit={submit} w={380} p="xl" radius="md" withBorder>
        <Stack>
          <Title order={2}>Sign in to Baton</Title>
          {topError && <Alert color="red">{topError}</Alert>}
          <TextInput
            label="E-mail"
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError(login.error, 'email')}
            required
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(login.error, 'password')}
            required
          />
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
