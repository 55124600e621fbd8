/** How the suites reach PostgreSQL, decided once by the global setup. */
export type TestDbMode =
  | { kind: 'postgres'; adminUrl: string; template: string; source: 'TEST_DATABASE_URL' | 'testcontainers' }
  | { kind: 'pglite' };

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbMode;
  }
}

/** A URL to another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
