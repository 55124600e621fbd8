import { frame, round, type ChartSize } from './common.js';
import { formatValue, L, SUPPRESSED_NOTE, unitSuffix, valueFormat } from './labels.js';
import type { ChartIndicator, UnitLevel, VlSpec } from './types.js';

/** What a funnel plot draws: the gaps service's funnel data, with unit names. */
export interface FunnelInput {
  indicator: ChartIndicator;
  period: number;
  scopeName: string;
  level: UnitLevel;
  around: 'prefecture' | 'target';
  comparator: number;
  limits: { denominator: number; lower95: number; upper95: number; lower998: number; upper998: number }[];
  points: { name: string; denominator: number; value: number; zone: string }[];
  /** Units withheld by disclosure control: named, never placed. */
  suppressed: string[];
}

export const funnelSize = (): ChartSize => ({ width: 760, height: 480 });

const ZONES: [zone: string, label: string, colour: string][] = [
  ['above_998', '99.8%限界より上', '#b71c1c'],
  ['above_95', '95%限界より上', '#ef6c00'],
  ['within', '95%限界内', '#1f5fa8'],
  ['below_95', '95%限界より下', '#ef6c00'],
  ['below_998', '99.8%限界より下', '#b71c1c'],
];
const LIMITS: [key: string, label: string][] = [
  ['upper998', '99.8%管理限界'],
  ['upper95', '95%管理限界'],
  ['lower95', '95%管理限界'],
  ['lower998', '99.8%管理限界'],
];

/**
 * Funnel plot: value against denominator, the 95 % and 99.8 % control limits around the
 * comparator, each unit a point coloured by where it lies, with its name in the tooltip.
 */
export function funnelSpec(input: FunnelInput, size = funnelSize()): VlSpec {
  const ind = input.indicator;
  const fmt = valueFormat(ind.unit);
  const zoneLabel = new Map(ZONES.map(([z, l]) => [z, l]));
  const present = ZONES.filter(([z]) => input.points.some((p) => p.zone === z));
  const lines = input.limits.flatMap((l) =>
    LIMITS.map(([key, label]) => ({
      denominator: round(l.denominator, 2),
      value: round(l[key as keyof typeof l]),
      line: key,
      label,
      dashed: key.endsWith('998'),
    })),
  );
  const unitWord = input.level === 'area' ? L.area : L.municipality;
  const x = {
    field: 'denominator',
    type: 'quantitative',
    title: L.denominator,
    scale: { type: 'log', nice: false },
    axis: { format: '~s', grid: false },
  };
  const yTitle = `${ind.label}${unitSuffix(ind.unit)}`;
  const centre = input.around === 'target' ? '県の目標' : L.prefectureAverage;
  return {
    ...frame({
      title: `${ind.label}のファネルプロット（${input.period}年度）`,
      subtitle: [
        `${input.scopeName}の${unitWord}。中心線＝${centre} ${formatValue(input.comparator, ind.unit)}、実線＝95%・破線＝99.8%管理限界`,
        input.suppressed.length ? `${SUPPRESSED_NOTE}: ${input.suppressed.join('、')}` : '',
      ],
      size,
      description: `${ind.label}のファネルプロット（${input.period}年度）`,
    }),
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', color: '#7a7a7a', strokeWidth: 1.2, interpolate: 'monotone' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false }, axis: { format: fmt } },
          detail: { field: 'line', type: 'nominal' },
          strokeDash: {
            field: 'dashed',
            type: 'nominal',
            legend: null,
            scale: {
              domain: [false, true],
              range: [
                [1, 0],
                [6, 4],
              ],
            },
          },
        },
      },
      {
        data: {
          values: [{ value: round(input.comparator), label: `${centre} ${formatValue(input.comparator, ind.unit)}` }],
        },
        mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
        encoding: {
          y: { field: 'value', type: 'quantitative' },
          tooltip: [{ field: 'label', type: 'nominal', title: '中心線' }],
        },
      },
      {
        data: {
          values: input.points.map((p) => ({
            name: p.name,
            denominator: round(p.denominator, 2),
            value: round(p.value),
            zone: zoneLabel.get(p.zone) ?? p.zone,
          })),
        },
        mark: { type: 'circle', size: 70, opacity: 0.9, stroke: '#ffffff', strokeWidth: 0.8 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' },
          color: {
            field: 'zone',
            type: 'nominal',
            title: L.zone,
            scale: { domain: present.map(([, l]) => l), range: present.map(([, , c]) => c) },
          },
          tooltip: [
            { field: 'name', type: 'nominal', title: unitWord },
            { field: 'value', type: 'quantitative', title: L.value, format: fmt },
            { field: 'denominator', type: 'quantitative', title: L.denominator, format: ',.0f' },
            { field: 'zone', type: 'nominal', title: L.zone },
          ],
        },
      },
    ],
  };
}
