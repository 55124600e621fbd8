/**
 * The spec builders are pure functions of published rows: each kind validates against the
 * Vega-Lite schema and compiles without warnings, a withheld value carries no number, and the
 * helpers (quartiles, spine positions, tree layout, page) give hand-computed results.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chartPage, pageCsp } from '../../../src/modules/charts/render/html.js';
import { estimateWidth } from '../../../src/modules/charts/render/text-width.js';
import { comparisonSpec, type ComparisonInput } from '../../../src/modules/charts/specs/comparison.js';
import { funnelSpec } from '../../../src/modules/charts/specs/funnel.js';
import { SPEC_PHRASES } from '../../../src/modules/charts/specs/labels.js';
import { logicModelSpec, nodeStatus, tint, treeLayout, wrap } from '../../../src/modules/charts/specs/logic-model.js';
import { profileSpec, spinePositions, spreadOf } from '../../../src/modules/charts/specs/profile.js';
import { trendSpec } from '../../../src/modules/charts/specs/trend.js';
import { checkSpec } from '../../helpers/vega-lite-schema.js';

const ind = { id: 'home_death_ratio', label: '自宅等での死亡割合', unit: 'percent', direction: 'higher_is_better' };
const unit = (code: string, name: string, status: string, value: number | null, target: number | null) => ({
  code,
  name,
  status,
  value,
  lower: value === null ? null : value - 2,
  upper: value === null ? null : value + 2,
  target,
  targetSource: target === null ? null : 'prefecture',
  targetYear: target === null ? null : 2026,
});
const comparison: ComparisonInput = {
  indicator: ind,
  period: 2024,
  scopeName: '沖縄県',
  level: 'municipality',
  units: [
    unit('472018', '那覇市', 'achieved', 22.5, 20),
    unit('472051', '宜野湾市', 'not_achieved_significant', 12.1, 20),
    unit('473596', '伊平屋村', 'suppressed', null, 20),
    unit('472131', 'うるま市', 'no_target', 18.3, null),
  ],
  prefectureValue: 19.2,
  prefectureTarget: { value: 20, year: 2026 },
};

describe('spec builders', () => {
  it('comparison: valid, sorted by value, the suppressed unit last with 秘匿 and no number', () => {
    const spec = comparisonSpec(comparison);
    expect(checkSpec(spec)).toEqual({ errors: [], warnings: [] });
    const rows = (spec.data as { values: Record<string, unknown>[] }).values;
    expect(rows.map((r) => r.name)).toEqual(['那覇市', 'うるま市', '宜野湾市', '伊平屋村']);
    expect(rows[3]).toMatchObject({ value: null, lower: null, upper: null, mark: '秘匿', status: '秘匿' });
    expect(rows[1]).toMatchObject({ targetText: '目標なし', status: '目標なし' });
  });

  it('trend: valid with a suppressed period and without a target', () => {
    const spec = trendSpec({
      indicator: ind,
      unitName: '那覇市',
      series: [
        {
          name: '那覇市',
          role: 'unit',
          points: [
            { period: 2023, value: 20, lower: 18, upper: 22, suppressed: false },
            { period: 2024, value: null, lower: null, upper: null, suppressed: true },
          ],
        },
        {
          name: '沖縄県',
          role: 'prefecture',
          points: [
            { period: 2023, value: 19, lower: 18.5, upper: 19.5, suppressed: false },
            { period: 2024, value: 19.4, lower: 19, upper: 19.8, suppressed: false },
          ],
        },
      ],
      target: null,
    });
    expect(checkSpec(spec)).toEqual({ errors: [], warnings: [] });
    expect(JSON.stringify(spec)).toContain('"mark":"秘匿"');
  });

  it('funnel, profile and logic model: valid', () => {
    const funnel = funnelSpec({
      indicator: ind,
      period: 2024,
      scopeName: '沖縄県',
      level: 'area',
      around: 'prefecture',
      comparator: 19.2,
      limits: [10, 100, 1000].map((n) => ({
        denominator: n,
        lower95: 19.2 - 100 / n,
        upper95: 19.2 + 100 / n,
        lower998: 19.2 - 150 / n,
        upper998: 19.2 + 150 / n,
      })),
      points: [{ name: '南部圏域', denominator: 500, value: 19.5, zone: 'within' }],
      suppressed: ['八重山圏域'],
    });
    const profile = profileSpec({
      unitName: '那覇市',
      modelTitle: '沖縄県版ロジックモデル',
      period: 2024,
      against: 'municipality',
      rows: [
        {
          indicator: 'a',
          label: '自宅等での死亡割合',
          unit: 'percent',
          direction: 'higher_is_better',
          status: 'achieved',
          value: 22,
          target: 20,
          centre: 19,
          spread: spreadOf([10, 15, 19, 25, 30]),
        },
        {
          indicator: 'b',
          label: '転倒リスク者の割合',
          unit: 'percent',
          direction: 'lower_is_better',
          status: 'suppressed',
          value: null,
          target: null,
          centre: 30,
          spread: spreadOf([25, 35]),
        },
      ],
    });
    const model = logicModelSpec({
      modelTitle: '沖縄県版ロジックモデル',
      unitName: '那覇市',
      period: 2024,
      nodes: [
        {
          id: 'final',
          level: 'final',
          title: '住み慣れた地域で自分らしい生活を人生の最期まで継続できる',
          shortTitle: '最終アウトカム',
          parent: null,
          indicators: [{ label: '主観的健康感', status: 'achieved' }],
        },
        {
          id: 'f1',
          level: 'field',
          title: '最期まで在宅で暮らし続けられる',
          shortTitle: null,
          parent: 'final',
          indicators: [
            { label: 'a', status: 'achieved' },
            { label: 'b', status: 'not_achieved_significant' },
          ],
        },
        { id: 'a1', level: 'activity', title: '医療・介護の連携', shortTitle: null, parent: 'f1', indicators: [] },
      ],
    });
    for (const spec of [funnel, profile, model]) expect(checkSpec(spec)).toEqual({ errors: [], warnings: [] });
    expect(JSON.stringify(profile)).toContain('"valueText":"秘匿"');
  });
});

describe('helpers', () => {
  it('quartiles (type 7) of 10, 15, 19, 25, 30: 15 and 25, median 19', () => {
    expect(spreadOf([30, 10, 25, 19, 15])).toEqual({ min: 10, q1: 15, median: 19, q3: 25, max: 30, count: 5 });
    expect(spreadOf([])).toBeNull();
  });

  it('spine: centre at 0, the farthest end at ±1, the better side right', () => {
    const row = {
      indicator: 'x',
      label: 'x',
      unit: 'percent',
      status: 'achieved',
      target: 22,
      centre: 20,
      spread: spreadOf([10, 15, 25])!,
    };
    // half-width = max(|10 − 20|, |25 − 20|) = 10
    expect(spinePositions({ ...row, direction: 'higher_is_better', value: 25 })).toMatchObject({
      lo: -1,
      hi: 0.5,
      pos: 0.5,
      targetPos: 0.2,
    });
    expect(spinePositions({ ...row, direction: 'lower_is_better', value: 25 })).toMatchObject({
      lo: -0.5,
      hi: 1,
      pos: -0.5,
      targetPos: -0.2,
    });
  });

  it('tree: leaves one per slot in order, a parent at the middle of its children', () => {
    const n = (id: string, level: string, parent: string | null) => ({
      id,
      level,
      title: id,
      shortTitle: null,
      parent,
      indicators: [],
    });
    const { slot, leaves, columns } = treeLayout([
      n('final', 'final', null),
      n('a', 'field', 'final'),
      n('b', 'field', 'final'),
      n('x', 'activity', 'a'),
      n('y', 'activity', 'a'),
    ]);
    expect([slot.get('x'), slot.get('y'), slot.get('a'), slot.get('b'), slot.get('final')]).toEqual([
      0, 1, 0.5, 2, 1.25,
    ]);
    expect(leaves).toBe(3);
    expect(columns).toEqual(['activity', 'field', 'final']);
    expect(
      nodeStatus({
        ...n('a', 'field', null),
        indicators: [
          { label: 'p', status: 'achieved' },
          { label: 'q', status: 'not_achieved_significant' },
        ],
      }),
    ).toBe('not_achieved_significant');
  });

  it('wrap, tint and text width', () => {
    expect(wrap('在宅医療や地域密着型サービスを利用しながら', 8, 2)).toEqual(['在宅医療や地域密', '着型サービスを…']);
    expect(tint('#000000', 0.5)).toBe('#808080');
    expect(estimateWidth('那覇市', 10)).toBe(30);
    expect(estimateWidth('12', 10)).toBeCloseTo(11.1);
  });

  it('page: the spec cannot close its script block; CSP names the framing origins', () => {
    const html = chartPage(
      { title: { text: '</script><script>alert(1)</script>' } },
      { scripts: ['/assets/a.js'], style: '/assets/a.css' },
    );
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script>');
    expect(pageCsp([])).toContain("frame-ancestors 'none'");
    expect(pageCsp(['https://intra.example.lg.jp'])).toContain('frame-ancestors https://intra.example.lg.jp');
    expect(pageCsp([])).toContain("script-src 'self'");
  });
});

describe('the font hint of the specs’ wording', () => {
  it('holds every Japanese character the spec builders write outside the shared labels', () => {
    const dir = fileURLToPath(new URL('../../../src/modules/charts/specs/', import.meta.url));
    const held = new Set(SPEC_PHRASES);
    const missing = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'labels.ts')) {
      // Code only: the comments' examples are not drawn.
      const code = readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/[^\n]*/g, '');
      for (const c of code.match(/[\u3000-\u9fff\uff00-\uffef]/g) ?? []) if (!held.has(c)) missing.add(`${file}: ${c}`);
    }
    expect([...missing]).toEqual([]);
  });
});
