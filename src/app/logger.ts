import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Credentials and personal fields are redacted wherever they appear,
 * so a careless `log.info({ body })` cannot leak them; milestones log ids, not people.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.adminPassword',
        '*.token',
        '*.email',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
