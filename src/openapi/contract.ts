import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from '../modules/auth/auth.types.js';
import { problemTitles } from '../shared/messages.js';
import { operations } from './operations.js';
import './problem.schemas.js';

/*
 * The API contract, derived centrally so that every route — including ones added later — is
 * documented the same way: operationId, bilingual summary, request body, security, and the error
 * responses its access declaration and inputs imply. Routes declare only what is theirs
 * (`config.access`, `consumes`, `config.formFields`, `config.errors`).
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** multipart/form-data routes: the non-file fields the form may carry (documented beside `file`). */
    formFields?: unknown;
    /** Error statuses a route gives beyond those derived from its access and inputs (e.g. 503). */
    errors?: readonly number[];
  }
}

const ACCESS = 'x-carelogic-access';
const FORM = 'x-carelogic-form-fields';
const ERRORS = 'x-carelogic-errors';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `GET /v1/municipalities/{code}` from fastify's method and `/v1/municipalities/:code`. */
export const operationKey = (method: string, url: string) => `${method.toUpperCase()} ${url.replace(/:(\w+)/g, '{$1}')}`;

const operationsById = new Map(Object.values(operations).map((o) => [o.id, o]));

/** getMunicipalitiesByCodeGaps for GET /v1/municipalities/{code}/gaps: unique per method and path. */
export function derivedOperationId(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith('{') ? `by-${seg.slice(1, -1)}` : seg))
    .flatMap((seg) => seg.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words].map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

/** Per-route transform: the zod provider's, then operationId, summary, security and the route's declarations. */
export function contractTransform(args: Parameters<typeof jsonSchemaTransform>[0]) {
  const out = jsonSchemaTransform(args) as { schema: Json; url: string };
  const route = (args as unknown as { route: { method: string | string[]; url: string; config?: Json } }).route;
  if (!out.schema || out.schema.hide) return out;
  const method = Array.isArray(route.method) ? route.method[0] : route.method;
  const key = operationKey(method, out.url);
  const known = operations[key] ?? (out.schema.operationId ? operationsById.get(out.schema.operationId) : undefined);
  const schema = { ...out.schema };
  schema.operationId ??= known?.id ?? derivedOperationId(method, key.split(' ')[1]);
  if (known && schema.summary && !schema.summary.startsWith(known.ja)) schema.summary = `${known.ja} / ${schema.summary}`;
  const declared = route.config?.access as Access | undefined;
  if (declared === 'public') schema.security = [];
  schema[ACCESS] = declared ?? null;
  if (route.config?.formFields) schema[FORM] = formFieldsJson(route.config.formFields);
  if (route.config?.errors) schema[ERRORS] = route.config.errors;
  if (!schema.body && schema.consumes) schema['x-consumes'] = schema.consumes;
  if (schema.produces && !schema.response) schema['x-produces'] = schema.produces;
  return { schema, url: out.url };
}

/** The JSON Schema properties of a zod object of form fields (strings on the wire). */
function formFieldsJson(fields: unknown): Json {
  const shape = (fields as { shape?: Record<string, { description?: string }> }).shape ?? {};
  return Object.fromEntries(
    Object.entries(shape).map(([name, f]) => [name, { type: 'string', description: f.description ?? name }]),
  );
}

const problemRef = (schema: string) => ({ $ref: `#/components/schemas/${schema}` });
const errorResponses: Record<number, { name: string; schema: string | null; description: string }> = {
  304: { name: 'NotModified', schema: null, description: '変更なし（If-None-Match の ETag のまま、本文なし）/ Not modified: the ETag sent in If-None-Match is current' },
  400: { name: 'BadRequest', schema: 'BadRequestProblem', description: 'リクエストが正しくありません（パラメーター・本文）/ Bad request: each invalid parameter in errors[]' },
  401: { name: 'Unauthorized', schema: 'Problem', description: 'APIキーがない・無効 / Missing, unknown or revoked API key' },
  403: { name: 'Forbidden', schema: 'Problem', description: 'このキーでは行えない操作 / The key may not do this (role, prefecture or municipality)' },
  404: { name: 'NotFound', schema: 'Problem', description: '見つかりません / No such resource' },
  409: { name: 'Conflict', schema: 'Problem', description: '競合しています / Conflict with the current state' },
  413: { name: 'PayloadTooLarge', schema: 'Problem', description: 'データが大きすぎます / Body or file over the size limit' },
  415: { name: 'UnsupportedMediaType', schema: 'Problem', description: '受け付けない Content-Type（受け付ける形式を detail に記載）/ Unsupported media type; detail names the accepted ones' },
  422: { name: 'InvalidContent', schema: 'InvalidContentProblem', description: '内容に誤り、何も保存していない / Invalid content: every bad cell in errors[], nothing stored' },
  429: { name: 'TooManyRequests', schema: 'Problem', description: 'リクエストが多すぎる（retry-after の秒数だけ待つ）/ Rate limit per key, or too many failed authentications; wait Retry-After seconds' },
  500: { name: 'InternalError', schema: 'Problem', description: 'サーバー内部のエラー（requestId を添えて問い合わせ）/ Unexpected error; quote the requestId' },
  503: { name: 'Unavailable', schema: 'Problem', description: 'サービスを利用できません（データベース・マイグレーション、取り込みの混雑時は retry-after）/ Service unavailable: database, migrations, or every ingest slot busy (Retry-After)' },
};

/** The error statuses an operation can answer, from its declarations and shape. */
function errorStatuses(op: Json, access: Access | null, extra: readonly number[] = []): number[] {
  // Every route is rate-limited (per key, or per address without one).
  const statuses = new Set<number>([429, 500, ...extra]);
  const params: Json[] = op.parameters ?? [];
  if (params.length || op.requestBody) statuses.add(400);
  if (access && access !== 'public') statuses.add(401).add(403);
  // A path parameter, a query parameter or a body field naming a municipality, model or indicator may name nothing.
  if (params.length || op.requestBody) statuses.add(404);
  if (op.requestBody) statuses.add(413).add(415).add(422);
  // A file (CSV or multipart) is ingested in one of a few slots: 503 with Retry-After when all are busy.
  const types = Object.keys(op.requestBody?.content ?? {});
  if (types.includes('multipart/form-data') || types.includes('text/csv')) statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

/** The request body of a route that reads its body itself (multipart upload, CSV). */
function rawBody(consumes: string[], formFields: Json | undefined): Json | undefined {
  const content: Json = {};
  for (const type of consumes) {
    if (type === 'multipart/form-data') {
      content[type] = {
        schema: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file (CSV or XLSX)' }, ...formFields },
        },
      };
    } else if (type === 'text/csv') {
      content[type] = { schema: { type: 'string', description: 'CSV text (UTF-8, UTF-8 with BOM or Shift_JIS), header row first' } };
    } else content[type] = { schema: { type: 'string', contentMediaType: type } };
  }
  return Object.keys(content).length ? { required: true, content } : undefined;
}

/** Every `$ref` target in a JSON value. */
function refsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(v.split('/').pop()!);
      else refsOf(v, into);
    }
  }
  return into;
}

/** Whole-document transform: the zod provider's components, then error responses, bodies and pruning. */
export function contractTransformObject(doc: Parameters<typeof jsonSchemaTransformObject>[0]): Json {
  const out = jsonSchemaTransformObject(doc) as Json;
  const responses: Json = {};
  for (const [path, item] of Object.entries(out.paths ?? {}) as [string, Json][]) {
    for (const [method, op] of Object.entries(item) as [string, Json][]) {
      const access = op[ACCESS] as Access | null;
      const formFields = op[FORM] as Json | undefined;
      const extra = op[ERRORS] as number[] | undefined;
      delete op[ACCESS];
      delete op[FORM];
      delete op[ERRORS];
      const consumes: string[] | undefined = op.requestBody ? undefined : (op['x-consumes'] ?? undefined);
      delete op['x-consumes'];
      if (!op.requestBody && consumes) op.requestBody = rawBody(consumes, formFields);
      if (!op.requestBody && formFields) op.requestBody = rawBody(['multipart/form-data'], formFields);
      // A file download (`produces` without a response schema): its 200 carries those media types.
      const produces: string[] | undefined = op['x-produces'];
      delete op['x-produces'];
      if (produces && op.responses['200'] && !op.responses['200'].content) {
        op.responses['200'] = {
          description: 'ファイル / The file',
          // A JSON variant is described by the route's own documentation (any JSON value here).
          content: Object.fromEntries(
            produces.map((type) => [
              type,
              { schema: /json$/.test(type) ? { description: 'JSON document' } : { type: 'string', contentMediaType: type } },
            ]),
          ),
        };
      }
      for (const status of errorStatuses(op, access, extra)) {
        const r = errorResponses[status];
        if (!r) continue;
        responses[r.name] ??= r.schema
          ? { description: r.description, content: { 'application/problem+json': { schema: problemRef(r.schema) } } }
          : { description: r.description };
        op.responses[String(status)] ??= { $ref: `#/components/responses/${r.name}` };
      }
      void method;
    }
  }
  out.components = { ...out.components, responses: { ...out.components?.responses, ...responses } };
  // Drop components nothing refers to (the zod provider emits an input and an output variant of each).
  const schemas: Json = out.components.schemas ?? {};
  for (;;) {
    const used = refsOf({ ...out, components: { ...out.components, schemas: {} } });
    for (const s of Object.values(schemas)) refsOf(s, used);
    const unused = Object.keys(schemas).filter((name) => !used.has(name));
    if (!unused.length) break;
    for (const name of unused) delete schemas[name];
  }
  return out;
}

/** The problem titles, for documentation of the problem types. */
export const problemTypes = Object.entries(problemTitles).map(([slug, title]) => ({ type: `/problems/${slug}`, title }));
