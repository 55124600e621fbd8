export { importColumns, sliceColumns } from './imports.tables.js';
export * as versions from './imports.repository.js';
export type { NewSlice } from './imports.repository.js';
export { createImportsService, rejectOnErrors, type ImportsService, type ValidationReport } from './imports.service.js';
export { importStatus, type ImportStatus, type SliceStatus, type VersionedSet } from './versioned-set.js';
export { removeOrphanedStaging, type StagedFile } from '../../shared/staging.js';
