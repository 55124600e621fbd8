/** A tiny, valid logic-model folder as texts, for tests that break one thing at a time. */
import { stringify } from 'yaml';
import { LogicModelError, type LogicModelProblem } from '../../../src/modules/logic-models/logic-models.errors.js';
import type { SourceFile } from '../../../src/modules/logic-models/logic-models.loader.js';

export const measuresDoc = () => ({
  version: 't1',
  measures: [
    { id: 'ref.a', label_ja: 'A', source: 'reference', unit: 'persons' },
    { id: 'ref.b', label_ja: 'B', source: 'reference', unit: 'persons' },
    { id: 'ref.pop', label_ja: '人口', source: 'reference', unit: 'persons', stratified: true },
    { id: 'std.pop', label_ja: '標準人口', source: 'reference', unit: 'persons', stratified: true },
  ],
});

const proportion = (id: string) => ({
  id,
  label_ja: `指標${id}`,
  status: 'active',
  kind: 'proportion',
  unit: 'percent',
  numerator: ['ref.a'],
  denominator: ['ref.b'],
  factor: 100,
  direction: 'higher_is_better',
  ci: 'wilson',
  disclosure: 'default',
  source: 'テスト',
  rule_version: '1',
});

export const catalogueDoc = () => ({
  version: 't1',
  defaults: { disclosure: { min_denominator: 10, small_count_min: 1, small_count_max: 2 } },
  indicators: [
    proportion('ind_final'),
    proportion('ind_field'),
    proportion('ind_mid'),
    { ...proportion('ind_count'), kind: 'count', unit: 'count', denominator: undefined, factor: 1, ci: 'none' },
    { id: 'ind_planned', label_ja: '予定', status: 'planned', rule_version: '0' },
  ],
});

export const modelDoc = () => ({
  id: 'small',
  prefecture_code: '99',
  title: '小さなモデル',
  version: '1',
  scenes: ['看取り', '入退院支援'],
  nodes: [
    { id: 'root', level: 'final', title: '最終', indicators: ['ind_final'] },
    { id: 'field.one', level: 'field', title: '分野1', parent: 'root', scenes: ['看取り'], indicators: ['ind_field'] },
    { id: 'field.two', level: 'field', title: '分野2', parent: 'root', indicators: ['ind_planned'] },
    {
      id: 'mid.one',
      level: 'intermediate',
      title: '中間1',
      parent: 'field.one',
      indicators: ['ind_mid'],
      supporting_indicators: ['ind_final'],
    },
    { id: 'init.one', level: 'initial', title: '初期1', parent: 'mid.one', indicators: ['ind_count'] },
    { id: 'act.one', level: 'activity', title: '活動1', parent: 'init.one' },
    { id: 'act.two', level: 'activity', title: '活動2', parent: 'field.one' },
  ],
});

type Doc = Record<string, unknown>;
const text = (d: unknown) => stringify(d);

/** The small folder as texts, each document optionally changed first. */
export function folder(change: { measures?: (d: Doc) => void; catalogue?: (d: Doc) => void; model?: (d: Doc) => void } = {}): {
  measures: SourceFile;
  catalogue: SourceFile;
  models: SourceFile[];
} {
  const m: Doc = measuresDoc();
  const c: Doc = catalogueDoc();
  const mo: Doc = modelDoc();
  change.measures?.(m);
  change.catalogue?.(c);
  change.model?.(mo);
  return {
    measures: { file: 'measures.yaml', text: text(m) },
    catalogue: { file: 'indicators.yaml', text: text(c) },
    models: [{ file: 'small.yaml', text: text(mo) }],
  };
}

/** The problems of the LogicModelError `fn` throws; fails when it throws nothing or something else. */
export function problemsOf(fn: () => unknown): LogicModelProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof LogicModelError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a LogicModelError');
}

/** The message of the LogicModelError `fn` throws. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof LogicModelError) return e.message;
    throw e;
  }
  throw new Error('expected a LogicModelError');
}

export type Nodes = Array<Record<string, any>>;
export const nodesOf = (d: Doc) => d.nodes as Nodes;
export const indicatorsOf = (d: Doc) => d.indicators as Array<Record<string, any>>;
export const measuresOf = (d: Doc) => d.measures as Array<Record<string, any>>;
