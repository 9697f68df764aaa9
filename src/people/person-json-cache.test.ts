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

  it('lets the person used longest ago go when full', () => {
    const cache = new PersonJsonCache(2);
    cache.set('per_a', 0, 'a');
    cache.set('per_b', 0, 'b');
    expect(cache.get('per_a', 0)).toBe('a');

    cache.set('per_c', 0, 'c');

    expect(cache.size).toBe(2);
    expect(cache.get('per_b', 0)).toBeUndefined();
    expect(cache.get('per_a', 0)).toBe('a');
    expect(cache.get('per_c', 0)).toBe('c');
  });
});
