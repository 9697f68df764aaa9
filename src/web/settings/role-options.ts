import { ROLES, type Role } from '../api/types.js';

const LABELS: Record<Role, string> = {
  admin: 'Admin',
  marketing: 'Marketing',
  sales_manager: 'Sales manager',
  sales_rep: 'Sales rep',
  viewer: 'Viewer',
};

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: LABELS[role] }));

export function roleLabel(role: Role): string {
  return LABELS[role] ?? role;
}

export function isRole(value: string | null): value is Role {
  return (ROLES as readonly string[]).includes(value ?? '');
}
