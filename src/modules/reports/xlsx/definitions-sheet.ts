import type ExcelJS from 'exceljs';
import { directionLabels, labelOf, unitLabels } from '../../../shared/labels-ja.js';
import type { IndicatorDefinitionDto } from '../../indicators/indicators.schemas.js';
import type { DataVersion, ReportMeta } from '../report-data.js';
import {
  bodyStyle,
  COUNT_FORMAT,
  disclosureText,
  headerRow,
  printSetup,
  putNumber,
  putText,
  titleBlock,
} from './sheet-kit.js';

const ciLabels: Record<string, string> = {
  wilson: 'Wilson スコア法（95%・99.8%）',
  wilson_weighted: '重み付き Wilson 法（Kish の有効標本数）',
  byar: 'Byar 近似（10件未満は正確な Poisson 法）',
  dsr_dobson: 'Dobson 法（直接法年齢調整; 10件未満は示さない）',
  none: 'なし（比・件数）',
};

/** The formula of an indicator in words: numerator terms ÷ denominator terms × factor ÷ divisor. */
export function formulaText(d: IndicatorDefinitionDto): string {
  if (!d.numerator) return '（国の調査待ち: 定義未確定）';
  const terms = (ts: { measure: string; sign: number }[]) =>
    ts.map((t, i) => `${i === 0 ? (t.sign < 0 ? '−' : '') : t.sign < 0 ? ' − ' : ' ＋ '}${t.measure}`).join('');
  const num = terms(d.numerator);
  const den = d.denominator?.length ? ` ÷ (${terms(d.denominator)})` : '';
  const factor = d.factor !== 1 ? ` × ${d.factor.toLocaleString('en-US')}` : '';
  const divisor = d.divisor !== 1 ? ` ÷ ${d.divisor}` : '';
  const std = d.standard ? `（標準人口 ${d.standard} による直接法年齢調整）` : '';
  return `(${num})${den}${factor}${divisor}${std}`;
}

const METHOD = [
  '【判定の方法】',
  '達成: 値が目標値以上（低いほどよい指標は以下）。未達成（有意）: 95%信頼区間全体が目標値に届かない。未達成（有意差なし）: 95%信頼区間が目標値を含む。',
  '圏域・県との比較: 比較する値が市町村の95%信頼区間の外にあれば「よい／わるい」、内にあれば「同程度」（Fingertips 方式）。',
  '推移: 前期との差を比率の検定（割合は2標本 z 検定、率は Poisson 近似）で判定（両側5%）。',
  '圏域・県の値は市町村の値の平均ではなく、分子と分母をそれぞれ合計して計算している。',
  '目標: 市町村に目標がなければ圏域の目標、それもなければ県の目標を適用（「目標の出所」欄）。',
];

/** 定義: each indicator's formula, source, CI method, disclosure rule and version; then the data versions. */
export function definitionsSheet(
  wb: ExcelJS.Workbook,
  defs: IndicatorDefinitionDto[],
  versions: DataVersion[],
  meta: ReportMeta,
  ctx: { title: string; date: string },
) {
  const ws = wb.addWorksheet('定義', { properties: { tabColor: { argb: 'FF7F7F7F' } } });
  const headers = [
    'No.',
    '指標ID',
    '指標名',
    '単位',
    '方向',
    '計算式',
    '出典',
    '信頼区間',
    '秘匿ルール',
    '定義の版',
    '注記',
  ];
  const top = titleBlock(
    ws,
    '指標の定義とデータの版',
    [
      `${ctx.title}　ロジックモデル: ${meta.model.title}（${meta.model.id} 版 ${meta.model.version}）　作成対象: ${meta.reader}`,
    ],
    headers.length,
  );
  headerRow(ws, top, headers, 30);
  defs.forEach((d, i) => {
    const row = ws.getRow(top + 1 + i);
    putNumber(row.getCell(1), i + 1, '0');
    putText(row.getCell(2), d.id);
    putText(row.getCell(3), d.label_ja);
    putText(row.getCell(4), labelOf(unitLabels, d.unit));
    putText(row.getCell(5), labelOf(directionLabels, d.direction));
    putText(row.getCell(6), formulaText(d));
    putText(row.getCell(7), d.source);
    putText(row.getCell(8), labelOf(ciLabels, d.ci));
    putText(row.getCell(9), d.status === 'planned' ? '―' : disclosureText(d.disclosure));
    putText(row.getCell(10), d.ruleVersion);
    putText(row.getCell(11), d.status === 'planned' ? `未測定（国の調査待ち）${d.note ? ` ${d.note}` : ''}` : d.note);
    for (const c of [3, 6, 7, 9, 11]) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
  });
  let r = top + defs.length + 1;
  bodyStyle(ws, top + 1, r - 1, headers.length);

  r += 1;
  for (const line of METHOD) {
    putText(ws.getCell(r, 1), line);
    ws.getCell(r, 1).font = line.startsWith('【') ? { bold: true } : { size: 9 };
    r++;
  }
  r += 1;
  putText(ws.getCell(r, 1), '【データの版】この資料の数値のもとになった取込データ（現行版）');
  ws.getCell(r, 1).font = { bold: true };
  r++;
  const vHead = [
    'No.',
    'アップロードID',
    '種別',
    'ファイル名',
    '年度・期間',
    '行数',
    '登録日時',
    'SHA-256（先頭16桁）',
    '状態',
  ];
  headerRow(ws, r, vHead, 24);
  const v0 = r + 1;
  versions.forEach((v, i) => {
    const row = ws.getRow(v0 + i);
    putNumber(row.getCell(1), i + 1, '0');
    putText(row.getCell(2), v.uploadId);
    putText(row.getCell(3), v.source);
    putText(row.getCell(4), v.fileName);
    putText(row.getCell(5), v.periods);
    putNumber(row.getCell(6), v.rows, COUNT_FORMAT);
    if (v.createdAt) {
      row.getCell(7).value = new Date(v.createdAt);
      row.getCell(7).numFmt = 'yyyy-mm-dd hh:mm';
    }
    putText(row.getCell(8), v.sha256?.slice(0, 16));
    putText(row.getCell(9), v.status);
  });
  bodyStyle(ws, v0, v0 + versions.length - 1, vHead.length);
  [5, 30, 28, 8, 10, 46, 30, 22, 34, 10, 30].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: top, topLeftCell: `A${top + 1}`, activeCell: `A${top + 1}` }];
  printSetup(ws, { title: `${ctx.title} ― 定義`, date: ctx.date, headerRow: top });
  return ws;
}
