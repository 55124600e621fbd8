import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pdcaMeasures, pdcaReviewNotes } from './pdca.tables.js';

export type MeasureRow = typeof pdcaMeasures.$inferSelect;
export type NewMeasure = typeof pdcaMeasures.$inferInsert;
export type NoteRow = typeof pdcaReviewNotes.$inferSelect;
export type NewNote = typeof pdcaReviewNotes.$inferInsert;

export async function insertMeasure(db: Db, row: NewMeasure): Promise<MeasureRow> {
  return (await db.insert(pdcaMeasures).values(row).returning())[0];
}

export async function updateMeasure(db: Db, id: string, row: Partial<NewMeasure>): Promise<MeasureRow | undefined> {
  return (await db.update(pdcaMeasures).set(row).where(eq(pdcaMeasures.id, id)).returning())[0];
}

export async function deleteMeasure(db: Db, id: string) {
  await db.delete(pdcaMeasures).where(eq(pdcaMeasures.id, id));
}

export async function findMeasure(db: Db, id: string): Promise<MeasureRow | undefined> {
  return (await db.select().from(pdcaMeasures).where(eq(pdcaMeasures.id, id)).limit(1))[0];
}

export async function listMeasures(db: Db, f: { prefecture: string; municipality?: string; node?: string }) {
  const conds: SQL[] = [eq(pdcaMeasures.prefectureCode, f.prefecture)];
  if (f.municipality) conds.push(eq(pdcaMeasures.municipalityCode, f.municipality));
  if (f.node) conds.push(eq(pdcaMeasures.nodeId, f.node));
  return db
    .select()
    .from(pdcaMeasures)
    .where(and(...conds))
    .orderBy(asc(pdcaMeasures.municipalityCode), asc(pdcaMeasures.nodeId), asc(pdcaMeasures.createdAt));
}

export async function insertNote(db: Db, row: NewNote): Promise<NoteRow> {
  return (await db.insert(pdcaReviewNotes).values(row).returning())[0];
}

export async function listNotes(db: Db, f: { prefecture: string; period?: number; municipality?: string }) {
  const conds: SQL[] = [eq(pdcaReviewNotes.prefectureCode, f.prefecture)];
  if (f.period !== undefined) conds.push(eq(pdcaReviewNotes.period, f.period));
  if (f.municipality) conds.push(eq(pdcaReviewNotes.municipalityCode, f.municipality));
  return db
    .select()
    .from(pdcaReviewNotes)
    .where(and(...conds))
    .orderBy(asc(pdcaReviewNotes.period), asc(pdcaReviewNotes.municipalityCode), asc(pdcaReviewNotes.createdAt));
}
