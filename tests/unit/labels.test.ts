import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GapTrend, GapIndicator } from '../../src/modules/gaps/gaps.schemas.js';
import { IndicatorUnitValue } from '../../src/modules/indicators/indicators.schemas.js';
import { LEVELS } from '../../src/modules/indicators/engine/types.js';
import {
  comparisonLabels,
  directionLabels,
  levelLabels,
  reasonLabels,
  trendLabels,
  unitLabels,
  valueStatusLabels,
} from '../../src/shared/labels.js';

const japanese = /[\u3040-\u30ff\u4e00-\u9fff％]/;
const catalogue = parse(readFileSync(join(import.meta.dirname, '..', '..', 'logic-models', 'indicators.yaml'), 'utf8')) as {
  indicators: { unit?: string; direction?: string }[];
};
const enumOf = (schema: unknown): string[] => {
  let s = schema as { _zod: { def: { type: string; innerType?: unknown; entries?: Record<string, string> } } };
  while (s._zod.def.innerType) s = s._zod.def.innerType as typeof s;
  return Object.values(s._zod.def.entries ?? {});
};

describe('every code a person reads has a Japanese label', () => {
  it('units and directions of the catalogue', () => {
    for (const i of catalogue.indicators) {
      if (i.unit) expect(unitLabels[i.unit], i.unit).toMatch(japanese);
      if (i.direction) expect(directionLabels[i.direction], i.direction).toMatch(japanese);
    }
    expect(unitLabels).toMatchObject({ percent: '％', per_10k: '件/1万人', yen_per_month: '円/月' });
  });

  it('value statuses, levels, comparisons and trends of the API schemas', () => {
    for (const s of enumOf(IndicatorUnitValue.shape.status)) expect(valueStatusLabels[s], s).toMatch(japanese);
    for (const l of LEVELS) expect(levelLabels[l], l).toMatch(japanese);
    for (const c of enumOf(GapIndicator.shape.comparison.shape.area.shape.result)) expect(comparisonLabels[c], c).toMatch(japanese);
    for (const a of enumOf(GapTrend.shape.assessment)) expect(trendLabels[a], a).toMatch(japanese);
  });

  it('every withholding reason the values schema documents', () => {
    const described = IndicatorUnitValue.shape.reason.description ?? '';
    const reasons = [...described.matchAll(/\b([a-z]+(?:_[a-z]+)+|suppressed)\b/g)].map((m) => m[1]);
    expect(reasons.length).toBeGreaterThan(5);
    for (const r of reasons) expect(reasonLabels[r], r).toMatch(japanese);
  });
});
