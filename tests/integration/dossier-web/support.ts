// Signed-in browsers for the dossier pages: a session row written directly (no password hashing,
// fast) and its cookie, then the accounts' small browser over inject (cookies, CSRF token of the
// last page). The app runs in demo mode, whose clock replays the 2021 call (inside its period).
import type { FastifyInstance } from 'fastify';
import type { CommandActor } from '../../../src/commands/dossier';
import { createSession } from '../../../src/data/sessions';
import { SESSION_COOKIE } from '../../../src/web/plugins/session';
import type { TestDb } from '../../support/databases';
import { accountsApp, Browser, csrfTokenOf } from '../accounts/support';

export { Browser, csrfTokenOf };

export function dossierApp(db: TestDb): Promise<FastifyInstance> {
  return accountsApp(db, { SOCLE_DEMO: '1' });
}

export async function signedIn(app: FastifyInstance, db: TestDb, actor: CommandActor): Promise<Browser> {
  const { token } = await createSession(db.kysely, actor.id, new Date());
  const b = new Browser(app);
  b.cookies.set(SESSION_COOKIE, token);
  return b;
}

/** A multipart/form-data body with text fields and one file. */
export function multipartBody(fields: Record<string, string>, file?: { name: string; field: string; bytes: Buffer; type?: string }): { payload: Buffer; contentType: string } {
  const boundary = `----socle${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    chunks.push(file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart form as the browser (its cookies; the CSRF token of its last page first). */
export async function postMultipart(b: Browser, url: string, fields: Record<string, string>, file?: { name: string; field: string; bytes: Buffer }) {
  const token = csrfTokenOf(b.lastHtml);
  const { payload, contentType } = multipartBody({ ...(token ? { _csrf: token } : {}), ...fields }, file);
  return b.app.inject({
    method: 'POST', url, payload,
    headers: { 'content-type': contentType, cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
}

/** The revision carried by the last page's forms. */
export function revisionOf(html: string): string {
  const m = /name="revision" value="(\d+)"/.exec(html);
  if (!m) throw new Error('pas de champ revision sur la page');
  return m[1];
}

/** The visible text of an HTML page, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/[\s\u00a0\u202f]+/g, ' ');
}
