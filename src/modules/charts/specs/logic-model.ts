import { frame, type ChartSize } from './common.js';
import { L, STATUS_COLOURS, statusLabel } from './labels.js';
import type { ChartStatus, VlSpec } from './types.js';

/** One box of the model with the statuses of its own indicators (none for activities). */
export interface LogicModelNodeRow {
  id: string;
  level: string;
  title: string;
  shortTitle: string | null;
  parent: string | null;
  indicators: { label: string; status: ChartStatus }[];
}

/** What the logic-model chart draws: the model's tree for one unit. */
export interface LogicModelInput {
  modelTitle: string;
  unitName: string;
  period: number;
  nodes: LogicModelNodeRow[];
}

/** Columns left to right: activities lead to outcomes, outcomes to the final one. */
const COLUMNS = ['activity', 'initial', 'intermediate', 'field', 'final'];
const COLUMN_TITLES: Record<string, string> = {
  activity: '個別施策',
  initial: '初期アウトカム',
  intermediate: '中間アウトカム',
  field: '分野アウトカム',
  final: '最終アウトカム',
};
/** Worst first: a node takes the worst status among its indicators. */
const SEVERITY = STATUS_COLOURS.map(([s]) => s);
const NO_INDICATOR = '指標なし';

/** A status colour lightened towards white, so that black text on the box stays readable. */
export function tint(hex: string, amount = 0.55): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The node's status: the worst of its indicators' (by {@link SEVERITY}), or null without indicators. */
export function nodeStatus(node: LogicModelNodeRow): ChartStatus | null {
  const ranks = node.indicators.map((i) => SEVERITY.indexOf(i.status)).filter((r) => r >= 0);
  return ranks.length ? SEVERITY[Math.min(...ranks)] : null;
}

/** Slots: leaves one after another in model order, a parent at the middle of its children. */
export function treeLayout(nodes: readonly LogicModelNodeRow[]) {
  const children = new Map<string, LogicModelNodeRow[]>();
  for (const n of nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const slot = new Map<string, number>();
  let next = 0;
  const place = (n: LogicModelNodeRow): number => {
    const kids = children.get(n.id) ?? [];
    const s = kids.length ? kids.map(place).reduce((a, b) => a + b, 0) / kids.length : next++;
    slot.set(n.id, s);
    return s;
  };
  for (const root of nodes.filter((n) => !n.parent || !nodes.some((m) => m.id === n.parent))) place(root);
  const columns = COLUMNS.filter((c) => nodes.some((n) => n.level === c));
  return { slot, leaves: next, columns };
}

/** Splits a title into lines of at most `width` characters, at most `lines` lines. */
export function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length && out.length < lines; i += width) out.push(text.slice(i, i + width));
  if (out.join('').length < text.length) out[lines - 1] = `${out[lines - 1].slice(0, width - 1)}…`;
  return out;
}

export const logicModelSize = (input: LogicModelInput): ChartSize => {
  const { leaves, columns } = treeLayout(input.nodes);
  return { width: Math.max(720, columns.length * 200), height: Math.max(360, leaves * 58 + 150) };
};

/**
 * The model as a tree from activities (left) to the final outcome (right); each box filled by the
 * worst status of its indicators, with a count per status in its tooltip.
 */
export function logicModelSpec(input: LogicModelInput, size = logicModelSize(input)): VlSpec {
  const { slot, leaves, columns } = treeLayout(input.nodes);
  const col = (level: string) => columns.indexOf(level);
  const placed = input.nodes.filter((n) => slot.has(n.id) && col(n.level) >= 0);
  const boxes = placed.map((n) => {
    const s = nodeStatus(n);
    const counts = new Map<string, number>();
    for (const i of n.indicators) counts.set(statusLabel(i.status), (counts.get(statusLabel(i.status)) ?? 0) + 1);
    const c = col(n.level);
    return {
      id: n.id,
      x: c + 0.06,
      x2: c + 0.84,
      cx: c + 0.45,
      y: slot.get(n.id)! - 0.42,
      y2: slot.get(n.id)! + 0.42,
      cy: slot.get(n.id)!,
      lines: wrap(n.shortTitle ?? n.title, 12, 2),
      title: n.title,
      status: s === null ? NO_INDICATOR : statusLabel(s),
      summary: [...counts].map(([k, v]) => `${k} ${v}`).join('、') || NO_INDICATOR,
      indicators: n.indicators.map((i) => `${i.label}: ${statusLabel(i.status)}`).join(' ／ ') || NO_INDICATOR,
    };
  });
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const edges = placed
    .filter((n) => n.parent && byId.has(n.parent))
    .map((n) => {
      const a = byId.get(n.id)!;
      const b = byId.get(n.parent!)!;
      return { x: a.x2, y: a.cy, x2: b.x, y2: b.cy };
    });
  const present = new Set(boxes.map((b) => b.status));
  const palette = [
    ...STATUS_COLOURS.map(([s, c]) => [statusLabel(s), tint(c)] as const),
    [NO_INDICATOR, '#ffffff'] as const,
  ].filter(([l]) => present.has(l));
  const x = { type: 'quantitative', scale: { domain: [0, columns.length - 0.1] }, axis: null };
  const y = { type: 'quantitative', scale: { domain: [-1.1, leaves - 0.5], reverse: true }, axis: null };
  return {
    ...frame({
      title: `ロジックモデルの達成状況（${input.unitName}、${input.period}年度）`,
      subtitle: [input.modelTitle, '各ボックスはその指標のうち最も悪い状況の色。詳細はツールチップ'],
      size,
      description: `${input.modelTitle}の達成状況（${input.unitName}）`,
    }),
    layer: [
      {
        data: { values: columns.map((c, i) => ({ x: i + 0.45, y: -0.95, label: COLUMN_TITLES[c] })) },
        mark: { type: 'text', fontSize: 13, fontWeight: 'bold', color: '#333333', baseline: 'middle' },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, text: { field: 'label' } },
      },
      {
        data: { values: edges },
        mark: { type: 'rule', color: '#9aa5b1', strokeWidth: 1.2 },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
      {
        data: { values: boxes },
        layer: [
          {
            mark: { type: 'rect', cornerRadius: 4, stroke: '#5f6b7a', strokeWidth: 1, opacity: 0.9 },
            encoding: {
              x: { ...x, field: 'x' },
              x2: { field: 'x2' },
              y: { ...y, field: 'y' },
              y2: { field: 'y2' },
              color: {
                field: 'status',
                type: 'nominal',
                title: L.status,
                scale: { domain: palette.map(([l]) => l), range: palette.map(([, c]) => c) },
              },
              tooltip: [
                { field: 'title', type: 'nominal', title: '項目' },
                { field: 'summary', type: 'nominal', title: L.status },
                { field: 'indicators', type: 'nominal', title: L.indicator },
              ],
            },
          },
          {
            mark: { type: 'text', fontSize: 11, color: '#111111', baseline: 'middle', lineHeight: 14 },
            encoding: {
              x: { ...x, field: 'cx' },
              y: { ...y, field: 'cy' },
              text: { field: 'lines' },
              tooltip: [
                { field: 'title', type: 'nominal', title: '項目' },
                { field: 'summary', type: 'nominal', title: L.status },
              ],
            },
          },
        ],
      },
    ],
  };
}
