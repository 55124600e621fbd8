import type * as repo from './targets.repository.js';
import type { TargetRecord } from './targets.inherit.js';
import type { TargetDto, TargetSnapshotDto } from './targets.schemas.js';
import type { ValidTarget } from './targets.validate.js';

/** Row → API shape. */
export function mapTarget(t: repo.TargetRow): TargetDto {
  return {
    id: t.id,
    prefecture: t.prefectureCode,
    indicator: t.indicatorId,
    scope: t.scope,
    code: t.scopeCode,
    targetYear: t.targetYear,
    value: t.targetValue,
    baselineYear: t.baselineYear,
    baselineValue: t.baselineValue,
    note: t.note,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    updatedBy: t.updatedBy,
  };
}

/** The values of a target as its history keeps them. */
export const snapshot = (t: repo.TargetRow | ValidTarget): TargetSnapshotDto =>
  'indicatorId' in t
    ? {
        indicator: t.indicatorId,
        scope: t.scope,
        code: t.scopeCode,
        targetYear: t.targetYear,
        value: t.targetValue,
        baselineYear: t.baselineYear,
        baselineValue: t.baselineValue,
        note: t.note,
      }
    : {
        indicator: t.indicator,
        scope: t.scope,
        code: t.code,
        targetYear: t.targetYear,
        value: t.targetValue,
        baselineYear: t.baselineYear,
        baselineValue: t.baselineValue,
        note: t.note,
      };

/** True when a write would change nothing. */
export const sameValues = (a: TargetSnapshotDto, b: TargetSnapshotDto) =>
  a.value === b.value && a.baselineYear === b.baselineYear && a.baselineValue === b.baselineValue && a.note === b.note;

/** Row → what inheritance needs. */
export const toRecord = (r: repo.TargetRow): TargetRecord => ({
  id: r.id,
  indicatorId: r.indicatorId,
  scope: r.scope,
  scopeCode: r.scopeCode,
  targetYear: r.targetYear,
  targetValue: r.targetValue,
  baselineYear: r.baselineYear,
  baselineValue: r.baselineValue,
});
