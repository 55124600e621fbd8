/** Disclosure control against the auditor: the Okinawa master, half 2 of its random cases (tests/helpers/disclosure-property.ts). */
import { describe } from 'vitest';
import { OKINAWA, propertyHalf } from '../../helpers/disclosure-property.js';

describe('disclosure holds against the auditor for random small counts', () => {
  propertyHalf(OKINAWA, 1);
});
