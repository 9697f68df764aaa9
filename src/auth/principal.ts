import type { SessionPrincipal } from './session.service.js';
import type { ApiKeyScope, Permission } from './permissions.js';
import { roleAllows, scopeAllows } from './permissions.js';
import type { Actor, Scope } from '../shared/actor.js';
import type { ApiKeyId, WorkspaceId } from '../shared/ids.js';

export interface ApiKeyPrincipal {
  readonly kind: 'api_key';
  readonly apiKeyId: ApiKeyId;
  readonly workspaceId: WorkspaceId;
  readonly scope: ApiKeyScope;
}

export type Principal = SessionPrincipal | ApiKeyPrincipal;

export function allows(principal: Principal, permission: Permission): boolean {
  switch (principal.kind) {
    case 'session':
      return roleAllows(principal.role, permission);
    case 'api_key':
      return scopeAllows(principal.scope, permission);
    default: {
      const never: never = principal;
      throw new Error(`Unknown principal ${JSON.stringify(never)}`);
    }
  }
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'session'
    ? { type: 'user', id: principal.userId }
    : { type: 'api_key', id: principal.apiKeyId };
}

export function scopeOf(principal: Principal): Scope {
  return { workspaceId: principal.workspaceId, actor: actorOf(principal) };
}
