import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PageAssets } from './render/html.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './render/page-script.js';

const require = createRequire(import.meta.url);

/** One file served under /assets: immutable, so its name carries its version or hash. */
export interface Asset {
  name: string;
  contentType: string;
  /** Read on first request (the bundles are large and a process may never serve a page). */
  body: () => Buffer;
}

/** The installed package's folder and version (found up from its entry: vega exports no ./package.json). */
export function packageOf(pkg: string): { dir: string; version: string } {
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (json.name === pkg) return { dir, version: json.version };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`Cannot find the folder of package ${pkg}.`);
    dir = up;
  }
}

function bundle(pkg: string, file: string): Asset {
  const { dir, version } = packageOf(pkg);
  let cached: Buffer | null = null;
  return {
    name: `${pkg}-${version}.min.js`,
    contentType: 'text/javascript; charset=utf-8',
    body: () => (cached ??= readFileSync(join(dir, 'build', file))),
  };
}

function inline(base: string, ext: string, contentType: string, text: string): Asset {
  const buf = Buffer.from(text);
  const hash = createHash('sha256').update(buf).digest('hex').slice(0, 12);
  return { name: `${base}-${hash}.${ext}`, contentType, body: () => buf };
}

/**
 * The chart page's files, from the installed packages (never a CDN: intranets are often offline):
 * vega, vega-lite and vega-embed's browser bundles, then the page's own script and style.
 */
export function chartAssets(prefix = '/assets'): { files: Map<string, Asset>; page: PageAssets } {
  const scripts = [
    bundle('vega', 'vega.min.js'),
    bundle('vega-lite', 'vega-lite.min.js'),
    bundle('vega-embed', 'vega-embed.min.js'),
    inline('chart-page', 'js', 'text/javascript; charset=utf-8', PAGE_SCRIPT),
  ];
  const style = inline('chart-page', 'css', 'text/css; charset=utf-8', PAGE_STYLE);
  const files = new Map([...scripts, style].map((a) => [a.name, a]));
  return { files, page: { scripts: scripts.map((s) => `${prefix}/${s.name}`), style: `${prefix}/${style.name}` } };
}
