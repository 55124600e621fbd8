import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);

/** Noto Sans JP (SIL OFL 1.1) as shipped by @expo-google-fonts/noto-sans-jp: regular and bold TTF. */
export function notoSansJpFiles(): { regular: string; bold: string } {
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
  return {
    regular: join(dir, '400Regular', 'NotoSansJP_400Regular.ttf'),
    bold: join(dir, '700Bold', 'NotoSansJP_700Bold.ttf'),
  };
}

/** Characters always in a subset: ASCII, digits and the signs charts use. */
const BASE =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~…–—・、。（）％／←→◆';

/**
 * Subsets of the Japanese font holding only the characters a picture uses. resvg re-reads a font
 * file for every text element, and the full Noto Sans JP is 5 MB: a subset of a few kB makes a
 * chart's text cost microseconds instead of milliseconds. Subsets are files (resvg takes paths),
 * kept per character set, the most recent `max` of them.
 */
export class FontSubsets {
  private fonts: { regular: Buffer; bold: Buffer } | null = null;
  private dir: string | null = null;
  private cache = new Map<string, Promise<string[]>>();

  constructor(private readonly max = 64) {}

  /** Font files covering `text` (regular and bold), made once per character set. */
  files(text: string): Promise<string[]> {
    const chars = [...new Set(BASE + text)].sort().join('');
    const key = createHash('sha256').update(chars).digest('hex').slice(0, 20);
    let hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    hit = this.make(key, chars);
    hit.catch(() => this.cache.delete(key));
    this.cache.set(key, hit);
    while (this.cache.size > this.max) {
      const [old, files] = this.cache.entries().next().value!;
      this.cache.delete(old);
      void files.then((fs) => fs.forEach((f) => rmSync(f, { force: true }))).catch(() => undefined);
    }
    return hit;
  }

  private async make(key: string, chars: string): Promise<string[]> {
    if (!this.fonts) {
      const f = notoSansJpFiles();
      this.fonts = { regular: readFileSync(f.regular), bold: readFileSync(f.bold) };
    }
    this.dir ??= mkdtempSync(join(tmpdir(), 'carelogic-fonts-'));
    const out: string[] = [];
    for (const [weight, buf] of Object.entries(this.fonts)) {
      const sub = await subsetFont(buf, chars, { targetFormat: 'truetype' });
      const file = join(this.dir, `${key}-${weight}.ttf`);
      writeFileSync(file, sub);
      out.push(file);
    }
    return out;
  }
}
