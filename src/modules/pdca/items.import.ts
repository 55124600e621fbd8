import { parseDateCell, readCsvTable, rowError as err } from '../../shared/csv-input.js';
import type { RowError } from '../../shared/errors.js';
import { parseItem, parseStatus, type ItemId, type ItemStatus } from './items.js';

/** Columns of an item-status file, with their Japanese aliases. */
export const ITEM_COLUMNS: Record<string, string[]> = {
  municipality_code: ['municipality_code', '市町村コード', '団体コード'],
  item: ['item', '項目', '事業項目'],
  as_of: ['as_of', '時点', '基準日'],
  status: ['status', '状況', '実施状況'],
  note: ['note', '備考'],
};
const REQUIRED = ['municipality_code', 'item', 'as_of', 'status'];

/** One checked row of an item-status file. */
export interface ItemStatusInput {
  municipality: string;
  item: ItemId;
  asOf: string;
  status: ItemStatus;
  note: string | null;
  row: number;
}


/**
 * Parses and checks an item-status CSV against the municipalities a caller may write. Pure; the
 * file is accepted only when `errors` is empty.
 */
export function parseItemsCsv(
  buf: Buffer,
  municipalities: ReadonlySet<string>,
): { rows: ItemStatusInput[]; errors: RowError[] } {
  const table = readCsvTable(buf, ITEM_COLUMNS, REQUIRED);
  const errors = table.errors;
  if (errors.length) return { rows: [], errors };

  const rows: ItemStatusInput[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach(({ row, get }) => {
    const rowErrors: RowError[] = [];
    for (const c of REQUIRED) if (get(c) === '') rowErrors.push(err(row, c, '', 'required', '値がありません'));
    const code = get('municipality_code').normalize('NFKC');
    if (code && !municipalities.has(code))
      rowErrors.push(err(row, 'municipality_code', code, 'unknown_municipality', 'この市町村コードは対象の市町村にありません'));
    const item = parseItem(get('item'));
    if (get('item') && !item) rowErrors.push(err(row, 'item', get('item'), 'invalid_item', '項目は a～h または ア～ク です'));
    const asOf = parseDateCell(get('as_of'));
    if (get('as_of') && !asOf) rowErrors.push(err(row, 'as_of', get('as_of'), 'invalid_date', '日付は YYYY-MM-DD です'));
    const status = parseStatus(get('status'));
    if (get('status') && !status)
      rowErrors.push(err(row, 'status', get('status'), 'invalid_status', '状況は 未実施 / 実施予定 / 実施済み（not_started / planned / implemented）です'));
    if (rowErrors.length || !item || !asOf || !status) return void errors.push(...rowErrors);
    const key = `${code}|${item}|${asOf}`;
    const first = seen.get(key);
    if (first) return void errors.push(err(row, 'item', get('item'), 'duplicate_key', `${first}行目と同じ市町村・項目・時点です`));
    seen.set(key, row);
    rows.push({ municipality: code, item, asOf, status, note: get('note') || null, row });
  });
  return { rows, errors };
}
