import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, the same from src/ (tsx, tests) and from dist/ (built). */
export const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsDir = resolve(rootDir, 'migrations');
export const fixturesDir = resolve(rootDir, 'fixtures');
export const logicModelsDir = resolve(rootDir, 'logic-models');
export const openapiFile = resolve(rootDir, 'openapi', 'openapi.json');
