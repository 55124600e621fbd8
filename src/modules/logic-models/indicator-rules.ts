import type {
  ActiveIndicator,
  DisclosureRule,
  IndicatorCatalogue,
  IndicatorDef,
} from './logic-models.definitions.js';

/** True for an active indicator; the validator guarantees its formula fields are present. */
export function isActive(ind: IndicatorDef): ind is ActiveIndicator {
  return ind.status === 'active';
}

/** An indicator of the catalogue by id, or `undefined`. */
export function findIndicator(catalogue: IndicatorCatalogue, id: string): IndicatorDef | undefined {
  return catalogue.indicators.find((i) => i.id === id);
}

/**
 * The disclosure rule that applies to an indicator: its own, the catalogue default for
 * `default` (or when unset), or `null` when it is never suppressed (`none`).
 */
export function resolveDisclosure(ind: IndicatorDef, catalogue: IndicatorCatalogue): DisclosureRule | null {
  if (ind.disclosure === 'none') return null;
  if (ind.disclosure === undefined || ind.disclosure === 'default') return catalogue.defaults.disclosure;
  return ind.disclosure;
}
