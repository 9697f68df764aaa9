/**
 * Where a Segment client puts its write key: the basic-auth user name (the password is empty
 * and ignored), or `writeKey` in the JSON body. The header wins when both are present. Pure.
 */
export function writeKeyOf(authorization: string | undefined, body: unknown): string | undefined {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice('Basic '.length).trim(), 'base64').toString(
      'utf8',
    );
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? decoded : decoded.slice(0, colon);
    if (user) return user;
  }

  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const key = (body as { writeKey?: unknown }).writeKey;
    if (typeof key === 'string' && key !== '') return key;
  }

  return undefined;
}
