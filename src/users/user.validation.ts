import { invalid } from '../shared/app-error.js';

// A practical e-mail check (what HTML's input[type=email] accepts), not the full RFC 5322.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export const EMAIL_PATTERN = EMAIL.source;

/** Lower-cases and checks an e-mail address; the error names `field`. */
export function validateEmail(value: string, field = 'email'): string {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw invalid('invalid_email', `${field} must be a valid e-mail address.`, field);
  }

  return email;
}

export function validateName(value: string, field = 'name', max = 200): string {
  const name = value.trim();
  if (name.length === 0) throw invalid('required', `${field} must not be empty.`, field);
  if (name.length > max)
    throw invalid('too_long', `${field} must be at most ${max} characters.`, field);

  return name;
}

export function validatePassword(value: string, field = 'password'): string {
  if (value.length < 8) {
    throw invalid('weak_password', `${field} must be at least 8 characters.`, field);
  }
  if (value.length > 256) {
    throw invalid('too_long', `${field} must be at most 256 characters.`, field);
  }

  return value;
}
