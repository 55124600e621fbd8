/** The four surveys of docs/domain.md §2. */
export const surveyKinds = ['needs', 'homecare', 'residence', 'workforce'] as const;

/** One survey kind. */
export type SurveyKind = (typeof surveyKinds)[number];

/** The parts (file layouts) of each survey kind; single-part surveys use 'main'. */
export interface SurveyPartMap {
  needs: 'main';
  homecare: 'offices' | 'clients';
  residence: 'main';
  workforce: 'establishments' | 'staff';
}

/** A part of survey kind K. */
export type SurveyPart<K extends SurveyKind = SurveyKind> = SurveyPartMap[K];

/**
 * How a cell is read. 'id' and 'text' stay strings; 'municipality' is a 6-digit code string;
 * 'integer', 'number', 'code' and 'flag01' become numbers (every code list is integer-keyed).
 */
export type ColumnType = 'id' | 'municipality' | 'integer' | 'number' | 'code' | 'flag01' | 'text';

/** One column of a survey file. */
export interface ColumnDef {
  /** English column id, exactly as in docs/domain.md §2; the canonical header. */
  readonly id: string;
  /** Japanese label, accepted as a header alias. */
  readonly label_ja: string;
  /** Further accepted header texts (e.g. the bare question number '問2(1)'). */
  readonly aliases?: readonly string[];
  readonly type: ColumnType;
  /** A blank cell is an error; otherwise blank = 無回答 (null). */
  readonly required: boolean;
  /** Code → Japanese label, for 'code' columns. */
  readonly codes?: Readonly<Record<string, string>>;
  /** Inclusive bounds for numeric columns. */
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` is exclusive (weight > 0). */
  readonly exclusiveMin?: boolean;
  /** Value the consumer assumes for a blank cell; validation still yields null. */
  readonly default?: number;
  /** Why the column is there or how it is used, for maintainers and the API docs. */
  readonly note?: string;
}

/** A cross-field rule: `total` must equal the sum of `parts` when all are answered. */
export interface SumCheck {
  readonly total: string;
  readonly parts: readonly string[];
}

/** The layout of one part of one survey: its columns, key and cross-field rules. */
export interface Codebook {
  readonly kind: SurveyKind;
  readonly part: string;
  /** Japanese name of the survey (and part). */
  readonly label_ja: string;
  /** Sheet names that select this part in a workbook, besides `part` itself. */
  readonly sheetAliases: readonly string[];
  readonly columns: readonly ColumnDef[];
  /**
   * Columns whose values together are unique within a file. Rows with a blank key column are
   * not checked (see `createDuplicateChecker`).
   */
  readonly key: readonly string[];
  /**
   * Where a row's municipality comes from. 'column': the row's own municipality_code.
   * 'via': municipality_code is optional; when blank the API resolves it through
   * the `via.column` of the `via.part` part of the same survey and wave.
   */
  readonly municipality:
    | { readonly from: 'column' }
    | { readonly from: 'via'; readonly part: string; readonly column: string };
  readonly sums: readonly SumCheck[];
}

// Builders shared by the codebook files: they keep each column definition on one line.

type Extra = Partial<Pick<ColumnDef, 'aliases' | 'min' | 'max' | 'exclusiveMin' | 'default' | 'note'>>;

/** A required id column. */
export const idCol = (id: string, label_ja: string, required = true, extra: Extra = {}): ColumnDef => ({
  id,
  label_ja,
  type: 'id',
  required,
  ...extra,
});

/** The municipality_code column. */
export const municipalityCol = (label_ja = '市町村コード', required = true, extra: Extra = {}): ColumnDef => ({
  id: 'municipality_code',
  label_ja,
  type: 'municipality',
  required,
  ...extra,
});

/** A coded answer; optional (blank = 無回答) unless `required`. */
export const codeCol = (
  id: string,
  label_ja: string,
  codes: Readonly<Record<string, string>>,
  required = false,
  extra: Extra = {},
): ColumnDef => ({ id, label_ja, type: 'code', required, codes, ...extra });

/** A non-negative count; optional unless `required`. */
export const countCol = (id: string, label_ja: string, required = false, extra: Extra = {}): ColumnDef => ({
  id,
  label_ja,
  type: 'integer',
  required,
  min: 0,
  ...extra,
});

/** A 0/1 flag; optional (blank = 無回答). */
export const flagCol = (id: string, label_ja: string): ColumnDef => ({ id, label_ja, type: 'flag01', required: false });

/** 1 男 2 女. */
export const SEX_CODES = Object.freeze({ '1': '男', '2': '女' });

/** 1 はい 2 いいえ. */
export const YES_NO_CODES = Object.freeze({ '1': 'はい', '2': 'いいえ' });
