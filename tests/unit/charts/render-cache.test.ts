import { describe, expect, it } from 'vitest';
import { RenderCache } from '../../../src/modules/charts/render/render-cache.js';

describe('render cache', () => {
  it('renders a spec once per variant, and again once evicted', async () => {
    const cache = new RenderCache(2);
    let renders = 0;
    const render = (s: string) => async () => {
      renders++;
      return Buffer.from(s);
    };
    const a = { title: '那覇市' };
    expect(String(await cache.get(a, 'png@1', render('a1')))).toBe('a1');
    expect(String(await cache.get({ title: '那覇市' }, 'png@1', render('again')))).toBe('a1');
    expect(String(await cache.get(a, 'png@2', render('a2')))).toBe('a2');
    expect(renders).toBe(2);
    await cache.get({ title: '石垣市' }, 'png@1', render('b')); // a/png@1 is the oldest: evicted
    expect(String(await cache.get(a, 'png@1', render('a1 again')))).toBe('a1 again');
    expect(renders).toBe(4);
  });

  it('keeps under its byte budget', async () => {
    const cache = new RenderCache(100, 10);
    let renders = 0;
    const big = async () => {
      renders++;
      return Buffer.alloc(6);
    };
    await cache.get({ n: 1 }, 'svg', big);
    await cache.get({ n: 2 }, 'svg', big); // 12 bytes > 10: the first goes
    await cache.get({ n: 1 }, 'svg', big);
    expect(renders).toBe(3);
  });
});
