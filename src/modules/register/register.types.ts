/**
 * The resource register (地域の医療・介護資源): institution and office types and role flags, and
 * the measures their counts become (`register.*` in logic-models/measures.yaml).
 */
export const REGISTER_TYPES = [
  { id: 'hospital', label_ja: '病院' },
  { id: 'clinic', label_ja: '診療所' },
  { id: 'home_care_support', label_ja: '在宅療養支援診療所・病院' },
  { id: 'visiting_nursing', label_ja: '訪問看護ステーション' },
  { id: 'teiki_junkai', label_ja: '定期巡回・随時対応型訪問介護看護' },
  { id: 'shotaki', label_ja: '小規模多機能型居宅介護' },
  { id: 'kantaki', label_ja: '看護小規模多機能型居宅介護' },
  { id: 'kyotaku', label_ja: '居宅介護支援事業所' },
  { id: 'care_facility', label_ja: '介護保険施設' },
  { id: 'other', label_ja: 'その他' },
] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number]['id'];
export const REGISTER_TYPE_IDS = REGISTER_TYPES.map((t) => t.id) as [RegisterType, ...RegisterType[]];

/** Short Japanese names also accepted in files. */
const TYPE_ALIASES: Record<string, RegisterType> = {
  在宅療養支援診療所: 'home_care_support',
  在宅療養支援病院: 'home_care_support',
  在支診: 'home_care_support',
  在支病: 'home_care_support',
  訪問看護: 'visiting_nursing',
  定期巡回: 'teiki_junkai',
  '定期巡回・随時対応型': 'teiki_junkai',
  小規模多機能: 'shotaki',
  小多機: 'shotaki',
  看護小規模多機能: 'kantaki',
  看多機: 'kantaki',
  居宅介護支援: 'kyotaku',
};

export const REGISTER_FLAGS = [
  { id: 'active_role', label_ja: '在宅医療において積極的役割を担う医療機関', aliases: ['積極的役割', '積極的役割を担う医療機関'] },
  { id: 'hub', label_ja: '在宅医療に必要な連携を担う拠点', aliases: ['連携拠点', '連携を担う拠点'] },
  { id: 'house_call', label_ja: '往診可能', aliases: ['往診'] },
  { id: 'round_the_clock', label_ja: '24時間対応', aliases: ['24時間'] },
  { id: 'end_of_life', label_ja: '看取り対応', aliases: ['看取り'] },
] as const;
export type RegisterFlag = (typeof REGISTER_FLAGS)[number]['id'];
export const REGISTER_FLAG_IDS = REGISTER_FLAGS.map((f) => f.id) as [RegisterFlag, ...RegisterFlag[]];

/** A type written as its id, its Japanese name or a short name; null when unknown. */
export function parseType(s: string): RegisterType | null {
  const t = s.normalize('NFKC').trim();
  return REGISTER_TYPES.find((x) => x.id === t || x.label_ja === t)?.id ?? TYPE_ALIASES[t] ?? null;
}

const TRUE = new Set(['1', 'true', 'yes', 'y', '○', '〇', '◯', 'はい', 'あり', '有']);
const FALSE = new Set(['', '0', 'false', 'no', 'n', '×', '-', 'いいえ', 'なし', '無']);

/** A flag cell: 1/0, true/false, yes/no, ○/blank, はい/いいえ, あり/なし; null when none of these. */
export function parseFlag(s: string): boolean | null {
  const t = s.normalize('NFKC').trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return null;
}

/** The measures one municipality's entries count: one per type, one per flag, and house-call clinics. */
export function registerCounts(entries: readonly { type: RegisterType; flags: Record<RegisterFlag, boolean> }[]) {
  const counts = new Map<string, number>();
  for (const t of REGISTER_TYPE_IDS) counts.set(`register.${t}`, 0);
  for (const f of REGISTER_FLAG_IDS) counts.set(`register.flag.${f}`, 0);
  counts.set('register.clinics_house_call', 0);
  const add = (k: string) => counts.set(k, counts.get(k)! + 1);
  for (const e of entries) {
    add(`register.${e.type}`);
    for (const f of REGISTER_FLAG_IDS) if (e.flags[f]) add(`register.flag.${f}`);
    if (e.flags.house_call && (e.type === 'clinic' || e.type === 'home_care_support')) add('register.clinics_house_call');
  }
  return counts;
}
