/** The regions module owns the municipality code rules; surveys use the same ones. */
export { isValidMunicipalityCode, municipalityCheckDigit } from '../../regions/municipality-code.js';
