import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../plugins/auth.js';
import { access } from '../auth/auth.types.js';
import { ChartKindParam, ChartQuery } from './charts.schemas.js';
import type { ChartsService } from './charts.service.js';
import { pageCsp } from './render/html.js';

/** GET /v1/charts/{kind}: a Vega-Lite spec (default) or the chart as SVG, PNG or an HTML page. */
export async function chartsRoutes(
  app: FastifyInstance,
  opts: { charts: ChartsService; embedOrigins: readonly string[] },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/charts/:kind', {
    config: { access: access.readers },
    schema: {
      tags: ['charts'],
      summary: 'A chart as a Vega-Lite spec (data inline), or rendered as SVG, PNG or an HTML page',
      operationId: 'getChart',
      description:
        'Drawn only from what the key may read through the indicators and gaps routes: a suppressed value never appears in the data, the picture or a tooltip (秘匿 is shown instead). Viewer keys read aggregates only: level=area for comparison and funnel, an area or the prefecture for trend, profile and logic-model. Japanese titles, axes, legends and tooltips. format=html is a page that draws the spec with vega-embed from /assets (no CDN), under a strict Content-Security-Policy.',
      params: ChartKindParam,
      querystring: ChartQuery,
      produces: ['application/json', 'image/svg+xml', 'image/png', 'text/html'],
    },
    handler: async (req, reply) => {
      const { format, width, height, scale, ...params } = req.query;
      const out = await opts.charts.render(
        { kind: req.params.kind, params, format: format === 'json' ? 'spec' : format, width, height, scale },
        principalOf(req),
      );
      if (format === 'html') reply.header('content-security-policy', pageCsp(opts.embedOrigins));
      reply.header('cache-control', 'private, no-store');
      return reply.type(out.contentType).send(out.body);
    },
  });
}
