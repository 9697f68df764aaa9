import type { Store } from '../store/database.js';
import { createWorkspace, type CreatedWorkspace } from '../workspaces/workspace.service.js';

export const DEMO_LOGIN = { email: 'demo@baton.dev', password: 'baton-demo' } as const;

export interface DemoOptions {
  readonly people: number;
  readonly seed: number;
}

/** A realistic demo workspace, the same for the same seed. */
export async function seedDemo(store: Store, _options: DemoOptions): Promise<CreatedWorkspace> {
  // TODO(#2): teams, reps, companies, people, events, activities and deals (in progress).
  return createWorkspace(store.db, { name: 'Acme Demo', adminEmail: DEMO_LOGIN.email, adminName: 'Dana Demo', adminPassword: DEMO_LOGIN.password });
}
