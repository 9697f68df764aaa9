/**
 * The one error shape every feature throws. Each feature narrows `code` to its own string
 * union; the HTTP edge (`src/app/error-handler.ts`) and the CLI map it once.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable';

export class AppError<Code extends string = string> extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function invalid(code: string, message: string, field?: string): AppError {
  return new AppError('invalid', code, message, field);
}

export function notFound(what: string, field?: string): AppError {
  return new AppError(
    'not_found',
    `${what}_not_found`,
    `No ${what.replace(/_/g, ' ')} with that id.`,
    field,
  );
}

export function conflict(code: string, message: string, field?: string): AppError {
  return new AppError('conflict', code, message, field);
}

export function forbidden(message = 'Your role does not allow this.'): AppError {
  return new AppError('forbidden', 'forbidden', message);
}

export function unauthenticated(message = 'Sign in or send a valid API key.'): AppError {
  return new AppError('unauthenticated', 'unauthenticated', message);
}
