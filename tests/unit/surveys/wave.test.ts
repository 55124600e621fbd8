import { describe, expect, it } from 'vitest';
import { validateWave, waveSchema } from '../../../src/modules/surveys/validate/wave.js';

describe('validateWave', () => {
  it.each([2025, '2025', ' 2025 ', '２０２５', 2000, 2100])('accepts %j', (value) => {
    const result = validateWave(value);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.wave).toBe(Number(String(value).normalize('NFKC').trim()));
  });

  it.each([1999, 2101, 2025.5, '25', '20250', '2025.0', 'R7', '', null, undefined, '0x7E9', 'abcd'])(
    'refuses %j with invalid_wave',
    (value) => {
      expect(validateWave(value)).toEqual({
        ok: false,
        code: 'invalid_wave',
        message: '調査年度は2000〜2100の4桁の年度で指定してください',
      });
    },
  );

  it('has a zod schema with the same bounds', () => {
    expect(waveSchema.safeParse(2025).success).toBe(true);
    expect(waveSchema.safeParse(1999).success).toBe(false);
    expect(waveSchema.safeParse(2025.5).success).toBe(false);
  });
});
