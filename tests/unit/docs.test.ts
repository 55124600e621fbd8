import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** Every text file of the repository a reader or a clone sees (not node_modules, data, build output). */
function repoFiles(dir = root): string[] {
  const skip = new Set(['node_modules', 'dist', '.git', 'data', '.cache', 'generated', 'openapi']);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip.has(name)) return [];
    if (statSync(path).isDirectory()) return repoFiles(path);
    return /\.(ts|md|ya?ml|json|sh)$|^run$/.test(name) && name !== 'package-lock.json' ? [relative(root, path)] : [];
  });
}

describe('the repository documents itself', () => {
  const domain = read('docs/domain.md');

  it('no file points a reader outside the repository (../shared) or to a domain.md that is not docs/domain.md', () => {
    const offenders = repoFiles().filter((file) => {
      const text = read(file);
      const outside = /\.\.\/shared\/(?![\w-]+\.js)|shared\/data\/|shared\/domain/.test(text);
      const bare = !file.startsWith('docs/') && /(?<![\w/])domain\.md/.test(text.replaceAll('docs/domain.md', ''));
      return outside || bare;
    });
    // This test file names the patterns it looks for.
    expect(offenders.filter((f) => !f.endsWith('docs.test.ts'))).toEqual([]);
  });

  it('docs/domain.md defines every indicator of the catalogue and every reference measure', () => {
    const catalogue = parse(read('logic-models/indicators.yaml')) as { indicators: { id: string; status: string }[] };
    const missing = catalogue.indicators
      .filter((i) => i.status === 'active')
      .map((i) => i.id)
      .filter((id) => !domain.includes(id));
    expect(missing).toEqual([]);
    expect(domain).toMatch(/dementia_\*/);
    const measures = parse(read('logic-models/measures.yaml')) as { measures: { id: string; source: string }[] };
    const refMissing = measures.measures
      .filter((m) => m.source === 'reference')
      .map((m) => m.id)
      .filter((id) => {
        const [head, ...rest] = id.split('.');
        // ref.deaths.home is listed as ref.deaths.{…, home, …}
        return !domain.includes(id) && !new RegExp(`${head}\\.${rest.slice(0, -1).join('\\.')}\\.?\\{[^}]*\\b${rest.at(-1)}\\b`).test(domain);
      });
    expect(refMissing).toEqual([]);
  });

  it('every section cited from code and data exists in docs/domain.md', () => {
    const cited = new Set<string>();
    for (const file of repoFiles()) {
      for (const m of read(file).matchAll(/docs\/domain\.md\)?\s*§(\d+(?:\.\d+)?)/g)) cited.add(m[1]);
    }
    expect(cited.size).toBeGreaterThan(3);
    for (const section of cited) expect(domain, `§${section}`).toMatch(new RegExp(`^#+ §${section.replace('.', '\\.')} `, 'm'));
  });

  it('docs/README.md links every document in docs/, and every link resolves', () => {
    const index = read('docs/README.md');
    const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    for (const doc of docs) expect(index, doc).toContain(`](${doc})`);
    for (const m of index.matchAll(/\]\(([^)#]+)\)/g)) expect(existsSync(join(root, 'docs', m[1])), m[1]).toBe(true);
    expect(read('README.md')).toContain('docs/README.md');
  });
});
