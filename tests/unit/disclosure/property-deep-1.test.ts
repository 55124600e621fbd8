/** Disclosure control against the auditor: the deeper synthetic master, half 1 of its random cases (tests/helpers/disclosure-property.ts). */
import { describe } from 'vitest';
import { DEEP, propertyHalf } from '../../helpers/disclosure-property.js';

describe('disclosure holds against the auditor for random small counts', () => {
  propertyHalf(DEEP, 0);
});
