import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FontSubsets } from '../../../src/modules/charts/render/fonts.js';
import { svgToPng } from '../../../src/modules/charts/render/png.js';

describe('font subsets for chart pictures', () => {
  it('reuse a subset that covers the text, grow with new characters, and keep earlier ones', async () => {
    const fonts = new FontSubsets();
    const naha = await fonts.files('那覇市 自宅等での死亡割合');
    expect(naha).toHaveLength(2); // regular and bold
    // Characters the first subset holds: the same files, no new subset.
    expect(await fonts.files('那覇 死亡')).toBe(naha);
    expect(fonts.size).toBe(1);
    // A new character: a new subset holding it and everything seen before.
    const grown = await fonts.files('宮古島市');
    expect(grown).not.toEqual(naha);
    expect(fonts.size).toBe(2);
    expect(await fonts.files('那覇市 宮古島市 自宅')).toBe(grown);
    expect(statSync(grown[0]).size).toBeGreaterThan(statSync(naha[0]).size);
  }, 60_000);

  it('take a hint into the subset they have to make, so that later pictures find it covers them', async () => {
    const fonts = new FontSubsets();
    const first = await fonts.files('那覇市', '宮古島市 石垣市');
    expect(fonts.size).toBe(1);
    expect(await fonts.files('石垣市 宮古島')).toBe(first);
    // A hint never stands in for the picture's own characters.
    const other = await fonts.files('名護市', '那覇市');
    expect(other).not.toBe(first);
    expect(fonts.size).toBe(2);
  }, 60_000);

  it('start again from the picture’s own characters past the limit', async () => {
    const fonts = new FontSubsets(8, 115); // the base set (108 signs) and a few more
    const a = await fonts.files('那覇市');
    const b = await fonts.files('宮古島市石垣市名護市');
    expect(b).not.toBe(a);
    expect(await fonts.files('那覇市')).toBe(a); // still kept, still covers
  }, 60_000);

  it('draw the same picture whichever subset holds the glyphs', async () => {
    const svg = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><text x="4" y="28" font-family="Noto Sans JP" font-size="20">${label}</text></svg>`;
    const alone = await svgToPng(svg('那覇市'));
    // The module's own subsets have grown with other names by now in a long-running process.
    await svgToPng(svg('宮古島市 石垣市 名護市 うるま市'));
    expect(Buffer.compare(await svgToPng(svg('那覇市')), alone)).toBe(0);
  }, 60_000);

  it('are removed with the process that made them', () => {
    const module = fileURLToPath(new URL('../../../src/modules/charts/render/fonts.ts', import.meta.url));
    const script = `import { FontSubsets } from ${JSON.stringify(module)};
      const files = await new FontSubsets().files('那覇市');
      console.log(files[0]);`;
    const dir = mkdtempSync(join(tmpdir(), 'carelogic-fonts-test-'));
    try {
      const entry = join(dir, 'make-subset.mts');
      writeFileSync(entry, script);
      const out = execFileSync(process.execPath, ['--import', 'tsx', entry], { encoding: 'utf8' });
      const file = out.trim().split('\n').at(-1)!;
      expect(file).toMatch(/carelogic-fonts-/);
      expect(existsSync(dirname(file))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
