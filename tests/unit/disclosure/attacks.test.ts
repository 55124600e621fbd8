/**
 * The attacks of issue 8, each fixed: the suppression holds against the independent auditor
 * (linear programs over what each role reads) for every role, and the specific sums the
 * attacker used no longer give a hidden count back.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/fixtures/prng.js';
import { restrictAggregates } from '../../../src/modules/publication/audience.js';
import { okinawaMaster, syntheticTotals } from '../../helpers/disclosure-synthetic.js';
import { indicatorsById, publishAndAudit, valueOf } from '../../helpers/disclosure-engine.js';

// Counts large enough that nothing is small until a case makes it so.
const master = okinawaMaster(3000);
const base = syntheticTotals(master, 8);
const DEATHS = indicatorsById('home_death_ratio', 'home_or_nursing_home_death_ratio');
const ITOMAN = '472107';
const NAGO = '472093';
const MIYAKOJIMA = '472140';
const TARAMA = '473758';

const withCounts = (changes: Record<string, Record<string, number | null>>) => {
  const out = new Map([...base].map(([k, v]) => [k, new Map(v)]));
  for (const [code, measures] of Object.entries(changes)) {
    for (const [m, v] of Object.entries(measures)) {
      if (v === null) out.get(code)!.delete(m);
      else out.get(code)!.set(m, v);
    }
  }
  return out;
};

describe('the attacks of issue 8', () => {
  it('糸満市 (2 home deaths, its own insurer in 南部) cannot be had back through the 広域連合 spanning three areas', () => {
    const totals = withCounts({ [ITOMAN]: { 'ref.deaths.home': 2 } });
    const { values, audit } = publishAndAudit(master, totals, DEATHS);
    expect(valueOf(values, 'home_death_ratio', 'municipality', ITOMAN)).toMatchObject({ status: 'suppressed', numerator: null });
    expect(audit.risks).toEqual([]);
    // The viewer's sum: 南部 + 中部 + 北部 − the 広域連合 − every other insurer of those areas it may read.
    const num = (level: string, code: string) => valueOf(values, 'home_death_ratio', level, code).numerator;
    const restricted = restrictAggregates(
      values.map((v) => ({ ...v, suppressed: false, coverage: { contributing: v.contributing, members: v.members }, provenance: { uploads: [], ruleVersion: '' } })),
    );
    const insurers = restricted.filter((v) => v.indicator === 'home_death_ratio' && v.level === 'insurer' && v.code !== '沖縄県介護保険広域連合');
    expect(insurers.every((v) => v.status === 'suppressed')).toBe(true);
    const parts = [num('area', '南部'), num('area', '中部'), num('area', '北部'), num('insurer', '沖縄県介護保険広域連合')];
    const singles = master.filter((m) => ['南部', '中部', '北部'].includes(m.area) && m.insurer === m.name && m.code !== ITOMAN);
    const readable = parts.every((p) => p !== null) && singles.every((m) => num('municipality', m.code) !== null);
    if (readable) {
      const recovered = parts[0]! + parts[1]! + parts[2]! - parts[3]! - singles.reduce((s, m) => s + num('municipality', m.code)!, 0);
      expect(recovered).toBe(2); // the sums are consistent — so one of them must be withheld:
    }
    expect(readable).toBe(false);
  });

  it('名護市: the difference of the linked numerators (nursing-home deaths = 2) is protected', () => {
    const totals = withCounts({ [NAGO]: { 'ref.deaths.nursing_home': 2 } });
    const { values, audit } = publishAndAudit(master, totals, DEATHS);
    const a = valueOf(values, 'home_death_ratio', 'municipality', NAGO).numerator;
    const b = valueOf(values, 'home_or_nursing_home_death_ratio', 'municipality', NAGO).numerator;
    expect(a === null || b === null).toBe(true);
    expect(audit.risks).toEqual([]);
  });

  it('宮古 hidden (宮古島市 without data, 多良間村 small) is not had back as 沖縄県 minus the other areas', () => {
    const none = Object.fromEntries([...base.get(MIYAKOJIMA)!.keys()].filter((m) => m.startsWith('ref.deaths')).map((m) => [m, null]));
    const totals = withCounts({ [MIYAKOJIMA]: none, [TARAMA]: { 'ref.deaths.home': 1 } });
    const { values, audit } = publishAndAudit(master, totals, DEATHS);
    expect(valueOf(values, 'home_death_ratio', 'area', '宮古')).toMatchObject({ status: 'suppressed', contributing: 1 });
    const areas = ['南部', '中部', '北部', '八重山'].map((a) => valueOf(values, 'home_death_ratio', 'area', a).numerator);
    const pref = valueOf(values, 'home_death_ratio', 'prefecture', '47').numerator;
    expect(pref === null || areas.some((a) => a === null)).toBe(true);
    expect(audit.risks).toEqual([]);
  });

  it('says only `suppressed`: two small members of 南部 are not pinned at 2 each, even by an attacker who knows the rule', () => {
    const kayoi = indicatorsById('kayoi_rate');
    const small = { 'needs.kayoi.positive': 2, 'needs.kayoi.w_positive': 2 };
    const totals = withCounts({ '473561': small, '473553': small });
    const { values, audit } = publishAndAudit(master, totals, kayoi);
    const hidden = values.filter((v) => v.status === 'suppressed');
    expect(hidden.length).toBeGreaterThan(2);
    expect(new Set(hidden.map((v) => v.reason))).toEqual(new Set(['suppressed']));
    expect(audit.risks).toEqual([]);
  });

  it('an insider of a two-member area (宮古島市) cannot get its neighbour 多良間村 as area − own', () => {
    const totals = withCounts({ [TARAMA]: { 'ref.deaths.home': 2 } });
    const { values, audit } = publishAndAudit(master, totals, DEATHS);
    const area = valueOf(values, 'home_death_ratio', 'area', '宮古').numerator;
    const own = totals.get(MIYAKOJIMA)!.get('ref.deaths.home')!;
    if (area !== null) expect(area - own).not.toBe(2);
    expect(area).toBeNull();
    expect(audit.risks.filter((r) => r.role === `municipality:${MIYAKOJIMA}`)).toEqual([]);
    expect(audit.risks).toEqual([]);
  });

  it('a single-municipality insurer is no aggregate: restricted readers do not get it at level=insurer', () => {
    const { values } = publishAndAudit(master, base, DEATHS);
    const dto = values.map((v) => ({ ...v, suppressed: v.status === 'suppressed', coverage: { contributing: v.contributing, members: v.members }, provenance: { uploads: [], ruleVersion: '' } }));
    const shown = (xs: typeof dto) => xs.filter((v) => v.level === 'insurer' && v.status === 'shown').map((v) => v.code);
    expect(shown(dto)).toContain('那覇市');
    expect(shown(restrictAggregates(dto))).toEqual(shown(dto).filter((c) => c === '沖縄県介護保険広域連合'));
    expect(restrictAggregates(dto).find((v) => v.level === 'insurer' && v.code === '那覇市')).toMatchObject({ status: 'suppressed', numerator: null, denominator: null });
  });

  it('protects complements (all but 1-2) and a seeded set of small counts at once', () => {
    const rng = mulberry32(3);
    const totals = withCounts({});
    for (const code of ['473537', '472123', '473065']) {
      const t = totals.get(code)!;
      t.set('ref.deaths.home', t.get('ref.deaths.total')! - 1 - Math.floor(rng() * 2));
      t.set('ref.deaths.nursing_home', 0);
    }
    const { audit } = publishAndAudit(master, totals, DEATHS);
    expect(audit.risks).toEqual([]);
  });
});
