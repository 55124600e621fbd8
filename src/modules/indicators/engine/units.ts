import type { Geography, ReportingUnit } from './types.js';

/** Members grouped by a key, in first-appearance (master) order. */
function groupBy(geo: Geography, key: (m: Geography['municipalities'][number]) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const m of geo.municipalities) {
    const k = key(m);
    groups.set(k, [...(groups.get(k) ?? []), m.code]);
  }
  return groups;
}

/**
 * Every unit a prefecture's values are reported for: the prefecture, its areas (圏域), its
 * insurers (a union of municipalities, or one municipality) and each municipality — in that order.
 */
export function reportingUnits(geo: Geography): ReportingUnit[] {
  const all = geo.municipalities.map((m) => m.code);
  const units: ReportingUnit[] = [
    { id: `prefecture:${geo.prefecture.code}`, level: 'prefecture', code: geo.prefecture.code, name: geo.prefecture.name, members: all },
  ];
  for (const [name, members] of groupBy(geo, (m) => m.area)) {
    units.push({ id: `area:${name}`, level: 'area', code: name, name, members });
  }
  for (const [name, members] of groupBy(geo, (m) => m.insurer)) {
    units.push({ id: `insurer:${name}`, level: 'insurer', code: name, name, members });
  }
  for (const m of geo.municipalities) {
    units.push({ id: `municipality:${m.code}`, level: 'municipality', code: m.code, name: m.name, members: [m.code] });
  }
  return units;
}
