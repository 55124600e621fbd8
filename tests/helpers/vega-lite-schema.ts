import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { toVega } from '../../src/modules/charts/render/compile.js';

const require = createRequire(import.meta.url);
let validate: ReturnType<Ajv['compile']> | null = null;

/**
 * Validates a spec against the JSON schema vega-lite ships (build/vega-lite-schema.json) and
 * compiles it: returns the schema errors and vega-lite's warnings (both empty for a good chart).
 */
export function checkSpec(spec: object): { errors: string[]; warnings: string[] } {
  if (!validate) {
    const schema = require('vega-lite/vega-lite-schema.json') as object;
    validate = new Ajv({
      strict: false,
      allErrors: true,
      allowUnionTypes: true,
      formats: { 'color-hex': /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i, 'uri-reference': true },
    }).compile(schema);
  }
  const ok = validate(spec);
  const errors = ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  return { errors, warnings: toVega(spec as Record<string, unknown>).warnings };
}
