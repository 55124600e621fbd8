/** The eight items (ア)-(ク) of 在宅医療・介護連携推進事業, by a Latin letter id. */
export const ITEMS = [
  { id: 'a', kana: 'ア', label_ja: '地域の医療・介護資源の把握' },
  { id: 'b', kana: 'イ', label_ja: '在宅医療・介護連携の課題の抽出と対応策の検討' },
  { id: 'c', kana: 'ウ', label_ja: '切れ目のない在宅医療と介護の提供体制の構築推進' },
  { id: 'd', kana: 'エ', label_ja: '医療・介護関係者の情報共有の支援' },
  { id: 'e', kana: 'オ', label_ja: '在宅医療・介護連携に関する相談支援' },
  { id: 'f', kana: 'カ', label_ja: '医療・介護関係者の研修' },
  { id: 'g', kana: 'キ', label_ja: '地域住民への普及啓発' },
  { id: 'h', kana: 'ク', label_ja: '在宅医療・介護連携に関する関係市区町村の連携' },
] as const;

export type ItemId = (typeof ITEMS)[number]['id'];
export const ITEM_IDS = ITEMS.map((i) => i.id) as [ItemId, ...ItemId[]];

export const ITEM_STATUSES = ['not_started', 'planned', 'implemented'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const STATUS_LABELS: Record<ItemStatus, string> = {
  not_started: '未実施',
  planned: '実施予定',
  implemented: '実施済み',
};

const STATUS_ALIASES: Record<string, ItemStatus> = {
  not_started: 'not_started',
  未実施: 'not_started',
  未着手: 'not_started',
  planned: 'planned',
  実施予定: 'planned',
  予定: 'planned',
  implemented: 'implemented',
  実施済み: 'implemented',
  実施済: 'implemented',
  実施: 'implemented',
};

/** An item written as a, ア, (ア) or （ア）; null when it is none of the eight. */
export function parseItem(s: string): ItemId | null {
  const t = s.normalize('NFKC').trim().replace(/^\((.*)\)$/, '$1').toLowerCase();
  return ITEMS.find((i) => i.id === t || i.kana === t)?.id ?? null;
}

/** A status written in English or Japanese; null when unknown. */
export const parseStatus = (s: string): ItemStatus | null => STATUS_ALIASES[s.normalize('NFKC').trim()] ?? null;

export const itemInfo = (id: ItemId) => ITEMS.find((i) => i.id === id)!;
