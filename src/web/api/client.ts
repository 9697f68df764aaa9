import { ApiError, apiErrorFrom } from './api-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The session's CSRF token, held in memory only; every non-GET request sends it. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Readonly<Record<string, string | number | undefined | null>>;

/** `/api/v1` + `path` + the non-empty `params` as a query string. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();

  return `/api/v1${path}${query ? `?${query}` : ''}`;
}

function headersFor(method: Method, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  return headers;
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;

  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One request to the Baton API; answers the parsed JSON or throws an `ApiError`. */
export async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The Baton server cannot be reached.');
  }

  const parsed = await parseBody(response);
  if (!response.ok) throw apiErrorFrom(response.status, parsed);

  return parsed as T;
}

export const api = {
  get: <T>(path: string, params?: QueryParams) => request<T>('GET', apiUrl(path, params)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', apiUrl(path), body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', apiUrl(path), body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', apiUrl(path), body),
  delete: <T>(path: string) => request<T>('DELETE', apiUrl(path)),
};
