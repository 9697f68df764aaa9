import { describe, expect, it } from 'vitest';

import { writeKeyOf } from './write-key.js';

const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

describe('writeKeyOf', () => {
  it('reads the basic-auth user name, ignoring the password', () => {
    expect(writeKeyOf(basic('wk_abc.secret:'), undefined)).toBe('wk_abc.secret');
    expect(writeKeyOf(basic('wk_abc.secret:whatever'), undefined)).toBe('wk_abc.secret');
    expect(writeKeyOf(basic('wk_abc.secret'), undefined)).toBe('wk_abc.secret');
  });

  it('falls back to writeKey in the body; the header wins over it', () => {
    expect(writeKeyOf(undefined, { writeKey: 'wk_body.s' })).toBe('wk_body.s');
    expect(writeKeyOf(basic('wk_head.s:'), { writeKey: 'wk_body.s' })).toBe('wk_head.s');
    expect(writeKeyOf(basic(':'), { writeKey: 'wk_body.s' })).toBe('wk_body.s');
  });

  it('finds nothing where there is nothing', () => {
    expect(writeKeyOf(undefined, undefined)).toBeUndefined();
    expect(writeKeyOf('Bearer wk_abc.s', { writeKey: 5 })).toBeUndefined();
    expect(writeKeyOf(undefined, ['wk'])).toBeUndefined();
    expect(writeKeyOf(undefined, { writeKey: '' })).toBeUndefined();
  });
});
