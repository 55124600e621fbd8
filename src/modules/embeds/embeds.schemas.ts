import { z } from 'zod';
import { CHART_KINDS, ChartParams, RenderSizeQuery } from '../charts/charts.schemas.js';

export const EmbedCreate = z
  .object({
    kind: z.enum(CHART_KINDS).describe('Chart kind'),
    params: ChartParams.describe('The chart’s parameters, as for GET /v1/charts/{kind}'),
    title: z.string().max(200).optional().describe('A name for the list (e.g. the intranet page it is on)'),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the link stops working (ISO 8601); none = until revoked'),
  })
  .meta({ id: 'EmbedCreate' });

export const Embed = z
  .object({
    id: z.string().uuid().describe('Embed link id'),
    kind: z.enum(CHART_KINDS).describe('Chart kind'),
    prefecture: z.string().describe('Prefecture whose data the link shows'),
    params: z.record(z.string(), z.unknown()).describe('The chart’s parameters'),
    title: z.string().nullable().describe('Name for the list'),
    createdBy: z.string().nullable().describe('Name of the key that created it'),
    createdAt: z.string().describe('When it was created'),
    expiresAt: z.string().nullable().describe('When it stops working; null = until revoked'),
    revokedAt: z.string().nullable().describe('When it was revoked; null = not revoked'),
    active: z.boolean().describe('Neither revoked nor expired'),
  })
  .meta({ id: 'Embed' });

export const EmbedCreated = Embed.extend({
  token: z.string().describe('The secret of the link: shown once, stored only hashed'),
  urls: z
    .object({
      html: z.string().describe('Page for an iframe'),
      svg: z.string().describe('SVG picture'),
      png: z.string().describe('PNG picture (for <img>)'),
      json: z.string().describe('The Vega-Lite spec'),
    })
    .describe('Paths of the link, relative to the server'),
}).meta({ id: 'EmbedCreated' });

export const EmbedIdParams = z.object({ id: z.string().uuid().describe('Embed link id') });
export const EmbedFileParams = z.object({
  file: z.string().describe('The token, optionally with .html, .svg, .png or .json'),
});
export const EmbedSizeQuery = RenderSizeQuery;

export type EmbedCreateDto = z.infer<typeof EmbedCreate>;
export type EmbedDto = z.infer<typeof Embed>;
