import { parse } from 'csv-parse/sync';
import type { RowError } from '../../shared/errors.js';
import { decodeSmallText } from '../../shared/text.js';
import { isValidMunicipalityCode } from './municipality-code.js';
import type { NewMunicipality } from './regions.repository.js';

/** Columns of a municipality master (fixtures/regions/okinawa-municipalities.csv), with Japanese aliases. */
const COLUMNS: Record<string, string[]> = {
  code: ['code', '市町村コード', '団体コード'],
  name: ['name', '市町村名'],
  medical_area: ['medical_area', '二次医療圏'],
  welfare_area: ['welfare_area', '老人福祉圏域'],
  insurer: ['insurer', '保険者'],
  insurer_confirmed: ['insurer_confirmed', '保険者確認'],
  prefecture: ['prefecture', '都道府県コード'],
};
const REQUIRED = ['code', 'name', 'medical_area'];

export interface ParsedMaster {
  prefecture: string | null;
  rows: NewMunicipality[];
  errors: RowError[];
}

const err = (row: number | null, column: string | null, value: string | null, code: string, message: string): RowError => ({
  row,
  column,
  value,
  code,
  message,
});

/** Parses and checks a master file; pure, so every rule has a unit test without a database. */
export function parseMasterCsv(buf: Buffer, prefectureParam?: string): ParsedMaster {
  const text = decodeSmallText(buf);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? null;
    return { prefecture: null, rows: [], errors: [err(line, null, null, 'invalid_csv', 'CSVの形式が正しくありません（引用符の対応などを確認してください）')] };
  }
  const errors: RowError[] = [];
  if (records.length === 0) return { prefecture: null, rows: [], errors: [err(1, null, null, 'empty_file', 'ファイルが空です')] };

  const header = records[0];
  const index: Record<string, number> = {};
  header.forEach((h, i) => {
    const id = Object.keys(COLUMNS).find((k) => COLUMNS[k].includes(h.normalize('NFKC')));
    if (!id) errors.push(err(1, h, h, 'unknown_column', `不明な列です: ${h}`));
    else if (index[id] !== undefined) errors.push(err(1, h, h, 'duplicate_column', `同じ列が重複しています: ${h}`));
    else index[id] = i;
  });
  records.slice(1).forEach((rec, i) => {
    if (rec.slice(header.length).some((v) => v !== ''))
      errors.push(err(i + 2, null, rec.slice(header.length).join(','), 'cell_outside_columns', '見出しのない列に値があります'));
  });
  for (const c of REQUIRED) {
    if (index[c] === undefined) errors.push(err(1, c, null, 'missing_column', `必須列がありません: ${c}`));
  }
  if (index.prefecture === undefined && !prefectureParam) {
    errors.push(err(1, 'prefecture', null, 'missing_prefecture', '都道府県コードの列か prefecture パラメータが必要です'));
  }
  if (errors.length) return { prefecture: null, rows: [], errors };

  const rows: NewMunicipality[] = [];
  const seen = new Map<string, number>();
  const prefectures = new Set<string>();
  records.slice(1).forEach((rec, i) => {
    const row = i + 2;
    const get = (c: string) => (index[c] === undefined ? '' : (rec[index[c]] ?? '').trim());
    const code = get('code');
    const name = get('name');
    const medical = get('medical_area');
    let ok = true;
    if (!isValidMunicipalityCode(code)) {
      errors.push(err(row, 'code', code, 'invalid_check_digit', '市町村コードが6桁でないか、検査数字が正しくありません'));
      ok = false;
    } else if (seen.has(code)) {
      errors.push(err(row, 'code', code, 'duplicate_id', `市町村コードが重複しています（${seen.get(code)}行目と同じ）`));
      ok = false;
    } else seen.set(code, row);
    if (!name) {
      errors.push(err(row, 'name', name, 'required', '必須項目が空です'));
      ok = false;
    }
    if (!medical) {
      errors.push(err(row, 'medical_area', medical, 'required', '必須項目が空です'));
      ok = false;
    }
    const pref = get('prefecture') || prefectureParam || '';
    if (get('prefecture') && prefectureParam && get('prefecture') !== prefectureParam) {
      errors.push(err(row, 'prefecture', get('prefecture'), 'prefecture_mismatch', `prefecture パラメータ（${prefectureParam}）と異なります`));
      ok = false;
    } else if (ok && code.slice(0, 2) !== pref) {
      errors.push(err(row, 'code', code, 'prefecture_mismatch', `市町村コードが都道府県 ${pref} のものではありません`));
      ok = false;
    }
    const confirmedRaw = get('insurer_confirmed').toLowerCase();
    if (confirmedRaw && !['yes', 'no', 'inferred', 'true', 'false'].includes(confirmedRaw)) {
      errors.push(err(row, 'insurer_confirmed', confirmedRaw, 'invalid_code', 'yes / inferred / no のいずれかを指定してください'));
      ok = false;
    }
    if (!ok) return;
    prefectures.add(pref);
    rows.push({
      code,
      prefectureCode: pref,
      name,
      medicalArea: medical,
      welfareArea: get('welfare_area') || medical,
      insurer: get('insurer') || name,
      insurerConfirmed: confirmedRaw === '' || confirmedRaw === 'yes' || confirmedRaw === 'true',
      position: rows.length + 1,
    });
  });
  if (records.length === 1) errors.push(err(null, null, null, 'empty_file', 'データ行がありません'));
  if (prefectures.size > 1)
    errors.push(err(null, 'prefecture', [...prefectures].join(','), 'several_prefectures', '1ファイルに1都道府県のみ取り込めます'));
  return { prefecture: [...prefectures][0] ?? prefectureParam ?? null, rows, errors };
}
