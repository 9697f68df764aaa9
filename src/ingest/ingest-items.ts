import {
  companyTraits,
  personTraits,
  type CompanyTraits,
  type ProfileTraits,
} from '../identity/profile-traits.js';
import { checkMessage, type MessageType, type SegmentMessage } from './segment-message.js';

/**
 * A request's messages checked before anything is written. Pure: each item is either
 * accepted (normalised, its traits split) or rejected with its index, a code, the field and
 * the reason; a message id seen earlier in the same request is a duplicate, not an error.
 */
export interface IngestItem {
  readonly index: number;
  readonly message: SegmentMessage;
  readonly profile?: ProfileTraits;
  readonly company?: CompanyTraits;
}

export interface Rejection {
  readonly index: number;
  readonly code: string;
  readonly field: string;
  readonly message: string;
}

export interface CheckedItems {
  readonly items: IngestItem[];
  readonly rejected: Rejection[];
  /** Repeats of a message id within this request. */
  readonly repeats: number;
}

type Json = Record<string, unknown>;

type Outcome =
  | { readonly ok: true; readonly item: IngestItem }
  | { readonly ok: false; readonly rejection: Rejection };

function checkOne(
  body: unknown,
  index: number,
  options: { implied?: MessageType; receivedAt: number; shared?: Json },
): Outcome {
  const checked = checkMessage(body, options);
  if (!checked.ok) return { ok: false, rejection: { index, ...checked.problem } };

  const message = checked.message;
  if (message.type === 'identify') {
    const profile = personTraits(message.traits);

    return profile.ok
      ? { ok: true, item: { index, message, profile: profile.value } }
      : { ok: false, rejection: { index, ...profile.problem } };
  }
  if (message.type === 'group') {
    const company = companyTraits(message.traits);

    return company.ok
      ? { ok: true, item: { index, message, company: company.value } }
      : { ok: false, rejection: { index, ...company.problem } };
  }

  return { ok: true, item: { index, message } };
}

export function checkItems(
  bodies: readonly unknown[],
  options: { implied?: MessageType; receivedAt: number; shared?: Json },
): CheckedItems {
  const items: IngestItem[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  let repeats = 0;

  bodies.forEach((body, index) => {
    const result = checkOne(body, index, options);
    if (!result.ok) {
      rejected.push(result.rejection);
      return;
    }

    const item = result.item;
    if (seen.has(item.message.messageId)) {
      repeats++;
      return;
    }
    seen.add(item.message.messageId);
    items.push(item);
  });

  return { items, rejected, repeats };
}

/** A batch's shared part: the top-level context (and sentAt) every item inherits. */
export function sharedOf(body: Json): Json {
  const shared: Json = {};
  if (body.context !== undefined) shared.context = body.context;
  if (body.sentAt !== undefined) shared.sentAt = body.sentAt;

  return shared;
}
