import type { ApiKeyId, UserId, WorkspaceId } from './ids.js';

/** Who or what caused a change; recorded with every audited write. */
export type Actor =
  | { readonly type: 'user'; readonly id: UserId }
  | { readonly type: 'api_key'; readonly id: ApiKeyId }
  | { readonly type: 'system'; readonly id: string }
  | { readonly type: 'cli'; readonly id: string };

/** Everything a service needs to know about the caller of one operation. */
export interface Scope {
  readonly workspaceId: WorkspaceId;
  readonly actor: Actor;
}
