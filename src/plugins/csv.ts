import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { attachment } from '../shared/content-disposition.js';
import { tableToCsv, type CsvTable } from '../shared/csv.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also answers CSV (`?format=csv` or `Accept: text/csv`), as this table of its JSON body. */
    csv?: CsvTable;
  }
}

const CSV_TYPE = 'text/csv; charset=utf-8';

/** The q of each media range of an Accept header. */
function acceptQ(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    out.set(range.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  return out;
}

/** True when the reader asked for CSV: `?format=csv`, or an Accept header preferring text/csv to JSON. */
export function wantsCsv(req: FastifyRequest): boolean {
  const format = (req.query as { format?: string } | undefined)?.format;
  if (format) return format === 'csv';
  const header = req.headers.accept;
  if (!header) return false;
  const q = acceptQ(header);
  const csv = q.get('text/csv') ?? 0;
  const json = Math.max(q.get('application/json') ?? 0, q.get('*/*') ?? 0, q.get('application/*') ?? 0);
  return csv > 0 && csv > json;
}

const FormatParam = z
  .enum(['json', 'csv'])
  .optional()
  .describe(
    'csv: the same rows as CSV (UTF-8 with BOM, CRLF, Japanese column labels); also chosen by Accept: text/csv',
  );

/** The OpenAPI body of a CSV answer: its columns, in order. */
const csvBody = (table: CsvTable) =>
  z.string().describe(`CSV (UTF-8 with BOM, CRLF). Columns: ${table.columns.map((c) => c.label).join(', ')}`);

/**
 * CSV beside JSON for the list routes an analyst loads into Excel or Power Query. A route opts in
 * with `config.csv`; this plugin adds `format` to its query and `text/csv` to its 200 answer in
 * OpenAPI, and turns the JSON body — already checked against the route's schema, with the reader's
 * visibility and disclosure control applied by the service — into CSV in onSend. So CSV can never
 * show more than JSON does.
 */
export const csvPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      const table = route.config?.csv;
      if (!table || !route.schema) return;
      const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown> };
      const query = schema.querystring as z.ZodObject | undefined;
      const response = { ...schema.response };
      const ok = response[200];
      if (ok && !(typeof ok === 'object' && 'content' in ok)) {
        response[200] = {
          description: 'JSON, or CSV with ?format=csv / Accept: text/csv',
          content: { 'application/json': { schema: ok }, 'text/csv': { schema: csvBody(table) } },
        };
      }
      route.schema = {
        ...schema,
        querystring: query ? query.extend({ format: FormatParam }) : z.object({ format: FormatParam }),
        response,
      } as typeof route.schema;
    });

    app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const table = req.routeOptions.config?.csv;
      if (!table || reply.statusCode !== 200) return payload;
      reply.header('vary', 'accept');
      if (!wantsCsv(req)) return payload;
      const body: unknown = JSON.parse(Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload));
      reply.header('content-type', CSV_TYPE);
      reply.header('content-disposition', attachment(`${table.fileName(body)}.csv`, 'carelogic'));
      return tableToCsv(table, body);
    });
  },
  { name: 'csv' },
);
