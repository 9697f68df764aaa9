import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data, port 3000, and a 2 s wait for a re-score', () => {
    const config = loadConfig({});

    expect(config.store.kind).toBe('sqlite');
    expect(config.port).toBe(3000);
    expect(config.jobWaitMs).toBe(2_000);
  });

  it('takes any whole number of milliseconds up to ten minutes as the re-score wait', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600_000 }), (ms) => {
        expect(loadConfig({ BATON_JOB_WAIT_MS: String(ms) }).jobWaitMs).toBe(ms);
      }),
    );
  });

  it('refuses any other re-score wait, naming the variable', () => {
    const notAWait = fc.oneof(
      fc.string().filter((s) => s !== '' && !/^\d+$/.test(s)),
      fc.integer({ min: 600_001 }).map(String),
      fc.integer({ max: -1 }).map(String),
      fc.double({ noInteger: true, noNaN: true }).map(String),
      fc.constantFrom('0x10', '1e3', ' 5', '+7', '2.0'),
    );
    fc.assert(
      fc.property(notAWait, (value) => {
        expect(() => loadConfig({ BATON_JOB_WAIT_MS: value })).toThrow(
          /BATON_JOB_WAIT_MS must be an integer/,
        );
      }),
    );
  });

  it('refuses a port outside 0 to 65535, naming it', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be an integer/);
  });
});
