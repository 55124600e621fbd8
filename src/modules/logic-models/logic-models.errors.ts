/** What a problem is about; `null` for a whole file. */
export type ProblemSubject = 'measure' | 'indicator' | 'node' | 'model' | null;

export type LogicModelProblemCode =
  | 'file_missing'
  | 'yaml_syntax'
  | 'invalid_field'
  | 'bad_enum'
  | 'unknown_key'
  | 'duplicate_id'
  | 'source_prefix_mismatch'
  | 'unknown_measure'
  | 'missing_formula'
  | 'count_with_denominator'
  | 'missing_field'
  | 'ci_kind_mismatch'
  | 'unit_mismatch'
  | 'dsr_incomplete'
  | 'not_stratified'
  | 'weights_missing'
  | 'overdispersion_kind'
  | 'unknown_indicator'
  | 'duplicate_indicator'
  | 'unknown_parent'
  | 'missing_parent'
  | 'final_has_parent'
  | 'no_final'
  | 'multiple_final'
  | 'cycle'
  | 'level_order'
  | 'unknown_scene';

/** One problem found in one file, naming the entry (node, indicator, measure) it is about. */
export interface LogicModelProblem {
  file: string;
  subject: ProblemSubject;
  /** The entry's id, or `#n` (1-based position) when the entry has no usable id. */
  id: string | null;
  code: LogicModelProblemCode;
  message: string;
}

/** One line per problem: `file: node "id": message (code)`. */
export function formatProblem(p: LogicModelProblem): string {
  const where = p.subject && p.id ? `${p.subject} "${p.id}": ` : '';
  return `${p.file}: ${where}${p.message} (${p.code})`;
}

/** The logic-model files are invalid; `problems` lists everything found, not only the first. */
export class LogicModelError extends Error {
  readonly problems: readonly LogicModelProblem[];

  constructor(problems: readonly LogicModelProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`ロジックモデルの定義に${problems.length}件の問題があります:\n${lines.join('\n')}`);
    this.name = 'LogicModelError';
    this.problems = problems;
  }
}

/** A node id asked of a model that does not have it. */
export class UnknownNodeError extends Error {
  constructor(
    readonly modelId: string,
    readonly nodeId: string,
  ) {
    super(`ロジックモデル "${modelId}" にノード "${nodeId}" はありません`);
    this.name = 'UnknownNodeError';
  }
}

/** Throws one LogicModelError when any problem was collected. */
export function throwIfProblems(problems: readonly LogicModelProblem[]): void {
  if (problems.length > 0) throw new LogicModelError(problems);
}
