/**
 * Who may do what. Every `/api/v1` route declares one `Permission`; roles (for people) and
 * scopes (for API keys) grant sets of them. This file is the whole policy.
 */
export const ROLES = ['admin', 'marketing', 'sales_manager', 'sales_rep', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_SCOPES = ['ingest', 'read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const PERMISSIONS = [
  'workspace:read',
  'workspace:manage',
  'users:read',
  'users:manage',
  'teams:read',
  'teams:manage',
  'people:read',
  'people:write',
  'companies:read',
  'companies:write',
  'activities:read',
  'activities:write',
  'deals:read',
  'deals:write',
  'audit:read',
  'apikeys:manage',
  'scoring:read',
  'scoring:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: readonly Permission[] = PERMISSIONS.filter((p) => p.endsWith(':read'));

const CRM_WRITE: readonly Permission[] = [
  'people:write',
  'companies:write',
  'activities:write',
  'deals:write',
];

function grantsOf(role: Role): readonly Permission[] {
  switch (role) {
    case 'admin':
      return PERMISSIONS;
    case 'marketing':
      return [...READ, ...CRM_WRITE, 'scoring:write'];
    case 'sales_manager':
      return [...READ, ...CRM_WRITE, 'teams:manage'];
    case 'sales_rep':
      return [...READ, ...CRM_WRITE];
    case 'viewer':
      return READ.filter((p) => p !== 'audit:read');
    default: {
      const never: never = role;
      throw new Error(`Unknown role ${String(never)}`);
    }
  }
}

function grantsOfScope(scope: ApiKeyScope): readonly Permission[] {
  switch (scope) {
    case 'ingest':
      return [];
    case 'read':
      return READ;
    case 'write':
      return [...READ, ...CRM_WRITE, 'scoring:write'];
    case 'admin':
      return PERMISSIONS;
    default: {
      const never: never = scope;
      throw new Error(`Unknown scope ${String(never)}`);
    }
  }
}

const ROLE_GRANTS = new Map(ROLES.map((role) => [role, new Set(grantsOf(role))]));
const SCOPE_GRANTS = new Map(API_KEY_SCOPES.map((scope) => [scope, new Set(grantsOfScope(scope))]));

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_GRANTS.get(role)?.has(permission) ?? false;
}

export function scopeAllows(scope: ApiKeyScope, permission: Permission): boolean {
  return SCOPE_GRANTS.get(scope)?.has(permission) ?? false;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
