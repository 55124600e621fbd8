export { cellText, numberText } from './cell-text.js';
export { cellsOf, csvRecords, csvRows, MAX_RECORD_CHARS } from './csv-rows.js';
export {
  createDecoder,
  DETECT_BYTES,
  detectFileFormat,
  type CsvEncoding,
  type CsvEncodingGuess,
  type FileFormat,
  type TextChunkDecoder,
} from './encoding.js';
export { SurveyFileError, type SurveyFileErrorCode } from './errors.js';
export { peekHead, type ByteSource, type PeekedSource } from './head.js';
export { columnForHeader, columnLetter, mapHeader, rowValues, templateHeader, type HeaderInfo } from './header.js';
export { isBlank, normalizeCell, normalizeHeader } from './normalize.js';
export type { LineRow, RawRow } from './raw-row.js';
export {
  readSurveyCells,
  readSurveyRows,
  type ReadSurveyOptions,
  type SurveyCellReader,
  type SurveyReader,
  type SurveyRow,
} from './read-survey-rows.js';
export { xlsxRows } from './xlsx-rows.js';
export { DEFAULT_XLSX_LIMITS, guardXlsx, openPart, type XlsxArchive, type XlsxLimits } from './xlsx-guard.js';
