/** An error the Baton API answered with: `{"error": {"code", "message", "field"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  readonly error?: {
    readonly code?: unknown;
    readonly message?: unknown;
    readonly field?: unknown;
  };
}

/** Reads the API's error JSON; anything else (a proxy's HTML page, say) gets a generic code. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as ErrorBody | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message =
    typeof error?.message === 'string' ? error.message : `The server answered ${status}.`;
  const field = typeof error?.field === 'string' ? error.field : undefined;

  return new ApiError(status, code, message, field);
}

/** The message to show next to `field`, when `error` is about that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.field === undefined) return undefined;

  return error.field === field || error.field.startsWith(`${field}.`) ? error.message : undefined;
}

/** The message to show above a form: errors no field of `fields` shows. */
export function formError(error: unknown, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);

  return fields.some((field) => fieldError(error, field)) ? undefined : error.message;
}
