// Builds the web application on a test database, silent unless a log stream is given.
import type { FastifyInstance } from 'fastify';
import { readSettings } from '../../../src/config';
import { buildApp } from '../../../src/web/app';
import type { TestDb } from '../../support/databases';

export async function appOn(db: TestDb, logger: boolean | object = false): Promise<FastifyInstance> {
  const settings = readSettings({ ...db.env, LOG_LEVEL: 'info' });
  return buildApp({ db, settings, logger });
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
