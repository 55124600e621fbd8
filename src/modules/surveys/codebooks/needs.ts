import { codeCol, idCol, municipalityCol, SEX_CODES, YES_NO_CODES, type Codebook, type ColumnDef } from './types.js';

// Answer scales of the national questionnaire (介護予防・日常生活圏域ニーズ調査).
const ABILITY = Object.freeze({ '1': 'できるし、している', '2': 'できるけどしていない', '3': 'できない' });
const PARTICIPATION = Object.freeze({
  '1': '週4回以上',
  '2': '週2～3回',
  '3': '週1回',
  '4': '月1～3回',
  '5': '年に数回',
  '6': '参加していない',
});

/** A question column: label '問n(m) text', also accepted as the bare question number. */
const q = (id: string, no: string, text: string, codes: Readonly<Record<string, string>>): ColumnDef =>
  codeCol(id, `${no} ${text}`, codes, false, { aliases: [no] });

const columns: readonly ColumnDef[] = [
  idCol('respondent_id', '回答者ID'),
  municipalityCol(),
  { id: 'daily_area', label_ja: '日常生活圏域', type: 'text', required: false },
  codeCol('sex', '性別', SEX_CODES, true),
  { id: 'age', label_ja: '年齢', type: 'integer', required: true, min: 65, max: 120 },
  codeCol('certification', '認定状況', { '1': '一般高齢者', '2': '事業対象者', '3': '要支援1', '4': '要支援2' }),
  {
    id: 'weight',
    label_ja: '抽出ウェイト',
    type: 'number',
    required: false,
    min: 0,
    exclusiveMin: true,
    default: 1,
    note: 'Sampling weight; a blank cell means 1 (the consumer applies `default`).',
  },
  q('motor_stairs', '問2(1)', '階段を手すりや壁をつたわらずに昇っていますか', ABILITY),
  q('motor_chair_stand', '問2(2)', '椅子に座った状態から何もつかまらずに立ち上がっていますか', ABILITY),
  q('motor_walk15', '問2(3)', '15分位続けて歩いていますか', ABILITY),
  q('fall_past_year', '問2(4)', '過去1年間に転んだ経験がありますか', { '1': '何度もある', '2': '1度ある', '3': 'ない' }),
  q('fall_anxiety', '問2(5)', '転倒に対する不安は大きいですか', {
    '1': 'とても不安',
    '2': 'やや不安',
    '3': 'あまり不安でない',
    '4': '不安でない',
  }),
  q('outing_weekly', '問2(6)', '週に1回以上は外出していますか', {
    '1': 'ほとんど外出しない',
    '2': '週1回',
    '3': '週2～4回',
    '4': '週5回以上',
  }),
  // 問3(1) holds both height and weight, so neither takes the bare number as an alias.
  {
    id: 'height_cm',
    label_ja: '問3(1) 身長(cm)',
    type: 'number',
    required: false,
    min: 50,
    max: 250,
    note: 'Plausibility bounds, not survey rules: they catch unit slips before BMI is computed.',
  },
  {
    id: 'weight_kg',
    label_ja: '問3(1) 体重(kg)',
    type: 'number',
    required: false,
    min: 10,
    max: 300,
    note: 'Plausibility bounds, not survey rules: they catch unit slips before BMI is computed.',
  },
  q('oral_hard_food', '問3(2)', '半年前に比べて固いものが食べにくくなりましたか', YES_NO_CODES),
  q('oral_choke', '問3(3)', 'お茶や汁物等でむせることがありますか', YES_NO_CODES),
  q('oral_dry_mouth', '問3(4)', '口の渇きが気になりますか', YES_NO_CODES),
  q('weight_loss', '問3(7)', '6か月間で2～3kg以上の体重減少がありましたか', YES_NO_CODES),
  q('cognition_forgetful', '問4(1)', '物忘れが多いと感じますか', YES_NO_CODES),
  q('iadl_bus_train', '問4(2)', 'バスや電車を使って1人で外出していますか', ABILITY),
  q('iadl_shopping', '問4(3)', '自分で食品・日用品の買物をしていますか', ABILITY),
  q('iadl_meal_prep', '問4(4)', '自分で食事の用意をしていますか', ABILITY),
  q('iadl_bills', '問4(5)', '自分で請求書の支払いをしていますか', ABILITY),
  q('iadl_bank', '問4(6)', '自分で預貯金の出し入れをしていますか', ABILITY),
  q('part_volunteer', '問5(1)①', 'ボランティアのグループ', PARTICIPATION),
  q('part_sports', '問5(1)②', 'スポーツ関係のグループやクラブ', PARTICIPATION),
  q('part_hobby', '問5(1)③', '趣味関係のグループ', PARTICIPATION),
  q('part_learning', '問5(1)④', '学習・教養サークル', PARTICIPATION),
  q('part_kayoi', '問5(1)⑤', '介護予防のための通いの場', PARTICIPATION),
  q('part_senior_club', '問5(1)⑥', '老人クラブ', PARTICIPATION),
  q('part_neighborhood', '問5(1)⑦', '町内会・自治会', PARTICIPATION),
  q('part_paid_work', '問5(1)⑧', '収入のある仕事', PARTICIPATION),
  q('health_subjective', '問7(1)', '現在のあなたの健康状態はいかがですか', {
    '1': 'とてもよい',
    '2': 'まあよい',
    '3': 'あまりよくない',
    '4': 'よくない',
  }),
  {
    id: 'happiness',
    label_ja: '問7(2) あなたは、現在どの程度幸せですか（0～10点）',
    aliases: ['問7(2)'],
    type: 'integer',
    required: false,
    min: 0,
    max: 10,
  },
  q('depression_mood', '問7(3)', 'この1か月間、気分が沈んだり、ゆううつな気持ちになったりすることがありましたか', YES_NO_CODES),
  q(
    'depression_anhedonia',
    '問7(4)',
    'この1か月間、どうしても物事に対して興味がわかない、あるいは心から楽しめない感じがよくありましたか',
    YES_NO_CODES,
  ),
];

/** 介護予防・日常生活圏域ニーズ調査 (docs/domain.md §2.1): one row per respondent. */
export const needsCodebook: Codebook = {
  kind: 'needs',
  part: 'main',
  label_ja: '介護予防・日常生活圏域ニーズ調査',
  sheetAliases: ['needs', 'ニーズ調査'],
  columns,
  key: ['respondent_id'],
  municipality: { from: 'column' },
  sums: [],
};
