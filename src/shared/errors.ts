import { problemDetails, problemTitles } from './messages.js';

/** One row-level problem in a rejected file or request. Row numbers are as the user sees them (header = 1). */
export interface RowError {
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

/** Base of every error the API answers on purpose; mapped to problem+json in one handler. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(400, 'bad-request', problemTitles['bad-request'], detail, extra);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string = problemDetails.keyRequired()) {
    super(401, 'unauthorized', problemTitles['unauthorized'], detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', problemTitles['forbidden'], detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, 'not-found', problemTitles['not-found'], detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'conflict', problemTitles['conflict'], detail, extra);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(detail: string) {
    super(413, 'payload-too-large', problemTitles['payload-too-large'], detail);
  }
}

/** A file or body whose content is invalid: the whole of it is rejected, nothing is stored. */
export class InvalidContentError extends AppError {
  constructor(detail: string, errors: RowError[], totalErrors = errors.length) {
    super(422, 'invalid-content', problemTitles['invalid-content'], detail, {
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      totalErrors,
      truncated: totalErrors > Math.min(errors.length, MAX_REPORTED_ERRORS),
    });
  }
}

/** The first errors a rejection reports; the total count is always given. */
export const MAX_REPORTED_ERRORS = 1000;

export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, 'unavailable', problemTitles['unavailable'], detail);
  }
}
