import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

/** Schemas that many routes share: errors, ids, list envelopes. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
    }),
  },
  { $id: 'Error' },
);

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function listOf<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Error answers every authenticated route can give. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;

export const Traits = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown());

/**
 * Sends JSON text that the store already wrote (a person, a page of people). Fastify sends a
 * string with a JSON content type as it is, past the response serializer; the route's response
 * schema still documents it, and tests hold the text to the same shape.
 */
export function sendJsonText(reply: unknown, text: string): FastifyReply {
  return (reply as FastifyReply).type('application/json; charset=utf-8').send(text);
}
