/**
 * Okinawa fixtures for the gap tests and the API benchmark: the four surveys for one wave and two
 * years of reference statistics through the upload services, and a bulk target file.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Services } from '../../src/app.js';
import { generateAll, toCsv } from '../../src/fixtures/index.js';
import type { Principal } from '../../src/modules/auth/auth.types.js';
import type { SurveyKind } from '../../src/modules/surveys/codebooks/index.js';

/** 伊平屋村 runs no facility here: the residence survey has no row for it, so its indicators have no data. */
export const NO_FACILITY = '473596';

const principal: Principal = {
  keyId: randomUUID(),
  name: 'fixtures',
  role: 'admin',
  prefectureCode: null,
  municipalityCode: null,
};

// Order matters: workforce staff rows find their municipality through the establishments.
const FILES: [fixture: string, kind: SurveyKind, part: string][] = [
  ['needs', 'needs', 'main'],
  ['homecare-offices', 'homecare', 'offices'],
  ['homecare-clients', 'homecare', 'clients'],
  ['residence', 'residence', 'main'],
  ['workforce-establishments', 'workforce', 'establishments'],
  ['workforce-staff', 'workforce', 'staff'],
];

/** Loads the surveys for `wave` (without {@link NO_FACILITY}'s residence rows) and reference statistics for wave − 1 and wave. */
export async function loadGapFixtures(services: Services, opts: { wave: number; scale: number; seed?: number }) {
  const tables = generateAll({
    seed: opts.seed ?? 11,
    wave: opts.wave,
    scale: opts.scale,
    periods: [opts.wave - 1, opts.wave],
  });
  const code = tables.residence.header.indexOf('municipality_code');
  tables.residence.rows = tables.residence.rows.filter((r) => r[code] !== NO_FACILITY);
  for (const [fixture, kind, part] of FILES) {
    const staged = await services.uploads.stage(Readable.from(toCsv(tables[fixture as keyof typeof tables])));
    await services.uploads.upload({ kind, part, wave: opts.wave, staged, principal, fileName: `${fixture}.csv` });
  }
  await services.reference.upload({
    stream: Readable.from(toCsv(tables.reference)),
    principal,
    fileName: 'reference.csv',
  });
}

type Unit = {
  level: string;
  code: string;
  status: string;
  value: number | null;
  ci95: { lower: number; upper: number } | null;
};

/**
 * A target file for every active indicator with a direction but the last two (left without a
 * target): the prefecture's at its value 5 % better, 宮古's at the prefecture value, and three
 * municipalities' targets that force each judgement — on the value (achieved), inside its CI
 * (not significant), beyond it (significant).
 */
export async function gapTargetFile(services: Services, wave: number): Promise<string> {
  const lines = ['indicator,scope,code,target_year,target_value,baseline_year,baseline_value,note'];
  const defs = (await services.indicators.definitions('okinawa-2026', '47')).filter((d) => d.status === 'active' && d.direction && d.direction !== 'none');
  for (const d of defs.slice(0, -2)) {
    const values = (await services.indicators.values({ indicator: d.id, prefecture: '47', period: wave }))
      .values as Unit[];
    const pref = values.find((v) => v.level === 'prefecture');
    if (pref?.value == null) continue;
    const better = d.direction === 'higher_is_better' ? 1 : -1;
    const cap = (x: number) => (d.unit === 'percent' ? Math.min(100, Math.max(0, x)) : Math.max(0, x));
    lines.push(`${d.id},prefecture,,2026,${cap(pref.value * (1 + 0.05 * better))},${wave},${pref.value},県計画`);
    lines.push(`${d.id},area,宮古,2026,${cap(pref.value)},,,`);
    const shown = values.filter(
      (v) => v.level === 'municipality' && v.status === 'shown' && v.ci95 && v.ci95.upper > v.ci95.lower,
    );
    const [a, b, c] = shown;
    if (a) lines.push(`${d.id},municipality,${a.code},2026,${cap(a.value!)},,,`);
    if (b)
      lines.push(
        `${d.id},municipality,${b.code},2026,${cap(better > 0 ? (b.value! + b.ci95!.upper) / 2 : (b.value! + b.ci95!.lower) / 2)},,,`,
      );
    if (c)
      lines.push(
        `${d.id},municipality,${c.code},2026,${cap(better > 0 ? c.ci95!.upper * 1.5 + 1 : c.ci95!.lower / 2)},,,`,
      );
  }
  return lines.join('\n');
}
