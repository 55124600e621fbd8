import { ITEMS, type ItemId, type ItemStatus } from './items.js';

/** The latest status of one municipality × item at a date. */
export interface ItemState {
  municipality: string;
  item: ItemId;
  status: ItemStatus;
  asOf: string;
}

export interface Named {
  code: string;
  name: string;
}

/** One row of the published table: how many municipalities run the item, and which. */
export interface ItemSummaryRow {
  item: ItemId;
  kana: string;
  label_ja: string;
  implemented: number;
  planned: number;
  total: number;
  notStarted: number;
  unknown: number;
  implementedMunicipalities: Named[];
  plannedMunicipalities: Named[];
}

/**
 * The table prefectures publish, from each municipality × item's latest status at the date:
 * implemented, planned in addition, their total; municipalities with no record count as unknown.
 * Pure: `states` are the rows in force at the date, `municipalities` the prefecture's master.
 */
export function summarise(states: readonly ItemState[], municipalities: readonly Named[]): ItemSummaryRow[] {
  const byKey = new Map(states.map((s) => [`${s.municipality}|${s.item}`, s.status]));
  return ITEMS.map((it) => {
    const of = (status: ItemStatus) => municipalities.filter((m) => byKey.get(`${m.code}|${it.id}`) === status);
    const implemented = of('implemented');
    const planned = of('planned');
    const notStarted = of('not_started').length;
    return {
      item: it.id,
      kana: it.kana,
      label_ja: it.label_ja,
      implemented: implemented.length,
      planned: planned.length,
      total: implemented.length + planned.length,
      notStarted,
      unknown: municipalities.length - implemented.length - planned.length - notStarted,
      implementedMunicipalities: implemented.map(({ code, name }) => ({ code, name })),
      plannedMunicipalities: planned.map(({ code, name }) => ({ code, name })),
    };
  });
}
