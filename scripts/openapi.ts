import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateOpenApi } from '../src/openapi-doc.js';
import { openapiFile } from '../src/paths.js';

/** `write` regenerates openapi/openapi.json; `check` fails when it is out of date. */
const mode = process.argv[2] ?? 'check';
const doc = await generateOpenApi();
if (mode === 'write') {
  mkdirSync(dirname(openapiFile), { recursive: true });
  writeFileSync(openapiFile, doc);
  console.log(`wrote ${openapiFile}`);
} else {
  let committed = '';
  try {
    committed = readFileSync(openapiFile, 'utf8');
  } catch {
    /* missing counts as out of date */
  }
  if (committed !== doc) {
    console.error('openapi/openapi.json is out of date with the routes: run `npm run openapi`.');
    process.exit(1);
  }
  console.log('openapi/openapi.json is current');
}
