import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bigNeedsCsv,
  checkTable,
  DEATH_PLACES,
  FIXTURE_KINDS,
  type FixtureKind,
  generateAll,
  generateNeeds,
  hasValidCheckDigit,
  loadOkinawaMunicipalities,
  malformedFixtures,
  mulberry32,
  type Table,
  toCsv,
  toXlsx,
} from '../../src/fixtures/index.js';
import { computeNeedsFlags, NEEDS_FLAGS, type NeedsFlag } from '../../src/modules/surveys/needs/risk-rules.js';

/** docs/domain.md §2.1, in order. */
const NEEDS_HEADER = [
  'respondent_id', 'municipality_code', 'daily_area', 'sex', 'age', 'certification', 'weight',
  'motor_stairs', 'motor_chair_stand', 'motor_walk15', 'fall_past_year', 'fall_anxiety', 'outing_weekly',
  'height_cm', 'weight_kg', 'oral_hard_food', 'oral_choke', 'oral_dry_mouth', 'weight_loss', 'cognition_forgetful',
  'iadl_bus_train', 'iadl_shopping', 'iadl_meal_prep', 'iadl_bills', 'iadl_bank',
  'part_volunteer', 'part_sports', 'part_hobby', 'part_learning', 'part_kayoi', 'part_senior_club',
  'part_neighborhood', 'part_paid_work', 'health_subjective', 'happiness', 'depression_mood', 'depression_anhedonia',
];

const SEED = 20_250_401;
const WAVE = 2025;
let tables: Record<FixtureKind, Table>;
const column = (t: Table, id: string) => t.rows.map((r) => r[t.header.indexOf(id)]);
const num = (t: Table, r: string[], id: string) => Number(r[t.header.indexOf(id)]);

beforeAll(() => {
  tables = generateAll({ seed: SEED, wave: WAVE });
});

describe('municipality master', () => {
  it('has Okinawa’s 41 municipalities with valid check digits and five areas', () => {
    const ms = loadOkinawaMunicipalities();
    expect(ms).toHaveLength(41);
    expect(ms.every((m) => hasValidCheckDigit(m.code))).toBe(true);
    const areas = Object.fromEntries(['北部', '中部', '南部', '宮古', '八重山'].map((a) => [a, ms.filter((m) => m.medicalArea === a).length]));
    expect(areas).toEqual({ 北部: 9, 中部: 11, 南部: 16, 宮古: 2, 八重山: 3 });
    expect(hasValidCheckDigit('472018')).toBe(true);
    expect(hasValidCheckDigit('472019')).toBe(false);
  });
});

describe('determinism', () => {
  it('mulberry32 repeats its sequence for a seed', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('the same seed gives byte-identical CSV for every kind, another seed does not', () => {
    const again = generateAll({ seed: SEED, wave: WAVE });
    for (const kind of FIXTURE_KINDS) {
      expect(toCsv(again[kind]).equals(toCsv(tables[kind])), kind).toBe(true);
    }
    const other = generateNeeds({ seed: SEED + 1, wave: WAVE, municipalities: ['472018'] });
    expect(other.rows.slice(0, 50)).not.toEqual(tables.needs.rows.slice(0, 50));
  });

  it('a municipality’s rows do not depend on which others are generated', () => {
    const alone = generateAll({ seed: SEED, wave: WAVE, municipalities: ['473588'] });
    for (const kind of FIXTURE_KINDS) {
      const only = (t: Table) => t.rows.filter((_, i) => column(t, 'municipality_code')[i] !== '000000');
      const code = column(tables[kind], 'municipality_code');
      expect(only(alone[kind]), kind).toEqual(tables[kind].rows.filter((_, i) => code[i] === '473588'));
    }
  });
});

describe('needs', () => {
  it('has the columns of docs/domain.md §2.1, ~50,000 unique respondents and all 41 municipalities', () => {
    const t = tables.needs;
    expect(t.header).toEqual(NEEDS_HEADER);
    expect(t.rows.length).toBeGreaterThan(45_000);
    expect(t.rows.length).toBeLessThan(55_000);
    expect(new Set(column(t, 'respondent_id')).size).toBe(t.rows.length);
    const per = new Map<string, number>();
    for (const c of column(t, 'municipality_code')) per.set(c, (per.get(c) ?? 0) + 1);
    expect(per.size).toBe(41);
    expect(per.get('472018')).toBeGreaterThan(9_000); // 那覇市, ~22 % of Okinawa's 65+
    expect(per.get('473588')).toBe(30); // 北大東村, the floor
    expect(new Set(column(t, 'weight'))).toEqual(new Set(['', '1']));
  });

  it('passes the fixture check', () => {
    expect(checkTable('needs', tables.needs)).toEqual([]);
  });

  it('has realistic risk prevalences, and blanks that make flags undecidable', () => {
    const t = tables.needs;
    const positive = Object.fromEntries(NEEDS_FLAGS.map((f) => [f, 0])) as Record<NeedsFlag, number>;
    const decided = { ...positive };
    const undecidable = { ...positive };
    for (const r of t.rows) {
      const answers = Object.fromEntries(t.header.map((h, i) => [h, r[i] === '' ? null : Number(r[i])]));
      const flags = computeNeedsFlags(answers);
      for (const f of NEEDS_FLAGS) {
        if (flags[f] === 'undecidable') undecidable[f] += 1;
        else decided[f] += 1;
        if (flags[f] === 'positive') positive[f] += 1;
      }
    }
    const pct = (f: NeedsFlag) => (100 * positive[f]) / decided[f];
    const ranges: Partial<Record<NeedsFlag, [number, number]>> = {
      motor: [10, 16], fall: [25, 35], withdrawal: [14, 22], nutrition: [0.5, 3],
      oral: [18, 26], cognition: [37, 47], depression: [35, 45],
    };
    for (const [f, [lo, hi]] of Object.entries(ranges) as [NeedsFlag, [number, number]][]) {
      expect(pct(f), f).toBeGreaterThan(lo);
      expect(pct(f), f).toBeLessThan(hi);
    }
    for (const f of NEEDS_FLAGS) expect(undecidable[f], f).toBeGreaterThan(0);
  });
});

describe('homecare, residence, workforce', () => {
  it('every generated table passes the fixture check', () => {
    for (const kind of FIXTURE_KINDS) expect(checkTable(kind, tables[kind]), kind).toEqual([]);
  });

  it('homecare: moved_total is the sum of the four destinations; ~10k clients; every municipality served', () => {
    const o = tables['homecare-offices'];
    for (const r of o.rows) {
      const sum = ['moved_to_family_home', 'moved_to_residential', 'moved_to_facility', 'moved_to_other'].reduce((s, c) => s + num(o, r, c), 0);
      expect(num(o, r, 'moved_total')).toBe(sum);
    }
    expect(new Set(column(o, 'municipality_code')).size).toBe(41);
    const c = tables['homecare-clients'];
    expect(c.rows.length).toBeGreaterThan(8_000);
    expect(c.rows.length).toBeLessThan(12_000);
    const reasons = c.header.filter((h) => h.startsWith('r_'));
    expect(reasons).toHaveLength(12);
    for (const r of c.rows) expect(reasons.some((h) => num(c, r, h) === 1)).toBe(true);
    const offices = new Set(column(o, 'office_id'));
    expect(column(c, 'office_id').every((id) => offices.has(id))).toBe(true);
  });

  it('residence: ~1k facilities of all ten types', () => {
    const t = tables.residence;
    expect(t.rows.length).toBeGreaterThan(900);
    expect(t.rows.length).toBeLessThan(1_100);
    expect(new Set(column(t, 'facility_type')).size).toBe(10);
    expect(new Set(column(t, 'suction'))).toEqual(new Set(['0', '1', '2']));
  });

  it('workforce: one staff row per care worker, carrying the establishment’s municipality', () => {
    const e = tables['workforce-establishments'];
    const s = tables['workforce-staff'];
    const expected = new Map(e.rows.map((r) => [r[0], { code: r[1], n: num(e, r, 'staff_regular') + num(e, r, 'staff_nonregular') }]));
    const seen = new Map<string, number>();
    const [establishment, code] = ['establishment_id', 'municipality_code'].map((c) => s.header.indexOf(c));
    for (const r of s.rows) {
      expect(r[code]).toBe(expected.get(r[establishment])?.code);
      seen.set(r[establishment], (seen.get(r[establishment]) ?? 0) + 1);
    }
    expect(new Set(column(s, 'staff_id')).size).toBe(s.rows.length);
    for (const [id, { n }] of expected) expect(seen.get(id) ?? 0).toBe(n);
  });
});

describe('reference statistics', () => {
  const rowsOf = (measure: string) => tables.reference.rows.filter((r) => r[0] === measure);
  const MEASURES = [
    'ref.insured.first', 'ref.certified.light', 'ref.certified.new.count', 'ref.certified.new.age_sum',
    'ref.deaths.total', ...DEATH_PLACES.map((p) => `ref.deaths.${p}`), 'ref.home_visit_medical', 'ref.house_call',
    'ref.benefit.community_based_yen', 'ref.offices.teiki_junkai', 'ref.offices.shotaki', 'ref.offices.kantaki',
    'ref.clinics.home_care_support', 'ref.clinics.house_call_capable', 'ref.calls_7119',
  ];

  it('has every measure for every municipality and both periods', () => {
    for (const m of MEASURES) {
      for (const period of ['2023', '2024']) {
        expect(new Set(rowsOf(m).filter((r) => r[2] === period).map((r) => r[1])).size, `${m} ${period}`).toBe(41);
      }
    }
  });

  it('stratifies insured and light certification by sex × five age bands, and has the standard population', () => {
    for (const m of ['ref.insured.first', 'ref.certified.light']) {
      const naha = rowsOf(m).filter((r) => r[1] === '472018' && r[2] === '2024');
      expect(naha.map((r) => `${r[4]}-${r[5]}`).sort()).toEqual(['1', '2'].flatMap((s) => ['1', '2', '3', '4', '5'].map((b) => `${s}-${b}`)).sort());
    }
    const std = rowsOf('std.insured.first');
    expect(std).toHaveLength(20);
    expect(std.every((r) => r[1] === '000000' && Number(r[3]) > 1_000_000)).toBe(true);
    expect(rowsOf('ref.offices.shotaki').filter((r) => r[2] === '2023').reduce((s, r) => s + Number(r[3]), 0)).toBe(57);
  });

  it('deaths by place sum to the total, and small municipalities have counts small enough to suppress', () => {
    const value = (m: string, code: string, p: string) => Number(tables.reference.rows.find((r) => r[0] === m && r[1] === code && r[2] === p)![3]);
    for (const t of rowsOf('ref.deaths.total')) {
      const sum = DEATH_PLACES.reduce((s, place) => s + value(`ref.deaths.${place}`, t[1], t[2]), 0);
      expect(sum).toBe(Number(t[3]));
    }
    expect(rowsOf('ref.deaths.total').some((r) => Number(r[3]) < 10)).toBe(true);
    expect(rowsOf('ref.certified.light').some((r) => ['1', '2'].includes(r[3]))).toBe(true);
  });
});

describe('malformed variants', () => {
  const malformed = malformedFixtures(SEED);

  it('cover each error class once, in small files', () => {
    expect(malformed.map((m) => m.expected.code).sort()).toEqual(
      ['unknown_column', 'missing_column', 'code_out_of_list', 'not_number', 'invalid_check_digit',
        'foreign_municipality', 'duplicate_id', 'total_mismatch', 'total_mismatch'].sort(),
    );
    for (const m of malformed) expect(m.table.rows.length, m.name).toBeLessThanOrEqual(50);
  });

  it.each(malformedFixtures(SEED).map((m) => [m.name, m] as const))('%s has exactly its declared error, also once written as CSV', (_, m) => {
    expect(checkTable(m.kind, m.table)).toEqual([m.expected]);
    const csv = iconv.decode(toCsv(m.table, { encoding: 'cp932' }), 'cp932');
    const [header, ...rows] = parse(csv, { relax_column_count: true }) as string[][];
    expect(header).toEqual(m.table.header);
    expect(rows).toEqual(m.table.rows);
  });
});

describe('writers', () => {
  const small = () => generateNeeds({ seed: 5, wave: WAVE, municipalities: ['473561'] });

  it('toCsv writes UTF-8, UTF-8 with BOM and CP932 with the same content', () => {
    const t = { header: ['measure', 'note'], rows: [['a,b', '日常生活圏域 "第1"'], ['x', '']] };
    const utf8 = toCsv(t);
    expect(utf8.toString('utf8')).toBe('measure,note\n"a,b","日常生活圏域 ""第1"""\nx,\n');
    expect([...toCsv(t, { encoding: 'utf8bom' }).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sjis = toCsv(t, { encoding: 'cp932' });
    expect(iconv.decode(sjis, 'cp932')).toBe(utf8.toString('utf8').replaceAll('\n', '\r\n'));
    expect(sjis.includes(Buffer.from('日', 'utf8'))).toBe(false);
  });

  it('toXlsx reads back cell by cell', async () => {
    const t = small();
    const wb = new ExcelJS.Workbook();
    const xlsx = await toXlsx(t);
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer); // exceljs types its own Buffer
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(t.rows.length + 1);
    const cells = (n: number) =>
      t.header.map((_, j) => {
        const v = ws.getRow(n).getCell(j + 1).value;
        return v === null || v === undefined ? '' : String(v);
      });
    expect(cells(1)).toEqual(t.header);
    t.rows.forEach((r, i) => expect(cells(i + 2)).toEqual(r));
    expect(typeof ws.getRow(2).getCell(t.header.indexOf('age') + 1).value).toBe('number');
    expect(typeof ws.getRow(2).getCell(2).value).toBe('string'); // municipality_code stays text
  });

  it('bigNeedsCsv streams an exact number of rows over all municipalities, deterministically', async () => {
    const stream = bigNeedsCsv(5_000, 3, { chunkRows: 1_000 });
    let chunks = 0;
    const parts: Buffer[] = [];
    for await (const chunk of stream) {
      chunks += 1;
      parts.push(chunk as Buffer);
    }
    expect(chunks).toBeGreaterThan(3);
    const [header, ...rows] = parse(Buffer.concat(parts)) as string[][];
    expect(header).toEqual(NEEDS_HEADER);
    expect(rows).toHaveLength(5_000);
    expect(new Set(rows.map((r) => r[1])).size).toBe(41);
    expect(new Set(rows.map((r) => r[0])).size).toBe(5_000);
    expect(await text(bigNeedsCsv(5_000, 3))).toBe(Buffer.concat(parts).toString('utf8'));
  });
});
