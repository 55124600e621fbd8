import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiFile } from '../../src/paths.js';

/**
 * An integrator's view: a typed client generated from the committed openapi/openapi.json with
 * openapi-typescript, and a small program against it compiled with tsc. A body, a parameter or
 * an error shape missing from the document makes the program fail to compile.
 */
const program = `
import type { components, operations, paths } from './schema.js';

type Municipality = components['schemas']['Municipality'];
export const nameOf = (m: Municipality): string => m.name;

// Parameters with their names and types.
export const query: NonNullable<operations['listMunicipalities']['parameters']['query']> = { prefecture: '47', area: '南部' };
export const values: operations['getIndicatorValues']['parameters'] = {
  path: { id: 'home_death_ratio' },
  query: { period: 2024, level: 'area' },
  header: undefined,
  cookie: undefined,
};

// Request bodies: multipart fields of an upload, CSV text, JSON.
type SurveyUpload = NonNullable<paths['/v1/surveys/{kind}/uploads']['post']['requestBody']>['content']['multipart/form-data'];
export const upload: SurveyUpload = { file: 'needs.csv', wave: '2025', dryRun: 'true' };
type TargetsCsv = NonNullable<operations['importTargets']['requestBody']>['content']['text/csv'];
export const csv: TargetsCsv = 'indicator,scope,code,target_year,target_value';
type TargetPut = operations['putTarget']['requestBody']['content']['application/json'];
export const put: TargetPut = { indicator: 'home_death_ratio', scope: 'prefecture', code: '47', targetYear: 2026, value: 25 };

// Success and error responses, with the shared problem+json shapes.
type Created = operations['uploadSurvey']['responses'][201]['content']['application/json'];
export const uploadId = (u: Created): string | null => u.id; // null in a dry run
type Rejected = operations['uploadSurvey']['responses'][422]['content']['application/problem+json'];
export const firstBadCell = (p: Rejected): [number | null, string | null, string] => [p.errors[0].row, p.errors[0].column, p.errors[0].code];
type Invalid = operations['getIndicatorValues']['responses'][400]['content']['application/problem+json'];
export const parameterAtFault = (p: Invalid) => p.errors?.map((e) => ('location' in e ? e.path : e.column));
type Denied = operations['listPrefectures']['responses'][401]['content']['application/problem+json'];
export const detail = (p: Denied): string => p.detail;
`;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carelogic-client-'));
  const ast = await openapiTS(new URL(`file://${openapiFile}`));
  writeFileSync(join(dir, 'schema.ts'), astToString(ast));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compile(source: string): string[] {
  writeFileSync(join(dir, 'client.ts'), source);
  const host = ts.createCompilerHost({});
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  };
  const prog = ts.createProgram([join(dir, 'client.ts')], options, host);
  return ts.getPreEmitDiagnostics(prog).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a typed client generated from openapi/openapi.json', () => {
  it('compiles a program that uses parameters, bodies, and success and error responses', () => {
    expect(compile(program)).toEqual([]);
  }, 60_000);

  it('rejects a program that breaks the contract (the check is real)', () => {
    const wrong = `${program}\nexport const bad: operations['putTarget']['requestBody']['content']['application/json'] = { indicator: 1 };\n`;
    expect(compile(wrong).length).toBeGreaterThan(0);
  }, 60_000);
});
