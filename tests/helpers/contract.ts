import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { openapiFile } from '../../src/paths.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The committed OpenAPI document, the contract clients are generated from. */
export const committedDoc: Json = JSON.parse(readFileSync(openapiFile, 'utf8'));

const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: true });
addFormats.default(ajv);
ajv.addSchema({ ...committedDoc, $id: 'openapi' }, 'openapi');

const pointer = (parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The documented response of an operation for a status, its `$ref` to components.responses resolved. */
function documentedResponse(op: Json, status: number): { response: Json; ref: string[] } | null {
  const key = op.responses[String(status)] ? String(status) : op.responses[`${String(status)[0]}XX`] ? `${String(status)[0]}XX` : null;
  if (!key) return null;
  const r = op.responses[key];
  if (r.$ref) {
    const name = r.$ref.split('/').pop();
    return { response: committedDoc.components.responses[name], ref: ['components', 'responses', name] };
  }
  return { response: r, ref: [] };
}

/**
 * Checks one answer against the committed document: the status is documented for the operation,
 * the media type is one it lists, and a JSON body validates against its schema. Returns the
 * problems (empty when it conforms).
 */
export function checkResponse(method: string, routeUrl: string, status: number, contentType: string | undefined, body: string | null): string[] {
  const path = routeUrl.replace(/:(\w+)/g, '{$1}');
  const op = committedDoc.paths?.[path]?.[method.toLowerCase()];
  const where = `${method} ${path} → ${status}`;
  if (!op) return path.startsWith('/v1') || ['/healthz', '/readyz'].includes(path) ? [`${where}: the operation is not in openapi/openapi.json`] : [];
  const documented = documentedResponse(op, status);
  if (!documented) return [`${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`];
  const content: Json | undefined = documented.response.content;
  // 204 and 304 never carry a body on the wire, whatever the handler passed to send().
  if (status === 204 || status === 304) return content ? [`${where}: a body is documented for a status that has none`] : [];
  if (!content) return body ? [`${where}: a body was sent but none is documented`] : [];
  const media = (contentType ?? '').split(';')[0].trim();
  if (!content[media]) return [`${where}: content type ${media || '(none)'} not documented (documented: ${Object.keys(content).join(', ')})`];
  if (!/json$/.test(media) || body === null) return [];
  const base = documented.ref.length
    ? ['components', 'responses', documented.ref[2], 'content', media, 'schema']
    : ['paths', path, method.toLowerCase(), 'responses', String(status), 'content', media, 'schema'];
  const validate = ajv.getSchema(`openapi#/${pointer(base)}`);
  if (!validate) return [`${where}: no schema at ${base.join('/')}`];
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return [`${where}: body is not JSON`];
  }
  if (validate(data)) return media === 'application/problem+json' ? notJapanese(where, data as Json) : [];
  return (validate.errors ?? []).slice(0, 5).map((e: { instancePath: string; message?: string; params: unknown }) => `${where}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** A problem's title, detail and row messages are Japanese (the machine-readable codes stay English). */
function notJapanese(where: string, problem: Json): string[] {
  const texts = [problem.title, problem.detail, ...((problem.errors as Json[] | undefined) ?? []).map((e) => e.message)];
  return texts.filter((t) => typeof t === 'string' && !japanese.test(t)).map((t) => `${where}: not in Japanese: ${t}`);
}

/** Validates every answer of an app against the committed document; `violations` collects what does not conform. */
export function validateResponses(app: FastifyInstance, violations: string[]): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const routeUrl = req.routeOptions.url;
    if (!routeUrl || req.routeOptions.schema?.hide || routeUrl.startsWith('/docs') || routeUrl === '/openapi.json') return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    const contentType = reply.getHeader('content-type') as string | undefined;
    violations.push(...checkResponse(req.method, routeUrl, reply.statusCode, contentType, body));
    return payload;
  });
}
