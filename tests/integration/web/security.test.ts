// Security and privacy of the public pages: headers, no cookie, no database write, logs without
// query strings or addresses, DSFR assets served locally and only those, no stack trace in a 500.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { appOn, textOf } from './support';

const PAGES = [
  '/', '/ecoles', '/ecoles?q=jules+ferry', '/ecoles?q=jules+ferry&page=2', '/ecoles/0691092M', '/communes/35238',
  '/epci/243500139', '/donnees', '/accessibilite', '/mentions-legales', '/donnees-personnelles', '/plan-du-site',
  '/nulle-part', '/ecoles/0691092A', '/communes/75101',
];

describe.each(dialects)('security on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  const logLines: string[] = [];
  beforeAll(async () => {
    db = await importedDb(dialect);
    const stream = new Writable({
      write(chunk, _enc, cb) { logLines.push(...String(chunk).split('\n').filter(Boolean)); cb(); },
    });
    app = await appOn(db, { stream });
    app.get('/__boom', async () => { throw new Error('secret internal detail'); });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  const get = (url: string) => app.inject({ method: 'GET', url, remoteAddress: '203.0.113.42' });

  it('every page carries the security headers, including a CSP without inline code', async () => {
    for (const url of PAGES) {
      const res = await get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("style-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(csp, url).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      expect(res.headers['x-request-id'], url).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('pages have no inline script or style the CSP would block', async () => {
    for (const url of PAGES) {
      const html = (await get(url)).body;
      expect(html, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, url).not.toMatch(/<style/);
      expect(html, url).not.toMatch(/\sstyle="/);
      expect(html, url).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('anonymous visitors get no cookie', async () => {
    for (const url of [...PAGES, '/healthz', '/dsfr/dsfr.min.css']) {
      expect((await get(url)).headers['set-cookie'], url).toBeUndefined();
    }
  });

  it('anonymous visits write nothing to the database', async () => {
    const countRows = async () => {
      const r = await db.kysely.selectFrom('import_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    };
    const changes = async () => dialect === 'sqlite'
      ? Number((await sql<{ n: number }>`select total_changes() as n`.execute(db.kysely)).rows[0].n)
      : 0;
    const before = { runs: await countRows(), changes: await changes() };
    for (const url of PAGES) await get(url);
    await get('/healthz');
    expect({ runs: await countRows(), changes: await changes() }).toEqual(before);
  });

  it('serves the DSFR assets the layout links to, with long cache headers', async () => {
    const html = (await get('/')).body;
    const links = [...html.matchAll(/(?:href|src)="(\/dsfr\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const url of links) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toMatch(/public, max-age=\d+/);
    }
    const css = await get('/dsfr/dsfr.min.css?v=1');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toContain('immutable');
    // Fonts and icons the stylesheets refer to.
    for (const url of ['/dsfr/fonts/Marianne-Regular.woff2', '/dsfr/icons/system/fr--info-fill.svg', '/dsfr/icons/system/information-line.svg']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
    const bodyCss = css.body;
    for (const m of bodyCss.matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)) {
      expect((await get(`/dsfr/${m[1]}`)).statusCode, m[1]).toBe(200);
    }
  });

  it('serves nothing else from the DSFR package', async () => {
    for (const url of ['/dsfr/dsfr.css', '/dsfr/dsfr.min.css.map', '/dsfr/../package.json', '/dsfr/%2e%2e/package.json', '/dsfr/component/button/button.min.css', '/dsfr/']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('a server error is the DSFR 500 page, without stack trace or detail', async () => {
    const res = await get('/__boom');
    expect(res.statusCode).toBe(500);
    const text = textOf(res.body);
    expect(text).toContain('Erreur inattendue');
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(text).toContain(String(res.headers['x-request-id']));
  });

  it('logs carry a request id but neither query strings nor client addresses', async () => {
    logLines.length = 0;
    await get('/ecoles?q=marie+curie+dupont&page=2');
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const all = logLines.join('\n');
    expect(all).not.toContain('marie');
    expect(all).not.toContain('dupont');
    expect(all).not.toContain('203.0.113.42');
    expect(all).not.toContain('remoteAddress');
    const incoming = lines.find((l) => l.msg === 'incoming request') as { reqId: string; req: { url: string } };
    expect(incoming.req.url).toBe('/ecoles');
    expect(incoming.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
