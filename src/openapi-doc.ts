import { buildApp } from './app.js';
import { openDatabase } from './db/client.js';

/** The OpenAPI document as the routes declare it (no database work: routes are only registered). */
export async function generateOpenApi(): Promise<string> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    const { app } = await buildApp({ logLevel: 'silent', maxUploadBytes: 1 }, { database });
    await app.ready();
    const doc = app.swagger();
    await app.close();
    return `${JSON.stringify(doc, null, 2)}\n`;
  } finally {
    await database.close();
  }
}
