import { frame, round, type ChartSize } from './common.js';
import { formatValue, L, statusLabel, statusScale } from './labels.js';
import type { ChartStatus, UnitLevel, VlSpec } from './types.js';

/** One indicator of a profile: the unit's value and the spread of the units it is set against. */
export interface ProfileRow {
  indicator: string;
  label: string;
  unit: string | null;
  direction: string | null;
  status: ChartStatus;
  value: number | null;
  target: number | null;
  /** The centre of the spine: the prefecture's value (for counts, a sum: the median of the spread instead). */
  centre: number | null;
  /** Shown values of the comparison units (municipalities, or areas): min, quartiles, max. */
  spread: { min: number; q1: number; median: number; q3: number; max: number; count: number } | null;
}

/** What a profile draws: every indicator of a model for one unit. */
export interface ProfileInput {
  unitName: string;
  modelTitle: string;
  period: number;
  /** What the spread is taken over. */
  against: UnitLevel;
  rows: ProfileRow[];
}

export const profileSize = (input: ProfileInput): ChartSize => ({
  width: 900,
  height: Math.max(300, input.rows.length * 22 + 150),
});

/** Quartiles (type 7, as R's default) of sorted values. */
export function spreadOf(values: readonly number[]): ProfileRow['spread'] {
  const v = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const q = (p: number) => {
    const h = (v.length - 1) * p;
    const i = Math.floor(h);
    return v[i] + (h - i) * ((v[i + 1] ?? v[i]) - v[i]);
  };
  return { min: v[0], q1: q(0.25), median: q(0.5), q3: q(0.75), max: v[v.length - 1], count: v.length };
}

/**
 * Positions on the spine: the prefecture value at 0, the farthest of the spread at ±1, the
 * better side to the right when the indicator has a direction (Fingertips' spine chart).
 */
export function spinePositions(row: ProfileRow) {
  if (row.centre === null || !row.spread) return null;
  const c = row.centre;
  const half = Math.max(
    Math.abs(row.spread.min - c),
    Math.abs(row.spread.max - c),
    row.value !== null ? Math.abs(row.value - c) : 0,
  );
  const sign = row.direction === 'lower_is_better' ? -1 : 1;
  const at = (v: number | null) =>
    v === null ? null : half > 0 ? Math.max(-1.05, Math.min(1.05, (sign * (v - c)) / half)) : 0;
  const pair = (a: number, b: number) => [at(a)!, at(b)!].sort((x, y) => x - y);
  const [lo, hi] = pair(row.spread.min, row.spread.max);
  const [q1, q3] = pair(row.spread.q1, row.spread.q3);
  return { lo, hi, q1, q3, pos: at(row.value), targetPos: at(row.target) };
}

/**
 * Spine chart: for every indicator the range (light) and interquartile range (dark) of the
 * comparison units around the prefecture value, the unit as a dot coloured by its status, its
 * value as text; a suppressed value shows 秘匿 and no dot.
 */
export function profileSpec(input: ProfileInput, size = profileSize(input)): VlSpec {
  const values = input.rows.map((r, i) => {
    const p = spinePositions(r);
    return {
      order: i,
      label: r.label,
      status: statusLabel(r.status),
      lo: round(p?.lo ?? null),
      hi: round(p?.hi ?? null),
      q1: round(p?.q1 ?? null),
      q3: round(p?.q3 ?? null),
      pos: round(p?.pos ?? null),
      targetPos: round(p?.targetPos ?? null),
      valueText:
        r.value === null ? statusLabel(r.status === 'no_target' ? 'no_data' : r.status) : formatValue(r.value, r.unit),
      centreText: formatValue(r.centre, r.unit),
      rangeText: r.spread ? `${formatValue(r.spread.min, r.unit)} – ${formatValue(r.spread.max, r.unit)}` : '',
      targetText: r.target === null ? '目標なし' : formatValue(r.target, r.unit),
    };
  });
  const y = {
    field: 'label',
    type: 'nominal',
    title: null,
    sort: { field: 'order', op: 'min', order: 'ascending' },
    axis: { labelLimit: 300, labelFontSize: 11 },
  };
  const x = {
    type: 'quantitative',
    scale: { domain: [-1.1, 1.75] },
    axis: {
      values: [-1, 0, 1],
      labelExpr: "datum.value < 0 ? '← 悪い' : datum.value > 0 ? '良い →' : '県全体'",
      title: null,
      grid: false,
    },
  };
  const against = input.against === 'area' ? L.area : L.municipality;
  const tooltip = [
    { field: 'label', type: 'nominal', title: L.indicator },
    { field: 'valueText', type: 'nominal', title: input.unitName },
    { field: 'centreText', type: 'nominal', title: L.prefectureAverage },
    { field: 'rangeText', type: 'nominal', title: `${against}の${L.range}` },
    { field: 'targetText', type: 'nominal', title: L.target },
    { field: 'status', type: 'nominal', title: L.status },
  ];
  return {
    ...frame({
      title: `${input.unitName}の指標プロファイル（${input.period}年度）`,
      subtitle: [
        `${input.modelTitle}`,
        `中央線＝県全体（件数の指標は${against}の中央値）、薄い帯＝${against}の範囲、濃い帯＝四分位範囲、右ほど良い（方向のない指標は右ほど高い）`,
      ],
      size,
      description: `${input.unitName}の指標プロファイル`,
    }),
    data: { values },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.lo)' }],
        mark: { type: 'bar', color: '#e3e8ef', height: { band: 0.7 } },
        encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' }, tooltip },
      },
      {
        transform: [{ filter: 'isValid(datum.q1)' }],
        mark: { type: 'bar', color: '#a9b8cc', height: { band: 0.7 } },
        encoding: { y, x: { ...x, field: 'q1' }, x2: { field: 'q3' }, tooltip },
      },
      {
        data: { values: [{ at: 0 }] },
        mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
        encoding: { x: { ...x, field: 'at' } },
      },
      {
        transform: [{ filter: 'isValid(datum.targetPos)' }],
        mark: { type: 'tick', orient: 'vertical', color: '#6a1b9a', thickness: 2 },
        encoding: { y, x: { ...x, field: 'targetPos' }, tooltip },
      },
      {
        transform: [{ filter: 'isValid(datum.pos)' }],
        mark: { type: 'circle', size: 110, opacity: 1, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          y,
          x: { ...x, field: 'pos' },
          color: {
            field: 'status',
            type: 'nominal',
            title: L.status,
            scale: statusScale(input.rows.map((r) => r.status)),
          },
          tooltip,
        },
      },
      {
        mark: { type: 'text', align: 'left', fontSize: 11, color: '#333333' },
        encoding: { y, x: { ...x, datum: 1.2 }, text: { field: 'valueText' }, tooltip },
      },
    ],
  };
}
