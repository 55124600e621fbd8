import { frame, round, type ChartSize } from './common.js';
import { directionNote, formatValue, L, unitSuffix, valueFormat } from './labels.js';
import type { ChartIndicator, VlSpec } from './types.js';

/** One series of a trend: the unit, its area, or the prefecture, one point per period. */
export interface TrendSeries {
  name: string;
  role: 'unit' | 'area' | 'prefecture';
  points: { period: number; value: number | null; lower: number | null; upper: number | null; suppressed: boolean }[];
}

/** What a trend chart draws: one indicator for one unit over every period with data. */
export interface TrendInput {
  indicator: ChartIndicator;
  unitName: string;
  series: TrendSeries[];
  target: { value: number; year: number; source: string | null } | null;
}

export const trendSize = (): ChartSize => ({ width: 720, height: 420 });

const ROLE_COLOURS = { unit: '#1f5fa8', area: '#e07b00', prefecture: '#555555' } as const;

/**
 * The unit's line with its 95 % CI band, its area's and the prefecture's lines, and the target as
 * a point at its target year; a suppressed period shows 秘匿 instead of a point.
 */
export function trendSpec(input: TrendInput, size = trendSize()): VlSpec {
  const ind = input.indicator;
  const fmt = valueFormat(ind.unit);
  const rows = input.series.flatMap((s) =>
    s.points.map((p) => ({
      period: p.period,
      series: s.name,
      role: s.role,
      value: round(p.value),
      lower: round(p.lower),
      upper: round(p.upper),
      ci:
        p.lower !== null && p.upper !== null
          ? `${formatValue(p.lower, ind.unit)} – ${formatValue(p.upper, ind.unit)}`
          : '',
      mark: p.suppressed ? (s.role === 'unit' ? L.suppressed : `${s.name} ${L.suppressed}`) : '',
    })),
  );
  const periods = rows.map((r) => r.period);
  if (input.target) periods.push(input.target.year);
  const lo = Math.min(...periods);
  const hi = Math.max(...periods);
  const x = {
    field: 'period',
    type: 'quantitative',
    title: L.period,
    scale: { domain: [lo - 0.5, hi + 0.5], nice: false },
    axis: { format: 'd', tickMinStep: 1, grid: false },
  };
  const colour = {
    field: 'series',
    type: 'nominal',
    title: L.series,
    scale: { domain: input.series.map((s) => s.name), range: input.series.map((s) => ROLE_COLOURS[s.role]) },
  };
  const tooltip = [
    { field: 'series', type: 'nominal', title: L.series },
    { field: 'period', type: 'quantitative', title: L.period, format: 'd' },
    { field: 'value', type: 'quantitative', title: L.value, format: fmt },
    { field: 'ci', type: 'nominal', title: L.ci95 },
  ];
  const y = {
    field: 'value',
    type: 'quantitative',
    title: `${ind.label}${unitSuffix(ind.unit)}`,
    scale: { zero: false },
    axis: { format: fmt },
  };
  const layers: VlSpec[] = [
    {
      transform: [{ filter: "datum.role == 'unit' && isValid(datum.lower) && isValid(datum.upper)" }],
      mark: { type: 'area', opacity: 0.18, color: ROLE_COLOURS.unit },
      encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
    },
    {
      transform: [{ filter: 'isValid(datum.value)' }],
      mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
      encoding: {
        x,
        y,
        color: colour,
        // Same field and title as the colour: one legend showing both.
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: L.series,
          scale: {
            domain: input.series.map((s) => s.name),
            range: input.series.map((s) => (s.role === 'unit' ? [1, 0] : [5, 3])),
          },
        },
        tooltip,
      },
    },
    {
      transform: [{ filter: "datum.role == 'unit' && isValid(datum.lower) && isValid(datum.upper)" }],
      mark: { type: 'rule', color: ROLE_COLOURS.unit, opacity: 0.7 },
      encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, tooltip },
    },
    {
      transform: [{ filter: "datum.mark != ''" }],
      mark: { type: 'text', color: '#555555', fontSize: 11, baseline: 'top', dy: 4 },
      encoding: {
        x,
        y: { value: 0 },
        text: { field: 'mark' },
        tooltip: [
          { field: 'series', type: 'nominal', title: L.series },
          { field: 'period', type: 'quantitative', title: L.period, format: 'd' },
          { field: 'mark', type: 'nominal', title: L.value },
        ],
      },
    },
  ];
  if (input.target) {
    const data = {
      values: [
        {
          period: input.target.year,
          value: round(input.target.value),
          label: `${L.target} ${formatValue(input.target.value, ind.unit)}`,
        },
      ],
    };
    const tip = [
      { field: 'period', type: 'quantitative', title: L.targetYear, format: 'd' },
      { field: 'value', type: 'quantitative', title: L.target, format: fmt },
    ];
    layers.push({
      data,
      mark: { type: 'point', shape: 'diamond', filled: true, size: 140, color: '#6a1b9a' },
      encoding: { x, y: { field: 'value', type: 'quantitative' }, tooltip: tip },
    });
    layers.push({
      data,
      mark: { type: 'text', color: '#6a1b9a', dy: -14, fontSize: 11 },
      encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  const targetNote = input.target ? `◆は${input.target.year}年度の目標` : '目標なし';
  return {
    ...frame({
      title: `${ind.label}の推移（${input.unitName}）`,
      subtitle: [
        `帯は${input.unitName}の95%信頼区間。${targetNote}${ind.direction ? `。${directionNote(ind.direction)}` : ''}`,
      ],
      size,
      description: `${ind.label}の推移（${input.unitName}）`,
    }),
    data: { values: rows },
    layer: layers,
  };
}
