import { Button, Group, PasswordInput, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

import { fieldError, formError } from '../api/api-error.js';
import type { Role } from '../api/types.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { isRole, ROLE_OPTIONS } from './role-options.js';
import { useAddUser } from './users-queries.js';

const EMPTY = { email: '', name: '', password: '', role: 'sales_rep' as Role };
const FIELDS = ['email', 'name', 'password', 'role'];

/** Adds a user to the workspace with a first password; errors appear next to their field. */
export function AddUserForm() {
  const add = useAddUser();
  const [user, setUser] = useState(EMPTY);
  const set = (patch: Partial<typeof EMPTY>) => setUser((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(user, { onSuccess: () => setUser(EMPTY) });
  };

  return (
    <form onSubmit={submit} aria-label="Add a user">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Name"
          value={user.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={fieldError(add.error, 'name')}
        />
        <TextInput
          label="E-mail"
          value={user.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
          error={fieldError(add.error, 'email')}
        />
        <PasswordInput
          label="First password"
          value={user.password}
          onChange={(e) => set({ password: e.currentTarget.value })}
          error={fieldError(add.error, 'password')}
          w={200}
        />
        <Select
          label="Role"
          data={ROLE_OPTIONS}
          value={user.role}
          onChange={(value) => isRole(value) && set({ role: value })}
          error={fieldError(add.error, 'role')}
          allowDeselect={false}
          w={160}
        />
        <Button type="submit" mt={25} loading={add.isPending}>
          Add user
        </Button>
      </Group>
      {formError(add.error, FIELDS) && <ErrorAlert error={add.error} mt="sm" />}
    </form>
  );
}
