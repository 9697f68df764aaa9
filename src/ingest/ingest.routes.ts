import type { Readable, Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

import cors from '@fastify/cors';
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from 'fastify';

import { verifyApiKey, type VerifiedKey } from '../api-keys/api-key.service.js';
import { recallVerifiedKey, rememberVerifiedKey } from '../api-keys/verified-key-cache.js';
import { errorHandler } from '../app/error-handler.js';
import { AppError, invalid } from '../shared/app-error.js';
import { checkItems, sharedOf, type Rejection } from './ingest-items.js';
import { ingestMessages, type IngestScope } from './ingest.service.js';
import { MAX_BATCH_BYTES, MESSAGE_TYPES } from './segment-message.js';
import { writeKeyOf } from './write-key.js';

/**
 * Segment's HTTP tracking API at `/v1`: identify, track, page, screen, group, alias and batch.
 * Authenticated by the write key (an `ingest` API key), not by the `/api/v1` hook. Answers
 * Segment's `{"success": true}`; a batch adds the items it rejected, and stays a 200 so that a
 * client does not retry the valid ones (Segment clients retry on 5xx and 429 only).
 */
declare module 'fastify' {
  interface FastifyRequest {
    ingestKey?: VerifiedKey;
  }
}

export interface IngestRoutesOptions {
  /** Requests per window per write key; default from the environment, else 1000 a second. */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
}

// Bodies somewhat larger than Segment's 500 KB still parse, so that they get a 400 that says
// why; anything past this margin is cut off while it streams in.
const BODY_LIMIT = MAX_BATCH_BYTES + 512 * 1024;
const DEFAULT_RATE = 1000;

function positiveInteger(value: string | undefined, fallback: number): number {
  const number = Number(value);

  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/** BATON_INGEST_RATE_LIMIT requests per BATON_INGEST_RATE_WINDOW_MS (default 1000 a second). */
function rateLimitOf(options: IngestRoutesOptions): { max: number; timeWindowMs: number } {
  if (options.rateLimit) return { ...options.rateLimit };

  return {
    max: positiveInteger(process.env.BATON_INGEST_RATE_LIMIT, DEFAULT_RATE),
    timeWindowMs: positiveInteger(process.env.BATON_INGEST_RATE_WINDOW_MS, 1000),
  };
}

function tooLarge(): AppError {
  return invalid(
    'request_too_large',
    `A request must be at most ${MAX_BATCH_BYTES / 1024} KB.`,
    'body',
  );
}

/** The decompressed body; Fastify checks Content-Length against `receivedEncodedLength`. */
function inflated(payload: Readable, inflater: Transform): Readable {
  const counted = Object.assign(inflater, { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => {
    counted.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (error) => counted.destroy(error));

  return payload.pipe(counted);
}

/** Every content type is read as JSON: browsers' analytics.js sends text/plain to avoid CORS preflights. */
function registerParsing(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (_request, body, done) => {
      const buffer = body as Buffer;
      if (buffer.length > MAX_BATCH_BYTES) return done(tooLarge(), undefined);

      try {
        done(null, JSON.parse(buffer.toString('utf8')));
      } catch {
        done(invalid('malformed_json', 'The request body is not valid JSON.', 'body'), undefined);
      }
    },
  );

  // Segment's HTTP API takes gzip-compressed bodies; the limits apply to the JSON inside.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    switch (encoding) {
      case 'identity':
      case '':
        return payload;
      case 'gzip':
      case 'x-gzip':
        return inflated(payload, createGunzip());
      case 'deflate':
        return inflated(payload, createInflate());
      default:
        throw invalid(
          'unsupported_encoding',
          'Content-Encoding must be gzip, deflate or none.',
          'content-encoding',
        );
    }
  });
}

/** Oversized bodies answer 400 like Segment (clients do not retry a 400); the rest as everywhere. */
function ingestErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return errorHandler(tooLarge() as unknown as FastifyError, request, reply);
  if (error.code === 'Z_DATA_ERROR' || error.code === 'Z_BUF_ERROR') {
    return errorHandler(
      invalid(
        'malformed_body',
        'The compressed body cannot be decompressed.',
        'body',
      ) as unknown as FastifyError,
      request,
      reply,
    );
  }

  errorHandler(error, request, reply);
}

async function verifiedWriteKey(request: FastifyRequest): Promise<VerifiedKey> {
  const token = writeKeyOf(request.headers.authorization, request.body);
  if (!token) {
    throw new AppError(
      'unauthenticated',
      'write_key_required',
      'Send the write key as the basic-auth user name or as writeKey in the body.',
    );
  }

  const store = request.server.store;
  let key = recallVerifiedKey(store, token);
  if (!key) {
    key = await verifyApiKey(store.db, token);
    if (key) rememberVerifiedKey(store, token, key);
  }
  if (!key || key.scope !== 'ingest') {
    throw new AppError(
      'unauthenticated',
      'invalid_write_key',
      'The write key is unknown, revoked or not a write key.',
    );
  }

  return key;
}

function scopeOf(request: FastifyRequest): IngestScope {
  const key = request.ingestKey!;

  return {
    workspaceId: key.workspaceId,
    actor: { type: 'api_key', id: key.id },
    log: (fields, message) => request.log.info(fields, message),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemsOf(body: unknown): unknown[] {
  if (!isObject(body))
    throw invalid('invalid_message', 'A batch must be a JSON object with a batch array.', 'body');
  if (body.batch === undefined) throw invalid('required', 'batch is required.', 'batch');
  if (!Array.isArray(body.batch))
    throw invalid('wrong_type', 'batch must be an array of messages.', 'batch');

  return body.batch;
}

// Browsers: analytics.js on a customer's site posts to /v1 from that site's origin, with the
// write key in the body (a simple request) or as basic auth (a preflight first). Any origin may:
// a write key is public by design, it can only add events, and no cookie is ever involved.
// /api/v1 stays same-origin.
const CORS = {
  origin: '*',
  methods: ['POST'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding'],
  maxAge: 86_400,
};

export const ingestRoutes: FastifyPluginAsync<IngestRoutesOptions> = async (app, options) => {
  await app.register(cors, CORS);
  registerParsing(app);
  app.setErrorHandler(ingestErrorHandler);

  const rate = rateLimitOf(options);
  // One counter per write key across all the endpoints (a route's own limit counts per route).
  const limiter = app.createRateLimit({
    max: rate.max,
    timeWindow: rate.timeWindowMs,
    keyGenerator: (request) => request.ingestKey?.id ?? request.ip,
  });

  async function gate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.ingestKey = await verifiedWriteKey(request);

    const limit = await limiter(request);
    if (!limit.isAllowed && limit.isExceeded) {
      void reply.header('retry-after', String(Math.max(1, limit.ttlInSeconds)));
      throw new AppError(
        'rate_limited',
        'rate_limited',
        `At most ${limit.max} requests per ${rate.timeWindowMs} ms per write key; retry later.`,
      );
    }
  }

  const routeOptions = { preHandler: gate, schema: { tags: ['ingest'], hide: false } };

  for (const type of MESSAGE_TYPES) {
    app.post(
      `/${type}`,
      { ...routeOptions, schema: { ...routeOptions.schema, summary: `Segment ${type} call` } },
      async (request) => {
        const checked = checkItems([request.body], { implied: type, receivedAt: Date.now() });
        const rejection: Rejection | undefined = checked.rejected[0];
        if (rejection) throw invalid(rejection.code, rejection.message, rejection.field);

        const scope = scopeOf(request);
        const outcome = await ingestMessages(request.server.store, scope, checked.items);
        request.log.debug(
          { workspaceId: scope.workspaceId, type, stored: outcome.stored },
          'ingest message accepted',
        );

        return { success: true };
      },
    );
  }

  app.post(
    '/batch',
    { ...routeOptions, schema: { ...routeOptions.schema, summary: 'Segment batch of messages' } },
    async (request) => {
      const bodies = itemsOf(request.body);
      const checked = checkItems(bodies, {
        receivedAt: Date.now(),
        shared: sharedOf(request.body as Record<string, unknown>),
      });
      const scope = scopeOf(request);
      const outcome = await ingestMessages(request.server.store, scope, checked.items);

      request.log.info(
        {
          workspaceId: scope.workspaceId,
          received: bodies.length,
          stored: outcome.stored,
          duplicates: outcome.duplicates + checked.repeats,
          rejected: checked.rejected.length,
          people: outcome.people,
          merges: outcome.merges,
        },
        'ingest batch accepted',
      );

      return checked.rejected.length > 0
        ? { success: true, rejected: checked.rejected }
        : { success: true };
    },
  );
};
