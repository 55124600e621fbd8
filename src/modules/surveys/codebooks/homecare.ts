import { codeCol, countCol, flagCol, idCol, municipalityCol, type Codebook } from './types.js';

const MOVED_PARTS = ['moved_to_family_home', 'moved_to_residential', 'moved_to_facility', 'moved_to_other'] as const;

/** 新・在宅生活改善調査 事業所票 (docs/domain.md §2.2): one row per care-management office × municipality of its clients. */
export const homecareOfficesCodebook: Codebook = {
  kind: 'homecare',
  part: 'offices',
  label_ja: '新・在宅生活改善調査（事業所票）',
  sheetAliases: ['事業所票'],
  columns: [
    idCol('office_id', '事業所ID'),
    municipalityCol('市町村コード', true, { note: 'The municipality of the clients counted on this row.' }),
    countCol('clients_total', '在宅の利用者数（調査時点）'),
    countCol('moved_total', '過去1年間に自宅等から居場所を変更した利用者数'),
    countCol('moved_to_family_home', '居場所の変更先：家族等の家'),
    countCol('moved_to_residential', '居場所の変更先：住宅型有料・軽費・サ高住・GH・特定施設'),
    countCol('moved_to_facility', '居場所の変更先：老健・介護医療院・特養・地域密着型特養'),
    countCol('moved_to_other', '居場所の変更先：その他'),
  ],
  key: ['office_id', 'municipality_code'],
  municipality: { from: 'column' },
  sums: [{ total: 'moved_total', parts: MOVED_PARTS }],
};

/** 新・在宅生活改善調査 利用者票 (docs/domain.md §2.2): one row per client whose life at home has become hard to sustain. */
export const homecareClientsCodebook: Codebook = {
  kind: 'homecare',
  part: 'clients',
  label_ja: '新・在宅生活改善調査（利用者票）',
  sheetAliases: ['利用者票'],
  columns: [
    idCol('client_id', '利用者ID'),
    idCol('office_id', '事業所ID'),
    municipalityCol(),
    codeCol('care_level', '要介護度', {
      '1': '要支援1',
      '2': '要支援2',
      '3': '要介護1',
      '4': '要介護2',
      '5': '要介護3',
      '6': '要介護4',
      '7': '要介護5',
    }),
    codeCol('household', '世帯類型', { '1': '独居', '2': '夫婦のみ', '3': '単身の子と同居', '4': 'その他' }),
    codeCol('residence', '住まい', { '1': '持ち家', '2': '借家', '3': 'サ高住・住宅型有料・軽費' }),
    flagCol('r_support_increase', '理由：必要な生活支援の発生・増大'),
    flagCol('r_physical_care', '理由：必要な身体介護の発生・増大'),
    flagCol('r_dementia', '理由：認知症の症状の悪化'),
    flagCol('r_medical_care', '理由：医療的ケア・医療処置の必要性の高まり'),
    flagCol('r_other_condition', '理由：その他、本人の心身の状態の悪化'),
    flagCol('r_self_refuses_service', '理由：本人が必要なサービスの利用を望まない'),
    flagCol('r_self_anxiety', '理由：本人の生活への不安'),
    flagCol('r_carer_burden', '理由：介護者の介護に係る不安・負担量の増大'),
    flagCol('r_carer_skill', '理由：介護者の介護技術が不十分'),
    flagCol('r_carer_work', '理由：介護者の就労継続が困難'),
    flagCol('r_cost', '理由：費用負担'),
    flagCol('r_other', '理由：その他'),
    codeCol('better_service', '生活の改善に必要なサービス', {
      '1': '在宅サービスの変更で改善',
      '2': '住まい・施設等',
      '3': 'その他',
    }),
  ],
  key: ['client_id'],
  municipality: { from: 'column' },
  sums: [],
};
