import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_NEEDS_THRESHOLDS, needsThresholdsSchema, type NeedsThresholds } from './risk-thresholds.js';

/**
 * The needs-survey thresholds from configuration (logic-models/rules/needs-risk.yaml); the
 * defaults when the file is absent. A bad file stops the start with the field that is wrong.
 */
export function loadNeedsThresholds(file: string): NeedsThresholds {
  if (!existsSync(file)) return DEFAULT_NEEDS_THRESHOLDS;
  const parsed = needsThresholdsSchema.safeParse(parse(readFileSync(file, 'utf8')) ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: invalid needs-survey thresholds\n${lines.join('\n')}`);
  }
  return parsed.data;
}
