import { codeCol, countCol, idCol, municipalityCol, type Codebook } from './types.js';

const CARE_SCALE = Object.freeze({ '0': '対応不可', '1': '一部対応', '2': '常時対応' });

/**
 * 居所変更実態調査 (docs/domain.md §2.3): one row per facility or residential service. The
 * municipality is where the facility is, not the residents' insurer.
 */
export const residenceCodebook: Codebook = {
  kind: 'residence',
  part: 'main',
  label_ja: '居所変更実態調査',
  sheetAliases: ['residence', '居所変更実態調査'],
  columns: [
    idCol('facility_id', '施設ID'),
    municipalityCol('所在地の市町村コード', true, { aliases: ['市町村コード'] }),
    codeCol(
      'facility_type',
      '施設種別',
      {
        '1': '住宅型有料老人ホーム',
        '2': '軽費老人ホーム',
        '3': 'サービス付き高齢者向け住宅',
        '4': 'グループホーム',
        '5': '特定施設',
        '6': '地域密着型特定施設',
        '7': '介護老人保健施設',
        '8': '介護医療院',
        '9': '特別養護老人ホーム',
        '10': '地域密着型特別養護老人ホーム',
      },
      true,
    ),
    countCol('capacity', '定員'),
    countCol('residents', '入所・入居者数（調査時点）'),
    countCol('admissions', '過去1年間の新規入所・入居者数'),
    countCol('discharges_to_home', '退所・退居先：自宅等'),
    countCol('discharges_to_residential', '退所・退居先：住宅型有料・軽費・サ高住・GH・特定施設'),
    countCol('discharges_to_facility', '退所・退居先：老健・介護医療院・特養・地域密着型特養'),
    countCol('discharges_to_hospital', '退所・退居先：医療機関'),
    countCol('discharges_to_other', '退所・退居先：その他'),
    countCol('deaths_in_facility', '施設内での死亡'),
    countCol('deaths_after_transfer', '搬送先での死亡'),
    codeCol('suction', '喀痰吸引への対応', CARE_SCALE),
    codeCol('tube_feeding', '経管栄養への対応', CARE_SCALE),
  ],
  key: ['facility_id'],
  municipality: { from: 'column' },
  sums: [],
};
