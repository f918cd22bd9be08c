// Builds the web application on a test database, silent unless a log stream is given.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { readSettings } from '../../../src/config';
import { buildApp } from '../../../src/web/app';
import { importedDb, type TestDb, type TestDialect } from '../../support/databases';

export async function appOn(db: TestDb, logger: boolean | object = false): Promise<FastifyInstance> {
  const settings = readSettings({ ...db.env, LOG_LEVEL: 'info' });
  return buildApp({ db, settings, logger });
}

/**
 * Within a describe block: the application on a private copy of the imported reference data, built
 * before the block's tests and closed after them; `get(url)` injects a GET request.
 */
export function appOnImported(dialect: TestDialect) {
  let db: TestDb | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await appOn(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  const built = (): FastifyInstance => {
    if (app === undefined) throw new Error('application not built yet (appOnImported is for a describe block)');
    return app;
  };
  return { app: built, get: (url: string) => built().inject({ method: 'GET', url }) };
}

/** The visible text of an HTML page, tags removed and whitespace collapsed (for content checks). */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/[\s\u202f\u00a0]+/g, ' ')
    .trim();
}

/** « 354 écoles trouvées » → 354. */
export function resultCount(html: string): number {
  const m = /([\d\s\u202f\u00a0]+) écoles? trouvées?/.exec(textOf(html));
  if (!m) return 0;
  return Number(m[1].replace(/\D/g, ''));
}
