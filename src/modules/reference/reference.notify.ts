import type { RegionsService } from '../regions/regions.service.js';
import { NATIONAL_PREFECTURE } from './reference.validate.js';

/** Told after a change commits: these periods of this prefecture have new reference measures. */
export type ReferenceChangedHook = (prefecture: string, periods: number[]) => Promise<void> | void;

/**
 * Calls the hook once per (prefecture, its touched periods), in prefecture order. National
 * slices (the standard population) feed every prefecture's standardised rates, so they are
 * told to every prefecture of the master — for every period with data (`periodsOf`), since a
 * standard serves later periods too, not only its own. Answers false when the hook failed: the
 * change is committed whatever happens here, so the caller reports it rather than failing the
 * request.
 */
export async function notifyChanged(
  hook: ReferenceChangedHook | undefined,
  regions: RegionsService,
  scope: readonly { prefecture_code: string; period: number }[],
  periodsOf: (prefecture: string) => Promise<number[]> = async () => [],
): Promise<boolean> {
  if (!hook || !scope.length) return true;
  const everyPrefecture = scope.some((s) => s.prefecture_code === NATIONAL_PREFECTURE)
    ? [...new Set([...(await regions.municipalityCodes())].map((c) => c.slice(0, 2)))]
    : [];
  const periods = new Map<string, Set<number>>();
  for (const s of scope) {
    for (const pref of s.prefecture_code === NATIONAL_PREFECTURE ? everyPrefecture : [s.prefecture_code]) {
      periods.set(pref, (periods.get(pref) ?? new Set()).add(s.period));
    }
  }
  for (const pref of everyPrefecture) for (const p of await periodsOf(pref)) periods.get(pref)?.add(p);
  try {
    for (const [pref, ps] of [...periods].sort(([a], [b]) => a.localeCompare(b))) {
      await hook(
        pref,
        [...ps].sort((a, b) => a - b),
      );
    }
    return true;
  } catch {
    return false;
  }
}
