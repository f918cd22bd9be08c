// A small browser over Fastify's inject: keeps cookies, follows nothing by itself, and reads the
// CSRF token of the last page, so that tests go through the forms as a person would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readSettings } from '../../../src/config';
import { listMails } from '../../../src/data/mails';
import { buildApp } from '../../../src/web/app';
import type { TestDb } from '../../support/databases';

export async function accountsApp(db: TestDb, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const settings = readSettings({ ...db.env, LOG_LEVEL: 'info', SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test', ...env });
  return buildApp({ db, settings, logger: false });
}

export class Browser {
  readonly cookies = new Map<string, string>();
  lastHtml = '';
  constructor(readonly app: FastifyInstance, readonly address = '198.51.100.7') {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      const expired = c.maxAge === 0 || (c.expires instanceof Date && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) this.lastHtml = res.body;
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: this.cookies.size ? { cookie: this.cookieHeader() } : {}, remoteAddress: this.address }));
  }

  /** Posts a form; the CSRF token of the last page is added unless `csrf: false` or given. */
  async post(url: string, form: Record<string, string>, opts: { csrf?: boolean } = {}) {
    const fields = { ...form };
    if (opts.csrf !== false && fields._csrf === undefined) {
      const token = csrfTokenOf(this.lastHtml);
      if (token) fields._csrf = token;
    }
    return this.remember(await this.app.inject({
      method: 'POST', url, payload: new URLSearchParams(fields).toString(), remoteAddress: this.address,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}) },
    }));
  }
}

export function csrfTokenOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** The path of the first link of the newest mail to `to` whose path starts with `prefix`. */
export async function linkInMail(db: TestDb, to: string, prefix: string): Promise<string> {
  const mails = await listMails(db.kysely, { to });
  for (const m of mails) {
    const match = new RegExp(`https?://[^\\s/]+(${prefix.replace(/[/]/g, '\\/')}[^\\s]*)`).exec(m.text);
    if (match) return match[1];
  }
  throw new Error(`aucun lien ${prefix} dans les courriels de ${to}`);
}

export const STRONG = 'Correct-Cheval-42!';

/** Signs up, verifies the address through the mailed link, and signs in; returns the browser. */
export async function signedUpUser(app: FastifyInstance, db: TestDb, email: string, name: string, address?: string): Promise<Browser> {
  const b = new Browser(app, address);
  await b.get('/inscription');
  const r = await b.post('/inscription', { displayName: name, email, password: STRONG });
  if (r.statusCode !== 200) throw new Error(`inscription refusée : ${r.statusCode}`);
  const link = await linkInMail(db, email, '/compte/verifier/');
  await b.get(link);
  await b.get('/connexion');
  const s = await b.post('/connexion', { email, password: STRONG });
  if (s.statusCode !== 303) throw new Error(`connexion refusée : ${s.statusCode}`);
  return b;
}
