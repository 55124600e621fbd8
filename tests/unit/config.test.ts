import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('uses defaults and treats empty variables as unset', () => {
    const c = loadConfig({ PORT: '', HOST: '', DATABASE_URL: '', LOG_LEVEL: ' ' });
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', logLevel: 'info', dataDir: './data', seedMaster: true });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u@h:5432/d',
      ADMIN_API_KEY: 'a-long-enough-admin-key',
    });
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'warn', dataDir: '/tmp/x', databaseUrl: 'postgres://u@h:5432/d' });
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', ADMIN_API_KEY: 'short' })).toThrow(/PORT[\s\S]*LOG_LEVEL[\s\S]*ADMIN_API_KEY/);
  });
});
