import { describe, expect, it } from 'vitest';
import { pgliteTemplateFile } from '../../src/db/pglite-template.js';

describe('PGlite template name', () => {
  it('carries a hash of the migrations, so a stale template is never loaded', () => {
    const file = pgliteTemplateFile();
    expect(file).toMatch(/\.cache\/pglite-template-[0-9a-f]{16}\.tar\.gz$/);
    expect(pgliteTemplateFile()).toBe(file);
  });
});
