import type { Session } from '../api/types.js';

/** Whether the session may change scoring models; the server decides, this only hides controls. */
export function canEditScoring(session: Session): boolean {
  return session.role === 'admin' || session.role === 'marketing';
}
