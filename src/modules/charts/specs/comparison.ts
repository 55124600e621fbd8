import { frame, round, type ChartSize } from './common.js';
import { directionNote, formatValue, L, statusLabel, statusScale, SUPPRESSED_NOTE, unitSuffix, valueFormat } from './labels.js';
import type { ChartIndicator, UnitLevel, UnitRow, VlSpec } from './types.js';

/** What a comparison chart draws: one indicator, every unit of a prefecture (or one area). */
export interface ComparisonInput {
  indicator: ChartIndicator;
  period: number;
  /** 沖縄県, or 沖縄県 南部 when limited to one area. */
  scopeName: string;
  level: UnitLevel;
  units: UnitRow[];
  prefectureValue: number | null;
  /** The prefecture's own target (a rule across the bars). */
  prefectureTarget: { value: number; year: number } | null;
}

/** Default size: room for one bar per unit. */
export const comparisonSize = (input: ComparisonInput): ChartSize => ({
  width: 760,
  height: Math.max(260, input.units.length * 18 + 150),
});

/**
 * Bars with 95 % CI error bars sorted by value, coloured by status; the prefecture value and its
 * target as rules; a unit's own (or its area's) target as a tick; suppressed units listed with a
 * 秘匿 mark and no bar.
 */
export function comparisonSpec(input: ComparisonInput, size = comparisonSize(input)): VlSpec {
  const { indicator: ind, units } = input;
  const better = ind.direction === 'lower_is_better' ? 1 : -1;
  const ranked = [...units].sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
    return better * (a.value - b.value);
  });
  const unitWord = input.level === 'area' ? L.area : L.municipality;
  const fmt = valueFormat(ind.unit);
  const values = ranked.map((u, i) => ({
    rank: i,
    name: u.name,
    status: statusLabel(u.status),
    value: round(u.value),
    lower: round(u.lower),
    upper: round(u.upper),
    ci:
      u.lower !== null && u.upper !== null
        ? `${formatValue(u.lower, ind.unit)} – ${formatValue(u.upper, ind.unit)}`
        : '',
    target: round(u.target),
    targetText: u.target === null ? '目標なし' : `${formatValue(u.target, ind.unit)}（${u.targetYear}年度）`,
    ownTarget: u.target !== null && u.targetSource !== 'prefecture',
    mark:
      u.value !== null
        ? ''
        : u.status === 'suppressed'
          ? L.suppressed
          : u.status === 'not_shown'
            ? L.notShown
            : L.noData,
  }));
  const y = {
    field: 'name',
    type: 'nominal',
    title: null,
    sort: { field: 'rank', op: 'min', order: 'ascending' },
    axis: { labelLimit: 140 },
  };
  const xTitle = `${ind.label}${unitSuffix(ind.unit)}`;
  const tooltip = [
    { field: 'name', type: 'nominal', title: unitWord },
    { field: 'value', type: 'quantitative', title: L.value, format: fmt },
    { field: 'ci', type: 'nominal', title: L.ci95 },
    { field: 'targetText', type: 'nominal', title: L.target },
    { field: 'status', type: 'nominal', title: L.status },
  ];
  const layers: VlSpec[] = [
    {
      transform: [{ filter: 'isValid(datum.value)' }],
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: {
        y,
        x: { field: 'value', type: 'quantitative', title: xTitle },
        color: { field: 'status', type: 'nominal', title: L.status, scale: statusScale(units.map((u) => u.status)) },
        tooltip,
      },
    },
    {
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'rule', color: '#222222', strokeWidth: 1.2 },
      encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, tooltip },
    },
    {
      transform: [{ filter: 'datum.ownTarget' }],
      mark: { type: 'tick', orient: 'vertical', color: '#6a1b9a', thickness: 2, size: 12 },
      encoding: { y, x: { field: 'target', type: 'quantitative' }, tooltip },
    },
    {
      transform: [{ filter: "datum.mark != ''" }],
      mark: { type: 'text', align: 'left', dx: 4, color: '#555555', fontSize: 11 },
      encoding: { y, x: { datum: 0, type: 'quantitative' }, text: { field: 'mark' }, tooltip },
    },
  ];
  const refs: { label: string; value: number; colour: string; dash: number[] }[] = [];
  if (input.prefectureValue !== null)
    refs.push({
      label: `${L.prefectureAverage} ${formatValue(input.prefectureValue, ind.unit)}`,
      value: input.prefectureValue,
      colour: '#333333',
      dash: [4, 3],
    });
  if (input.prefectureTarget)
    refs.push({
      label: `県の目標 ${formatValue(input.prefectureTarget.value, ind.unit)}（${input.prefectureTarget.year}年度）`,
      value: input.prefectureTarget.value,
      colour: '#6a1b9a',
      dash: [8, 4],
    });
  const axisMax = Math.max(
    0,
    ...units.flatMap((u) => [u.value ?? 0, u.upper ?? 0, u.target ?? 0]),
    ...refs.map((r) => r.value),
  );
  for (const [i, r] of refs.entries()) {
    const data = { values: [{ value: round(r.value), label: r.label }] };
    layers.push({
      data,
      mark: { type: 'rule', color: r.colour, strokeDash: r.dash, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'value', type: 'quantitative' },
        tooltip: [{ field: 'label', type: 'nominal', title: '基準' }],
      },
    });
    layers.push({
      data,
      // A label right of its rule, or left of it in the right part of the axis, so that it stays inside.
      mark: {
        type: 'text',
        align: r.value > 0.6 * axisMax ? 'right' : 'left',
        dx: r.value > 0.6 * axisMax ? -3 : 3,
        dy: -6 - 13 * i,
        baseline: 'bottom',
        color: r.colour,
        fontSize: 11,
      },
      encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
    });
  }
  const suppressed = units.filter((u) => u.status === 'suppressed').map((u) => u.name);
  return {
    ...frame({
      title: `${ind.label}（${input.period}年度）`,
      subtitle: [
        `${input.scopeName}の${unitWord}別。横線は95%信頼区間${ind.direction ? `、${directionNote(ind.direction)}` : ''}`,
        suppressed.length ? `${SUPPRESSED_NOTE}: ${suppressed.join('、')}` : '',
      ],
      size,
      description: `${ind.label}の${unitWord}別比較（${input.period}年度）`,
    }),
    data: { values },
    layer: layers,
  };
}
