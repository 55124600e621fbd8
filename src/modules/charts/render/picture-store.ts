import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { packageOf } from '../charts.assets.js';
import { chartPictures } from '../charts.tables.js';

/** Bumped when this code draws the same spec differently (layout, fonts, raster options). */
const DRAWING_REVISION = 1;

let version: string | null = null;
/**
 * What a stored picture was drawn with: vega, vega-lite, resvg, the font and this code's revision.
 * Part of every key, so an upgrade of any of them draws pictures anew instead of serving old ones.
 */
export function rendererVersion(): string {
  version ??= [
    `r${DRAWING_REVISION}`,
    ...['vega', 'vega-lite', '@resvg/resvg-js', '@expo-google-fonts/noto-sans-jp'].map((p) => `${p}@${packageOf(p).version}`),
  ].join(' ');
  return version;
}

/** A second tier under the in-process cache: pictures by key, shared by replicas and kept across restarts. */
export interface PictureStore {
  get(key: string): Promise<Buffer | null>;
  put(key: string, variant: string, body: Buffer): Promise<void>;
}

/** Stored pictures in all past which the oldest go (bytes). */
const DEFAULT_BUDGET = 256 * 2 ** 20;
/** Pruning runs after this many new pictures. */
const PRUNE_EVERY = 32;

/**
 * The pictures table as a {@link PictureStore}: a read by primary key, an insert that leaves a row
 * another replica wrote first, and every few inserts the oldest rows beyond `budget` bytes deleted.
 */
export function createPictureStore(db: Db, budget = DEFAULT_BUDGET): PictureStore & { prune(): Promise<number> } {
  let puts = 0;
  const prune = async (): Promise<number> => {
    const res = (await db.execute(sql`
      DELETE FROM chart_pictures WHERE key IN (
        SELECT key FROM (
          SELECT key, sum(bytes) OVER (ORDER BY created_at DESC, key) AS upto FROM chart_pictures
        ) ranked WHERE upto > ${budget}
      )`)) as unknown as { rowCount?: number | null; affectedRows?: number };
    return res.rowCount ?? res.affectedRows ?? 0;
  };
  return {
    async get(key) {
      const rows = await db.select({ body: chartPictures.body }).from(chartPictures).where(eq(chartPictures.key, key));
      if (!rows.length) return null;
      const b = rows[0].body as Uint8Array;
      return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    },
    async put(key, variant, body) {
      await db.insert(chartPictures).values({ key, variant, body, bytes: body.length }).onConflictDoNothing();
      if (++puts % PRUNE_EVERY === 0) await prune();
    },
    prune,
  };
}
