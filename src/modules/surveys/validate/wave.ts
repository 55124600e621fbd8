import { z } from 'zod';
import { message } from '../messages.js';
import { normalizeCell } from '../parse/normalize.js';

/** First and last accepted survey fiscal year. */
export const WAVE_MIN = 2000;
export const WAVE_MAX = 2100;

/** zod schema of a wave in a typed (JSON) body or query after coercion. */
export const waveSchema = z
  .int()
  .min(WAVE_MIN)
  .max(WAVE_MAX)
  .describe('Fiscal year of the survey (調査年度), e.g. 2025');

/** The outcome of validateWave. */
export type WaveResult =
  | { readonly ok: true; readonly wave: number }
  | { readonly ok: false; readonly code: 'invalid_wave'; readonly message: string };

/**
 * A survey wave: the fiscal year as four digits, 2000..2100. Accepts an integer or a string of
 * exactly four digits (full-width digits and surrounding spaces allowed, as typed in a form).
 */
export function validateWave(value: unknown): WaveResult {
  let n: number | null = null;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'string') {
    const s = normalizeCell(value);
    if (/^\d{4}$/.test(s)) n = Number(s);
  }
  if (n !== null && n >= WAVE_MIN && n <= WAVE_MAX) return { ok: true, wave: n };
  return { ok: false, code: 'invalid_wave', message: message('invalid_wave') };
}
