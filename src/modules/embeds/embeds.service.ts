import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { assertPrefecture } from '../../plugins/auth.js';
import { AppError, BadRequestError, NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/auth.types.js';
import { embedReader } from '../charts/charts.reader.js';
import { ChartParams, type ChartKind } from '../charts/charts.schemas.js';
import type { ChartRequest, ChartsService, RenderedChart } from '../charts/charts.service.js';
import * as repo from './embeds.repository.js';
import type { EmbedCreateDto, EmbedDto } from './embeds.schemas.js';
import { problemDetails } from '../../shared/messages.js';

/** The link's secret: 256 random bits, base64url (43 characters). */
const newToken = () => randomBytes(32).toString('base64url');
const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** What a token looks like: anything else is refused before the database is asked. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function mapEmbed(r: repo.EmbedRow, now = new Date()): EmbedDto {
  return {
    id: r.id,
    kind: r.kind as ChartKind,
    prefecture: r.prefectureCode,
    params: r.params,
    title: r.title,
    createdBy: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    active: !r.revokedAt && (!r.expiresAt || r.expiresAt > now),
  };
}

/** Paths of a link, relative to the server. */
export const embedUrls = (token: string) => ({
  html: `/embed/${token}.html`,
  svg: `/embed/${token}.svg`,
  png: `/embed/${token}.png`,
  json: `/embed/${token}.json`,
});

/**
 * Embed links: charts an intranet page shows without a key (an iframe or an img cannot send one),
 * drawn with viewer visibility for the link's prefecture. The token is shown once and stored
 * hashed; every request reads the link's row, so revocation and expiry hold at once everywhere.
 */
export function createEmbedsService(deps: { db: Db; charts: ChartsService }) {
  const { db, charts } = deps;
  return {
    /** Creates a link after drawing its chart once as a viewer would (400 when a viewer may not see it). */
    async create(input: EmbedCreateDto, principal: Principal) {
      const params = ChartParams.parse(input.params);
      const prefecture = params.prefecture ?? principal.prefectureCode;
      if (!prefecture) throw new BadRequestError(problemDetails.embedNeedsPrefecture());
      assertPrefecture(principal, prefecture);
      if (input.expiresAt && new Date(input.expiresAt) <= new Date())
        throw new BadRequestError(problemDetails.embedExpiresInPast());
      try {
        await charts.spec(input.kind, { ...params, prefecture }, embedReader(prefecture));
      } catch (e) {
        if (e instanceof AppError && e.status === 403)
          throw new BadRequestError(problemDetails.embedViewerOnly(e.message));
        throw e;
      }
      const token = newToken();
      const row = await repo.insertEmbed(db, {
        tokenHash: hashToken(token),
        prefectureCode: prefecture,
        kind: input.kind,
        params: { ...params, prefecture },
        title: input.title ?? null,
        createdByKeyId: principal.keyId,
        createdByName: principal.name,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      });
      return { ...mapEmbed(row), token, urls: embedUrls(token) };
    },

    /** The links of the key's prefecture (all for a key bound to none). */
    async list(principal: Principal): Promise<EmbedDto[]> {
      return (await repo.listEmbeds(db, principal.prefectureCode)).map((r) => mapEmbed(r));
    },

    /** Revokes a link: its URLs answer 404 from the next request on. */
    async revoke(id: string, principal: Principal): Promise<EmbedDto> {
      const row = await repo.findEmbed(db, id);
      if (!row || (principal.prefectureCode && row.prefectureCode !== principal.prefectureCode))
        throw new NotFoundError(problemDetails.noEmbedLinkId(id));
      return mapEmbed((await repo.revokeEmbed(db, id))!);
    },

    /** The chart of a live link, as a viewer of its prefecture sees it; 404 for an unknown, revoked or expired one. */
    async render(
      token: string,
      format: ChartRequest['format'],
      size: Pick<ChartRequest, 'width' | 'height' | 'scale'>,
    ): Promise<RenderedChart> {
      const row = TOKEN_PATTERN.test(token) ? await repo.findLive(db, hashToken(token)) : null;
      if (!row) throw new NotFoundError(problemDetails.noEmbedLink());
      const params = ChartParams.parse(row.params);
      return charts.render({ kind: row.kind as ChartKind, params, format, ...size }, embedReader(row.prefectureCode));
    },
  };
}

export type EmbedsService = ReturnType<typeof createEmbedsService>;
