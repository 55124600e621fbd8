import { DEFAULT_PROTECTION } from '../disclosure/disclosure.types.js';
import type { IndicatorUnitValueDto } from '../indicators/indicators.schemas.js';
import type { Role } from '../auth/auth.types.js';
import { labelOf, reasonLabels, valueStatusLabels } from '../../shared/labels.js';

/**
 * Who a publication is for: the prefecture's own analysts (and admins), who may read every
 * municipality, or a restricted reader — viewer and municipality keys, and anything made for them.
 */
export type Audience = 'analyst' | 'restricted';

/** The audience of a key's role. */
export const audienceOf = (role: Role): Audience => (role === 'admin' || role === 'analyst' ? 'analyst' : 'restricted');

/** The fields of a unit value that the restriction reads and clears (every number and label). */
type Restrictable = Omit<IndicatorUnitValueDto, 'display' | 'name' | 'provenance' | 'statusLabel' | 'reasonLabel' | 'levelLabel'> & {
  display?: unknown;
  statusLabel?: string;
  reasonLabel?: string | null;
};

/**
 * "Aggregates are aggregates": for a restricted audience, an area, insurer or prefecture value
 * with fewer than `minMembers` contributing municipalities (a single-municipality insurer; an
 * area where one member has data) is another municipality's value under an aggregate's name,
 * so it is withheld as `suppressed`, with no numbers.
 */
export function restrictAggregates<T extends Restrictable>(
  values: readonly T[],
  minMembers = DEFAULT_PROTECTION.minMembers,
): T[] {
  return values.map((v) =>
    v.level === 'municipality' || v.coverage.contributing === 0 || v.coverage.contributing >= minMembers
      ? v
      : {
          ...v,
          status: 'suppressed' as const,
          suppressed: true,
          reason: 'suppressed',
          numerator: null,
          denominator: null,
          value: null,
          ci95: null,
          ci998: null,
          undecidable: null,
          ...('display' in v ? { display: null } : {}),
          // The Japanese labels follow the status they stand beside.
          ...('statusLabel' in v ? { statusLabel: valueStatusLabels.suppressed ?? 'suppressed' } : {}),
          ...('reasonLabel' in v ? { reasonLabel: labelOf(reasonLabels, 'suppressed') } : {}),
        },
  );
}
