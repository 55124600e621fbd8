import { codeCol, countCol, flagCol, idCol, municipalityCol, SEX_CODES, type Codebook } from './types.js';

/** 介護人材実態調査 事業所票 (docs/domain.md §2.4): one row per care establishment. */
export const workforceEstablishmentsCodebook: Codebook = {
  kind: 'workforce',
  part: 'establishments',
  label_ja: '介護人材実態調査（事業所票）',
  sheetAliases: ['事業所票'],
  columns: [
    idCol('establishment_id', '事業所ID'),
    municipalityCol(),
    codeCol('service_group', 'サービス類型', { '1': '施設・居住系', '2': '通所系', '3': '訪問系' }, true),
    countCol('staff_regular', '介護職員数（正規）'),
    countCol('staff_nonregular', '介護職員数（非正規）'),
    countCol('hires_regular', '過去1年間の採用者数（正規）'),
    countCol('hires_nonregular', '過去1年間の採用者数（非正規）'),
    countCol('separations_regular', '過去1年間の離職者数（正規）'),
    countCol('separations_nonregular', '過去1年間の離職者数（非正規）'),
  ],
  key: ['establishment_id'],
  municipality: { from: 'column' },
  sums: [],
};

/**
 * 介護人材実態調査 職員票 (docs/domain.md §2.4): one row per care worker. docs/domain.md gives the
 * worker rows no municipality: `municipality_code` is accepted but optional, and when blank the
 * API takes it from the establishments part through `establishment_id`. `staff_id` is an
 * optional addition: workers are anonymous, two may share every answer, so rows are
 * checked for duplicates only when the file numbers them.
 */
export const workforceStaffCodebook: Codebook = {
  kind: 'workforce',
  part: 'staff',
  label_ja: '介護人材実態調査（職員票）',
  sheetAliases: ['職員票'],
  columns: [
    idCol('staff_id', '職員ID', false, { note: 'Optional row number of the worker; unique within the file when given.' }),
    idCol('establishment_id', '事業所ID'),
    municipalityCol('市町村コード', false, {
      note: 'Optional; when blank the API resolves it through establishment_id.',
    }),
    codeCol('sex', '性別', SEX_CODES),
    codeCol('age_band', '年齢階級', {
      '1': '20歳未満',
      '2': '20代',
      '3': '30代',
      '4': '40代',
      '5': '50代',
      '6': '60代',
      '7': '70代以上',
    }),
    codeCol('employment', '雇用形態', { '1': '正規', '2': '非正規' }),
    flagCol('tenure_under_1y', '勤続1年未満'),
    codeCol('qualification', '保有資格', { '1': '介護福祉士', '2': '実務者研修', '3': '初任者研修', '4': 'なし' }),
  ],
  key: ['staff_id'],
  municipality: { from: 'via', part: 'establishments', column: 'establishment_id' },
  sums: [],
};
