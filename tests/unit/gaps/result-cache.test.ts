import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ResultCache, weighSerialized } from '../../../src/modules/gaps/result-cache.js';

const Body = z.object({ text: z.string() });

describe('ResultCache', () => {
  it('serialises once per inputs and key, cleaning binary-float noise', () => {
    const cache = new ResultCache();
    const inputs = [{}, {}] as const;
    let computed = 0;
    const N = z.object({ n: z.number() });
    const a = cache.get(inputs, 'k', N, () => (computed++, { n: 0.1 + 0.2 }));
    const b = cache.get(inputs, 'k', N, () => (computed++, { n: 1 }));
    expect(b).toBe(a);
    expect(computed).toBe(1);
    expect(a.json.toString()).toBe('{"n":0.3}');
    // New inputs (a new snapshot after a write) compute afresh.
    expect(cache.get([{}, inputs[1]], 'k', N, () => ({ n: 2 })).body.n).toBe(2);
  });

  it('holds at most its byte budget across every inputs, dropping the oldest', () => {
    // Each entry: {"text":"xxxxxxxxx"} is 20 bytes of JSON, weighed 60.
    const one = (c: string) => ({ text: c.repeat(9) });
    const cache = new ResultCache(150);
    const first = [{}, {}] as const;
    const second = [{}, {}] as const;
    const a = cache.get(first, 'a', Body, () => one('a'));
    expect(weighSerialized(a)).toBe(60);
    cache.get(first, 'b', Body, () => one('b'));
    expect(cache.bytes).toBe(120);
    cache.get(second, 'c', Body, () => one('c')); // 180 > 150: the oldest ('a' of the first inputs) goes
    expect(cache.bytes).toBe(120);
    let again = 0;
    cache.get(first, 'a', Body, () => (again++, one('A')));
    expect(again).toBe(1);
    // 'b' went for the new 'a'; 'c' of the other inputs stays.
    expect(cache.get(second, 'c', Body, () => one('z')).body.text).toBe('c'.repeat(9));
    expect(cache.bytes).toBe(120);
  });
});
