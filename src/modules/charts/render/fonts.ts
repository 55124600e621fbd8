import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** Noto Sans JP (SIL OFL 1.1) as shipped by @expo-google-fonts/noto-sans-jp: regular and bold TTF. */
export function notoSansJpFiles(): { regular: string; bold: string } {
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
  return {
    regular: join(dir, '400Regular', 'NotoSansJP_400Regular.ttf'),
    bold: join(dir, '700Bold', 'NotoSansJP_700Bold.ttf'),
  };
}

/**
 * Makes the subsets of both weights in a worker thread that ends when they are written. harfbuzz's
 * WebAssembly memory grows past 100 MB while it subsets the 5 MB font and never shrinks: in a
 * worker it is given back as soon as the subsets are made, instead of staying in the server for good.
 */
const SUBSET_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, writeFileSync } = require('node:fs');
const subsetFont = require(workerData.subsetFont);
(async () => {
  for (const [font, file] of workerData.jobs) {
    const sub = await subsetFont(readFileSync(font), workerData.chars, { targetFormat: 'truetype' });
    writeFileSync(file, sub);
  }
})().then(() => parentPort.postMessage('done'), (err) => parentPort.postMessage({ error: String(err && err.message ? err.message : err) }));
`;

function subsetInWorker(chars: string, jobs: [font: string, file: string][]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(SUBSET_WORKER, {
      eval: true,
      workerData: { subsetFont: require.resolve('subset-font'), chars, jobs },
    });
    let settled = false;
    worker.once('message', (msg: 'done' | { error: string }) => {
      settled = true;
      if (msg === 'done') resolve();
      else reject(new Error(msg.error));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`font subset worker exited (code ${code})`));
      settled = true;
    });
  });
}

/** Characters always in a subset: ASCII, digits and the signs charts use. */
const BASE =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~…–—・、。（）％／←→◆';

/**
 * Subsets of the Japanese font holding only the characters pictures use. resvg re-reads a font
 * file for every text element, and the full Noto Sans JP is 5 MB: a subset of a few kB makes a
 * chart's text cost microseconds instead of milliseconds. Making a subset costs hundreds of
 * milliseconds, so subsets grow: a picture whose characters an existing subset covers uses it, and
 * a picture with a character none covers gets a new subset of every character seen so far (up to
 * `maxChars`, then it starts again from the picture's own). After the first charts of a prefecture
 * (its municipality names, the indicator labels) every further chart reuses one subset. Glyphs are
 * the font's whatever the subset, so a picture is drawn the same whichever subset it gets.
 * Subsets are files (resvg takes paths) in a temporary folder removed when the process exits; the
 * most recent `max` are kept.
 */
export class FontSubsets {
  private dir: string | null = null;
  private cache = new Map<string, { chars: Set<string>; files: Promise<string[]> }>();
  /** Every character of the newest subset: the next one starts from these. */
  private seen = new Set<string>(BASE);

  constructor(
    private readonly max = 8,
    private readonly maxChars = 6000,
  ) {}

  /**
   * Font files covering `text` (regular and bold). `hint`: characters other pictures of the same
   * kind are likely to use (a prefecture's names and labels); they go into a subset this call has
   * to make, so that the next pictures find it covers them, instead of each making its own.
   */
  files(text: string, hint = ''): Promise<string[]> {
    const wanted = new Set(text);
    for (const c of BASE) wanted.add(c);
    // Newest first: the newest subset is the largest.
    for (const [key, entry] of [...this.cache.entries()].reverse()) {
      let covers = true;
      for (const c of wanted)
        if (!entry.chars.has(c)) {
          covers = false;
          break;
        }
      if (covers) {
        this.cache.delete(key);
        this.cache.set(key, entry);
        return entry.files;
      }
    }
    let chars = new Set([...this.seen, ...wanted, ...hint]);
    if (chars.size > this.maxChars) chars = new Set([...wanted, ...hint]);
    if (chars.size > this.maxChars) chars = wanted;
    this.seen = chars;
    const sorted = [...chars].sort().join('');
    const key = createHash('sha256').update(sorted).digest('hex').slice(0, 20);
    const files = this.make(key, sorted);
    files.catch(() => this.cache.delete(key));
    this.cache.set(key, { chars, files });
    while (this.cache.size > this.max) {
      const [old, entry] = this.cache.entries().next().value!;
      this.cache.delete(old);
      void entry.files.then((fs) => fs.forEach((f) => rmSync(f, { force: true }))).catch(() => undefined);
    }
    return files;
  }

  /** How many subsets are kept (tests). */
  get size(): number {
    return this.cache.size;
  }

  private async make(key: string, chars: string): Promise<string[]> {
    const f = notoSansJpFiles();
    if (!this.dir) {
      const dir = mkdtempSync(join(tmpdir(), 'carelogic-fonts-'));
      this.dir = dir;
      // The subsets are this process's own: gone with it, not left in the temp folder at every start.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    const jobs: [string, string][] = [
      [f.regular, join(this.dir, `${key}-regular.ttf`)],
      [f.bold, join(this.dir, `${key}-bold.ttf`)],
    ];
    await subsetInWorker(chars, jobs);
    return jobs.map(([, file]) => file);
  }
}
