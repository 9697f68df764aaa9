import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { AppError, type ErrorKind } from '../shared/app-error.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldOf(issue: AjvIssue): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof extra === 'string') return path ? `${path}.${extra}` : extra;

  return path || 'body';
}

/** Turns the first schema violation into our error shape: a code, the field and the reason. */
export function fromValidation(issue: AjvIssue): ErrorBody['error'] {
  const field = fieldOf(issue);

  switch (issue.keyword) {
    case 'required':
      return { code: 'required', field, message: `${field} is required.` };
    case 'additionalProperties':
      return { code: 'unknown_field', field, message: `${field} is not a known field.` };
    case 'maxLength':
      return {
        code: 'too_long',
        field,
        message: `${field} must be at most ${String(issue.params.limit)} characters.`,
      };
    case 'minLength':
      return {
        code: 'too_short',
        field,
        message: `${field} must be at least ${String(issue.params.limit)} characters.`,
      };
    case 'format':
      return issue.params.format === 'email'
        ? { code: 'invalid_email', field, message: `${field} must be a valid e-mail address.` }
        : {
            code: 'invalid_format',
            field,
            message: `${field} must be a valid ${String(issue.params.format)}.`,
          };
    case 'type':
      return {
        code: 'wrong_type',
        field,
        message: `${field} must be of type ${String(issue.params.type)}.`,
      };
    case 'enum':
    case 'const':
    case 'anyOf':
      return { code: 'not_allowed', field, message: `${field} has a value that is not allowed.` };
    default:
      return { code: 'invalid', field, message: `${field} ${issue.message ?? 'is invalid'}.` };
  }
}

function fromFastify(
  error: FastifyError,
): { status: number; body: ErrorBody['error'] } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: {
          code: 'malformed_json',
          message: 'The request body is not valid JSON.',
          field: 'body',
        },
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: { code: 'body_too_large', message: 'The request body is too large.', field: 'body' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { code: 'unsupported_media_type', message: 'Send application/json.' },
      };
    default:
      break;
  }

  if (error instanceof SyntaxError || error.name === 'SyntaxError') {
    return {
      status: 400,
      body: {
        code: 'malformed_json',
        message: 'The request body is not valid JSON.',
        field: 'body',
      },
    };
  }
  if (error.statusCode === 429) {
    return {
      status: 429,
      body: { code: 'rate_limited', message: 'Too many requests; try again later.' },
    };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, body: { code: 'bad_request', message: error.message } };
  }

  return undefined;
}

/** The one place where errors become HTTP answers. Unknown errors are logged once, answered 500. */
export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error instanceof AppError) {
    const body: ErrorBody['error'] = {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    };
    void reply.status(STATUS[error.kind]).send({ error: body });
    return;
  }

  const issues = error.validation as AjvIssue[] | undefined;
  if (issues?.[0]) {
    void reply.status(400).send({ error: fromValidation(issues[0]) });
    return;
  }

  const known = fromFastify(error);
  if (known) {
    void reply.status(known.status).send({ error: known.body });
    return;
  }

  request.log.error({ err: error }, 'unhandled error');
  void reply
    .status(500)
    .send({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
}
