export { CONFIDENCE_LEVELS, type Direction, type Estimate, type Interval } from './types.js';
export { assertLevel, zForLevel } from './z-score.js';
export { wilson } from './wilson.js';
export { weightedProportion, type WeightedProportion, type WeightedSums } from './weighted-proportion.js';
export { exactPoissonLimits } from './poisson-exact.js';
export { byarsLimits } from './byars.js';
export {
  BYARS_MIN_COUNT,
  countLimits,
  rateWithCI,
  scaleToRate,
  type CountInterval,
  type CountMethod,
  type RateEstimate,
} from './count-interval.js';
export {
  directlyStandardisedRate,
  type DsrNotShown,
  type DsrOptions,
  type DsrResult,
  type DsrShown,
  type DsrStratum,
} from './dsr.js';
export { plainCount, ratioOfSums } from './ratio.js';
export {
  DEFAULT_DISCLOSURE_RULE,
  hasData,
  primaryCause,
  primarySuppression,
  type DisclosureRule,
  type DisclosureUnit,
  type PrimaryCause,
} from './disclosure-rule.js';
export {
  compareWithCI,
  exactEstimate,
  targetStatus,
  type NeutralComparison,
  type PolarComparison,
  type TargetStatus,
} from './significance.js';
export { roundHalfUp } from './round.js';
