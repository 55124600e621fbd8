export { parseCell, parseDecimal, MAX_ID_LENGTH, MAX_TEXT_LENGTH } from './cell.js';
export type { SurveyValue, ValidationContext } from './cell.js';
export { createDuplicateChecker, type DuplicateChecker } from './duplicates.js';
export { rowError, type SurveyRowError } from './errors.js';
export { isValidMunicipalityCode, municipalityCheckDigit } from './municipality-code.js';
export { validateRow, type RowValidation, type SurveyRecord } from './validate-row.js';
export { validateWave, waveSchema, WAVE_MAX, WAVE_MIN, type WaveResult } from './wave.js';
