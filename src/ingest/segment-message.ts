import { randomUUID } from 'node:crypto';

import { unstorableTextAt } from '../app/validation.js';

/**
 * Segment's HTTP API messages, checked and normalised without I/O: type-specific required
 * fields, ids as strings, a message id when the client sent none, a batch's shared context
 * merged into each item, and timestamps corrected for the client's clock skew.
 */
export const MESSAGE_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Segment's limits: 32 KB for one message, 500 KB for a request. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
const MAX_ID_LENGTH = 255;

export interface SegmentMessage {
  readonly type: MessageType;
  readonly messageId: string;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** The track call's event name, or the page/screen name. */
  readonly name: string | null;
  readonly properties: Record<string, unknown>;
  readonly traits: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly groupId: string | null;
  readonly previousId: string | null;
  /** When it happened, corrected for clock skew (ISO). */
  readonly timestamp: string;
  readonly receivedAt: string;
}

export type IngestErrorCode =
  | 'invalid_message'
  | 'unknown_type'
  | 'missing_identity'
  | 'required'
  | 'wrong_type'
  | 'too_long'
  | 'invalid_timestamp'
  | 'invalid_character'
  | 'invalid_email'
  | 'message_too_large';

export interface MessageProblem {
  readonly code: IngestErrorCode;
  readonly field: string;
  readonly message: string;
}

export type Checked =
  | { readonly ok: true; readonly message: SegmentMessage }
  | { readonly ok: false; readonly problem: MessageProblem };

type Json = Record<string, unknown>;

function problem(code: IngestErrorCode, field: string, message: string): Checked {
  return { ok: false, problem: { code, field, message } };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Invalid extends Error {
  constructor(readonly problem: MessageProblem) {
    super(problem.message);
  }
}

function fail(code: IngestErrorCode, field: string, message: string): never {
  throw new Invalid({ code, field, message });
}

/** Segment accepts numeric ids and sends them on as strings; so do we. */
function optionalId(body: Json, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number')
    fail('wrong_type', field, `${field} must be a string.`);

  const text = String(value);
  if (text.length > MAX_ID_LENGTH)
    fail('too_long', field, `${field} must be at most ${MAX_ID_LENGTH} characters.`);

  return text;
}

function optionalObject(body: Json, field: string): Json {
  const value = body[field];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) fail('wrong_type', field, `${field} must be an object.`);

  return value;
}

function optionalString(body: Json, field: string, max = 500): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail('wrong_type', field, `${field} must be a string.`);
  if (value.length > max) fail('too_long', field, `${field} must be at most ${max} characters.`);

  return value;
}

// Years 1 to 9999: what both stores keep and what an ISO string without a sign can say.
const MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const ISO_START = /^\d{4}-\d{2}-\d{2}/;

function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TIME && ms <= MAX_TIME;
}

/** An ISO-8601 string (JavaScript's loose parsing of "1" or "May" is not taken) or epoch ms. */
function optionalTime(body: Json, field: string): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;

  let ms = NaN;
  if (typeof value === 'string' && ISO_START.test(value)) ms = new Date(value).getTime();
  else if (typeof value === 'number') ms = value;
  if (!inRange(ms)) fail('invalid_timestamp', field, `${field} must be an ISO-8601 date-time.`);

  return ms;
}

/**
 * Segment's skew correction: the client's clock is off by (sentAt − receivedAt), so the true
 * time is timestamp − that offset. Without sentAt the client's timestamp is taken as is.
 */
export function correctedTime(
  timestamp: number | null,
  sentAt: number | null,
  receivedAt: number,
): number {
  if (timestamp === null) return receivedAt;
  if (sentAt === null) return timestamp;

  return receivedAt - (sentAt - timestamp);
}

function nameOf(type: MessageType, body: Json): string | null {
  switch (type) {
    case 'track': {
      const event = optionalString(body, 'event', 200);
      if (!event) fail('required', 'event', 'event is required for a track call.');

      return event;
    }
    case 'page':
    case 'screen':
      return optionalString(body, 'name', 200);
    case 'identify':
    case 'group':
    case 'alias':
      return null;
    default: {
      const never: never = type;
      throw new Error(`Unknown type ${String(never)}`);
    }
  }
}

function typeOf(body: Json, implied: MessageType | undefined): MessageType {
  const given = body.type;
  if (given === undefined && implied) return implied;
  if (typeof given !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(given)) {
    fail('unknown_type', 'type', `type must be one of ${MESSAGE_TYPES.join(', ')}.`);
  }
  if (implied && given !== implied)
    fail('unknown_type', 'type', `type must be ${implied} on this endpoint.`);

  return given as MessageType;
}

function build(
  body: Json,
  implied: MessageType | undefined,
  receivedAt: number,
  shared: Json,
): SegmentMessage {
  const type = typeOf(body, implied);
  const userId = optionalId(body, 'userId');
  const anonymousId = optionalId(body, 'anonymousId');
  const previousId = optionalId(body, 'previousId');
  const groupId = optionalId(body, 'groupId');

  if (type === 'alias') {
    if (!previousId) fail('required', 'previousId', 'previousId is required for an alias call.');
    if (!userId && !anonymousId)
      fail('missing_identity', 'userId', 'An alias call needs userId (or anonymousId).');
  } else if (!userId && !anonymousId) {
    fail('missing_identity', 'userId', 'Every message needs a userId or an anonymousId.');
  }
  if (type === 'group' && !groupId)
    fail('required', 'groupId', 'groupId is required for a group call.');

  const timestamp = optionalTime(body, 'timestamp') ?? optionalTime(body, 'originalTimestamp');
  const sentAt = optionalTime(body, 'sentAt') ?? optionalTime(shared, 'sentAt');
  const occurred = correctedTime(timestamp, sentAt, receivedAt);
  if (!inRange(occurred)) {
    fail(
      'invalid_timestamp',
      'timestamp',
      'timestamp corrected by sentAt falls outside the years 1 to 9999.',
    );
  }

  return {
    type,
    messageId: optionalId(body, 'messageId') ?? `baton-${randomUUID()}`,
    userId,
    anonymousId,
    name: nameOf(type, body),
    properties: optionalObject(body, 'properties'),
    traits:
      type === 'identify' || type === 'group'
        ? optionalObject(body, 'traits')
        : optionalObject(optionalObject(body, 'context'), 'traits'),
    context: { ...optionalObject(shared, 'context'), ...optionalObject(body, 'context') },
    groupId,
    previousId,
    timestamp: new Date(occurred).toISOString(),
    receivedAt: new Date(receivedAt).toISOString(),
  };
}

/**
 * Checks one message. `implied` is the endpoint's type (`/v1/track` → track); in a batch
 * each item names its own. `shared` holds a batch's top-level context and sentAt.
 */
export function checkMessage(
  body: unknown,
  options: { implied?: MessageType; receivedAt: number; shared?: Json },
): Checked {
  if (!isObject(body))
    return problem('invalid_message', 'body', 'A message must be a JSON object.');
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_MESSAGE_BYTES) {
    return problem(
      'message_too_large',
      'body',
      `A message must be at most ${MAX_MESSAGE_BYTES / 1024} KB.`,
    );
  }
  const unstorable = unstorableTextAt(body) ?? unstorableTextAt(options.shared ?? {});
  if (unstorable) {
    return problem(
      'invalid_character',
      unstorable,
      `${unstorable} contains a NUL character or broken Unicode.`,
    );
  }

  try {
    return {
      ok: true,
      message: build(body, options.implied, options.receivedAt, options.shared ?? {}),
    };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: error.problem };
    throw error;
  }
}
