import { z } from 'zod';

/** RFC 9457 problem details, as every error of the API answers (application/problem+json). */
export const Problem = z
  .looseObject({
    type: z.string().describe('Problem type, a relative URI such as /problems/validation (machine-readable; never changes with the wording)'),
    title: z.string().describe('Short Japanese summary of the problem type'),
    status: z.number().int().describe('HTTP status code'),
    detail: z.string().describe('Japanese explanation of this occurrence: what is wrong and what to do'),
    instance: z.string().optional().describe('Path of the request'),
    requestId: z.string().optional().describe('Request id, also in the x-request-id header and the logs'),
  })
  .meta({ id: 'Problem', description: 'Problem details (RFC 9457)' });

/** One invalid request parameter (400 /problems/validation). */
export const ParameterError = z
  .object({
    location: z.string().describe('querystring, params, body or headers'),
    path: z.string().nullable().describe('Parameter name (dotted path inside a JSON body); null for the whole body'),
    code: z.string().describe('Machine-readable reason (zod issue code, e.g. invalid_type)'),
    message: z.string().describe('Japanese message naming the parameter and the expected form'),
    expected: z.string().nullable().describe('The expected form in Japanese (type, range, choices)'),
  })
  .meta({ id: 'ParameterError' });

/** One bad cell or row of a file or body (422 /problems/invalid-content). */
export const RowError = z
  .object({
    row: z.number().int().nullable().describe('Row number as the user sees it (header = 1); null for the whole file'),
    column: z.string().nullable().describe('Column id'),
    value: z.string().nullable().describe('The offending value (only that cell)'),
    code: z.string().describe('Machine-readable reason, English snake_case'),
    message: z.string().describe('Japanese message'),
  })
  .meta({ id: 'RowError' });

/** 400: a malformed request, with the parameters at fault when the request schema rejected it. */
export const BadRequestProblem = Problem.extend({
  errors: z
    .array(z.union([ParameterError, RowError]))
    .optional()
    .describe('Each invalid parameter (validation) or field'),
}).meta({ id: 'BadRequestProblem', description: 'Problem details of a 400 answer' });

/** 422: a file or body whose content is invalid; nothing was stored. */
export const InvalidContentProblem = Problem.extend({
  errors: z.array(RowError).describe('The first 1,000 errors, each a bad cell or row'),
  totalErrors: z.number().int().describe('How many errors the content has in all'),
  truncated: z.boolean().describe('True when errors[] does not list them all'),
}).meta({ id: 'InvalidContentProblem', description: 'Problem details of a 422 answer' });
