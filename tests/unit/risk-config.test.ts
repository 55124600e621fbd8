import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNeedsThresholds } from '../../src/modules/surveys/needs/risk-config.js';
import { DEFAULT_NEEDS_THRESHOLDS } from '../../src/modules/surveys/needs/risk-thresholds.js';
import { logicModelsDir } from '../../src/paths.js';

describe('needs-survey thresholds from configuration', () => {
  it('the shipped file states the defaults of docs/domain.md', () => {
    expect(loadNeedsThresholds(join(logicModelsDir, 'rules', 'needs-risk.yaml'))).toEqual(DEFAULT_NEEDS_THRESHOLDS);
  });

  it('a file overrides what it names', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'cl-')), 'r.yaml');
    writeFileSync(f, 'iadl: { lowMaxScore: 4 }\nhappy: { minScore: 7 }\n');
    const t = loadNeedsThresholds(f);
    expect(t.iadl.lowMaxScore).toBe(4);
    expect(t.happy.minScore).toBe(7);
    expect(t.motor).toEqual(DEFAULT_NEEDS_THRESHOLDS.motor);
  });

  it('a bad file names the field', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'cl-')), 'r.yaml');
    writeFileSync(f, 'nutrition: { operator: about }\n');
    expect(() => loadNeedsThresholds(f)).toThrow(/nutrition\.operator/);
  });
});
