import { readCsvTable, rowError as err } from '../../shared/csv-input.js';
import type { RowError } from '../../shared/errors.js';
import {
  parseFlag,
  parseType,
  REGISTER_FLAGS,
  REGISTER_TYPES,
  type RegisterFlag,
  type RegisterType,
} from './register.types.js';

/** Columns of a register file, with their Japanese aliases. */
export const REGISTER_COLUMNS: Record<string, string[]> = {
  municipality_code: ['municipality_code', '市町村コード'],
  code: ['code', '医療機関コード', '事業所番号'],
  name: ['name', '名称', '施設名', '事業所名'],
  type: ['type', '種別'],
  address: ['address', '所在地', '住所'],
  ...Object.fromEntries(REGISTER_FLAGS.map((f) => [f.id, [f.id, f.label_ja, ...f.aliases]])),
};
const REQUIRED = ['municipality_code', 'name', 'type'];

/** One checked entry of a register file. */
export interface RegisterInput {
  municipality: string;
  code: string | null;
  name: string;
  type: RegisterType;
  address: string | null;
  flags: Record<RegisterFlag, boolean>;
}


/**
 * Parses and checks a register CSV (UTF-8 or Shift_JIS) against the prefecture's municipalities.
 * Pure; the file is accepted only when `errors` is empty. Flag columns left out are false.
 */
export function parseRegisterCsv(buf: Buffer, municipalities: ReadonlySet<string>): { entries: RegisterInput[]; errors: RowError[] } {
  const table = readCsvTable(buf, REGISTER_COLUMNS, REQUIRED);
  const errors = table.errors;
  if (errors.length) return { entries: [], errors };
  const entries: RegisterInput[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach(({ row, get }) => {
    const rowErrors: RowError[] = [];
    for (const c of REQUIRED) if (get(c) === '') rowErrors.push(err(row, c, '', 'required', '値がありません'));
    const code = get('municipality_code').normalize('NFKC');
    if (code && !municipalities.has(code))
      rowErrors.push(err(row, 'municipality_code', code, 'unknown_municipality', 'この市町村コードは対象の都道府県の市町村にありません'));
    const type = parseType(get('type'));
    if (get('type') && !type)
      rowErrors.push(err(row, 'type', get('type'), 'invalid_type', `種別は ${REGISTER_TYPES.map((t) => t.label_ja).join(' / ')} のいずれかです`));
    const flags = {} as Record<RegisterFlag, boolean>;
    for (const f of REGISTER_FLAGS) {
      const v = parseFlag(get(f.id));
      if (v === null) rowErrors.push(err(row, f.id, get(f.id), 'invalid_flag', '1 / 0（○ / 空欄、はい / いいえ）で書いてください'));
      flags[f.id] = v ?? false;
    }
    if (rowErrors.length || !type) return void errors.push(...rowErrors);
    const ext = get('code');
    if (ext) {
      const key = `${code}|${ext}`;
      const first = seen.get(key);
      if (first) return void errors.push(err(row, 'code', ext, 'duplicate_key', `${first}行目と同じ機関・事業所です`));
      seen.set(key, row);
    }
    entries.push({ municipality: code, code: ext || null, name: get('name'), type, address: get('address') || null, flags });
  });
  return { entries, errors };
}
