import type { Database } from '../../db/client.js';
import { withBulkTransaction, type BulkTx } from '../../db/bulk.js';
import { InvalidContentError, type RowError } from '../../shared/errors.js';
import { problemDetails } from '../../shared/messages.js';
import { discardStaged, stageStream, type StagedFile } from '../../shared/staging.js';
import { lock } from './imports.repository.js';
import type { VersionedSet } from './versioned-set.js';

export interface ImportsDeps {
  database: Database;
  maxUploadBytes: number;
}

/** What validating a file found: every error (the first 1,000 kept) and how many there were. */
export interface ValidationReport {
  errors: RowError[];
  totalErrors: number;
}

/**
 * Refuses a file with errors: 422 problem+json listing row, column, value, code and message;
 * nothing is stored (the caller's transaction, if any, rolls back).
 */
export function rejectOnErrors<R extends ValidationReport>(report: R): R {
  if (report.totalErrors > 0) {
    throw new InvalidContentError(
      problemDetails.fileRejected(report.totalErrors),
      report.errors,
      report.totalErrors,
    );
  }
  return report;
}

/** The versioned-slices mechanism shared by every versioned import (see docs/imports.md). */
export function createImportsService(deps: ImportsDeps) {
  return {
    /** Saves a streamed file to a private temporary folder while hashing it (413 past the limit). */
    stage: (stream: NodeJS.ReadableStream): Promise<StagedFile> => stageStream(stream, deps.maxUploadBytes),

    /** Removes a staged file and its folder. */
    discard: discardStaged,

    /**
     * Runs `fn` in the one kind of transaction that changes versions of `set`: writers of the
     * same `scope` are serialised (advisory lock), COPY is available, and everything `fn` did
     * commits together or not at all. `fn` bumps the data version of the prefectures it
     * changed (`bumpDataVersion`, src/modules/freshness) before it returns.
     */
    async change<T>(set: VersionedSet, scope: string, fn: (tx: BulkTx) => Promise<T>): Promise<T> {
      return withBulkTransaction(deps.database, async (tx) => {
        await lock(tx.db, set, scope);
        return fn(tx);
      });
    },
  };
}

/** The imports service. */
export type ImportsService = ReturnType<typeof createImportsService>;
