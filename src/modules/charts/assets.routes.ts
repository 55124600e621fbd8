import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../shared/errors.js';
import type { Asset } from './charts.assets.js';
import { problemDetails } from '../../shared/messages.js';

/**
 * GET /assets/{file}: the chart page's bundles (vega, vega-lite, vega-embed from the installed
 * packages) and its script and style. Names carry a version or hash, so they are cached for a year.
 */
export async function assetsRoutes(app: FastifyInstance, opts: { files: ReadonlyMap<string, Asset> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/assets/:file', {
    schema: {
      hide: true,
      params: z.object({ file: z.string().describe('File name, with its version or hash') }),
    },
    handler: async (req, reply) => {
      const asset = opts.files.get(req.params.file);
      if (!asset) throw new NotFoundError(problemDetails.noAsset(req.params.file));
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('x-content-type-options', 'nosniff');
      return reply.type(asset.contentType).send(asset.body());
    },
  });
}
