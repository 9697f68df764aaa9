import { describe, expect, it } from 'vitest';

import { PersonJsonCache } from './person-json-cache.js';

describe('PersonJsonCache', () => {
  it('answers a person only at the revision it was rendered at', () => {
    const cache = new PersonJsonCache();
    cache.set('per_a', 3, '{"id":"per_a"}');

    expect(cache.get('per_a', 3)).toBe('{"id":"per_a"}');
    expect(cache.get('per_a', 4)).toBeUndefined();
    expect(cache.get('per_a', 2)).toBeUndefined();
    expect(cache.get('per_b', 3)).toBeUndefined();
  });

  it('keeps the newer rendering when an older one arrives late', () => {
    const cache = new PersonJsonCache();
    cache.set('per_a', 5, 'new');
    cache.set('per_a', 4, 'old');

    expect(cache.get('per_a', 5)).toBe('new');
    cache.set('per_a', 6, 'newer');
    expect(cache.get('per_a', 6)).toBe('newer');
  });

  it('keeps the people used lately, at most its capacity', () => {
    const cache = new PersonJsonCache(4);
    cache.set('per_a', 0, 'a');
    cache.set('per_b', 0, 'b');
    expect(cache.get('per_a', 0)).toBe('a');

    cache.set('per_c', 0, 'c');

    expect(cache.get('per_b', 0)).toBeUndefined();
    expect(cache.get('per_a', 0)).toBe('a');
    expect(cache.get('per_c', 0)).toBe('c');
  });

  it('never holds more than its capacity, whatever comes', () => {
    const cache = new PersonJsonCache(100);
    for (let i = 0; i < 10_000; i++) {
      cache.set(`per_${i % 700}`, i % 3, String(i));
      cache.get(`per_${(i * 7) % 700}`, 0);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
  });
});
