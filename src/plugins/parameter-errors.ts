import { z } from 'zod';
import { expectedForms, parameterLocations, parameterMessages } from '../shared/messages.js';

/** One invalid parameter of a request, as problem+json `errors[]` lists it. */
export interface ParameterError {
  location: string;
  path: string | null;
  code: string;
  message: string;
  expected: string | null;
}

/** What fastify-type-provider-zod puts in `err.validation` for one zod issue. */
interface ZodValidationItem {
  keyword?: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

type AnyZod = z.core.$ZodType;

/** The schema of the field at `path` inside an object schema, through optional/default/nullable/pipe wrappers. */
function fieldAt(schema: AnyZod | undefined, path: readonly string[]): AnyZod | undefined {
  let s: AnyZod | undefined = schema;
  for (const seg of path) {
    s = unwrap(s);
    if (!s) return undefined;
    const def = s._zod.def as { type: string; shape?: Record<string, AnyZod>; element?: AnyZod };
    if (def.type === 'object' && def.shape) s = def.shape[seg];
    else if (def.type === 'array' && def.element) s = def.element;
    else return undefined;
  }
  return s;
}

function unwrap(s: AnyZod | undefined): AnyZod | undefined {
  let cur = s;
  for (let i = 0; cur && i < 10; i++) {
    const def = cur._zod.def as { type: string; innerType?: AnyZod; in?: AnyZod };
    if (def.innerType) cur = def.innerType;
    else if (def.type === 'pipe' && def.in) cur = def.in;
    else break;
  }
  return cur;
}

interface JsonSchemaLike {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
  examples?: unknown[];
  anyOf?: JsonSchemaLike[];
}

/** A Japanese phrase for the form a field expects (from its JSON Schema), and the field's description. */
export function expectedForm(field: AnyZod | undefined): { form: string; about?: string } | null {
  if (!field) return null;
  let js: JsonSchemaLike;
  try {
    js = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonSchemaLike;
  } catch {
    return null;
  }
  const branch = js.anyOf?.find((b) => b.type !== 'null') ?? js;
  const parts: string[] = [];
  if (branch.enum) parts.push(expectedForms.oneOf(branch.enum.map(String)));
  else if (branch.const !== undefined) parts.push(expectedForms.oneOf([String(branch.const)]));
  // A calendar date (z.iso.date()): said in words, not as its long pattern.
  else if (branch.format === 'date') parts.push(expectedForms.date);
  else {
    const type = Array.isArray(branch.type) ? branch.type.find((t) => t !== 'null') : branch.type;
    if (type && type in expectedForms) parts.push(expectedForms[type as 'integer' | 'number' | 'string' | 'boolean' | 'object' | 'array']);
    const min = branch.minimum !== undefined && Math.abs(branch.minimum) < Number.MAX_SAFE_INTEGER ? branch.minimum : undefined;
    const max = branch.maximum !== undefined && Math.abs(branch.maximum) < Number.MAX_SAFE_INTEGER ? branch.maximum : undefined;
    if (min !== undefined || max !== undefined) parts.push(expectedForms.range(min, max));
    if (branch.pattern) parts.push(expectedForms.pattern(branch.pattern));
    else if (branch.minLength !== undefined || branch.maxLength !== undefined)
      parts.push(expectedForms.length(branch.minLength, branch.maxLength));
  }
  const description = js.description ?? (field as { description?: string }).description;
  const form = parts.join('・') || expectedForms.string;
  return description ? { form, about: description } : { form };
}

/**
 * Turns the zod issues of a failed request validation into errors that name the parameter, say
 * whether it is missing or malformed and give the expected form — never zod's "expected number,
 * received NaN". `code` stays zod's issue code.
 */
export function parameterErrors(
  items: readonly ZodValidationItem[],
  location: string,
  raw: unknown,
  schema: AnyZod | undefined,
): ParameterError[] {
  const where = parameterLocations[location] ?? location;
  return items.map((item) => {
    const path = item.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    const code = String(item.keyword ?? 'invalid');
    const name = path.join('.');
    if (code === 'unrecognized_keys') {
      const keys = (item.params?.keys as string[] | undefined) ?? [];
      return { location, path: name || null, code, message: parameterMessages.unknownKey(where, keys), expected: null };
    }
    const field = fieldAt(schema, path);
    const described = expectedForm(field ?? (path.length === 0 ? schema : undefined));
    const form = described?.form ?? expectedForms.string;
    const expected = described?.form ?? null;
    if (path.length === 0) {
      return { location, path: null, code, message: parameterMessages.body(form), expected };
    }
    const value = valueAt(raw, path);
    const message =
      value === undefined || value === ''
        ? parameterMessages.missing(where, name, form, described?.about)
        : parameterMessages.invalid(where, name, shorten(value), form, described?.about);
    return { location, path: name, code, message, expected };
  });
}

function valueAt(raw: unknown, path: readonly string[]): unknown {
  let v = raw;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function shorten(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
