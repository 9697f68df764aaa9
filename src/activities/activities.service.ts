import type { Kysely } from 'kysely';

import { recordAudit } from '../audit/audit.repository.js';
import type { Scope } from '../shared/actor.js';
import { invalid } from '../shared/app-error.js';
import { nowIso, toIso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Database } from '../store/schema.js';
import { assertPerson } from '../workspaces/references.js';
import { toActivityView } from './activities.repository.js';
import type { ActivityInput, ActivityView } from './activity.types.js';

function occurredAt(text: string | undefined): string {
  if (text === undefined) return nowIso();

  const ms = Date.parse(text);
  if (!Number.isFinite(ms))
    throw invalid('invalid_format', 'occurredAt must be a date-time.', 'occurredAt');

  return toIso(ms);
}

function subjectOf(text: string): string {
  const subject = text.trim();
  if (subject === '') throw invalid('required', 'subject must not be empty.', 'subject');

  return subject;
}

/** Logs a call, e-mail, meeting or note on a person; the signed-in user is its author. */
export async function createActivity(
  db: Kysely<Database>,
  scope: Scope,
  input: ActivityInput,
): Promise<ActivityView> {
  const row: Database['activities'] = {
    id: newId('activity'),
    workspace_id: scope.workspaceId,
    person_id: input.personId,
    user_id: scope.actor.type === 'user' ? scope.actor.id : null,
    kind: input.kind,
    subject: subjectOf(input.subject),
    body: input.body ?? null,
    occurred_at: occurredAt(input.occurredAt),
    created_at: nowIso(),
  };

  await db.transaction().execute(async (trx) => {
    await assertPerson(trx, scope.workspaceId, input.personId, 'personId');

    await trx.insertInto('activities').values(row).execute();
    await recordAudit(trx, scope.workspaceId, scope.actor, {
      action: 'activity.created',
      subjectType: 'activity',
      subjectId: row.id,
      after: {
        personId: row.person_id,
        kind: row.kind,
        subject: row.subject,
        occurredAt: row.occurred_at,
      },
    });
  });

  return toActivityView(row);
}
