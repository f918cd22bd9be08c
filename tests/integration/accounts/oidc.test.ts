// OpenID Connect sign-in against a real OpenID provider run by the test (oidc-provider on a
// loopback port, a test client, a test account), through the real redirects: authorization code
// with PKCE, state and nonce; first sign-in links the account with the same verified e-mail, or
// creates one; a tampered state is refused.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { textOf } from '../web/support';
import { accountsApp, signedUpUser } from './support';

const PUBLIC_URL = 'http://socle.test';
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'agent-1': { email: 'oidc.agent@mairie.test', email_verified: true, given_name: 'Olive', family_name: 'Agent' },
  'agent-2': { email: 'Deja.Inscrite@mairie.test', email_verified: true, given_name: 'Déjà', family_name: 'Inscrite' },
  'agent-3': { email: 'non.verifiee@mairie.test', email_verified: false, given_name: 'Non', family_name: 'Vérifiée' },
};

async function startProvider(): Promise<{ server: Server; issuer: string }> {
  const { createServer } = await import('node:http');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'socle-test', client_secret: 'un-secret-de-test-assez-long',
      redirect_uris: [`${PUBLIC_URL}/connexion/oidc/retour`], grant_types: ['authorization_code'], response_types: ['code'],
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...(ACCOUNTS[sub] ?? {}) }) }),
    pkce: { required: () => true },
  });
  server.on('request', provider.callback());
  return { server, issuer };
}

/** Follows the provider's redirects and dev login/consent forms as a browser would, until it sends back to socle. */
async function throughProvider(start: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url, {
      method, redirect: 'manual', body,
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(PUBLIC_URL)) return next;
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`page inattendue du fournisseur (${res.status}) : ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    url = new URL(action, url).href;
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'x' } : { prompt: prompt ?? 'consent' }).toString();
  }
  throw new Error('trop de redirections');
}

describe.each(dialects)('OpenID Connect on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let op: Awaited<ReturnType<typeof startProvider>>;
  beforeAll(async () => {
    db = await importedDb(dialect);
    op = await startProvider();
    app = await accountsApp(db, { PUBLIC_URL, OIDC_ISSUER: op.issuer, OIDC_CLIENT_ID: 'socle-test', OIDC_CLIENT_SECRET: 'un-secret-de-test-assez-long' });
  });
  afterAll(async () => {
    await app?.close();
    op?.server.closeAllConnections();
    await new Promise<void>((resolve) => op?.server.close(() => resolve()));
    await db?.close();
  });

  /** Starts at socle, goes through the provider, comes back to socle's callback; returns socle's answer. */
  async function signInThrough(login: string, opts: { tamperState?: boolean } = {}) {
    const start = await app.inject({ method: 'GET', url: '/connexion/oidc?suite=%2Forganisations' });
    expect(start.statusCode).toBe(303);
    const authUrl = new URL(String(start.headers.location));
    expect(authUrl.origin).toBe(op.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('code_challenge')).toBeTruthy();
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    const pending = start.cookies.find((c) => c.name === 'socle_oidc')!;
    expect(pending.httpOnly).toBe(true);
    let back = await throughProvider(authUrl.href, login);
    if (opts.tamperState) back = back.replace(/state=[^&]+/, 'state=falsifie');
    const callback = new URL(back);
    return app.inject({ method: 'GET', url: callback.pathname + callback.search, headers: { cookie: `socle_oidc=${pending.value}` } });
  }

  it('the sign-in page offers ProConnect; the first sign-in creates a verified account and a session', async () => {
    const page = await app.inject({ method: 'GET', url: '/connexion' });
    expect(textOf(page.body)).toContain('S’identifier avec ProConnect');
    const res = await signInThrough('agent-1');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/organisations');
    const session = res.cookies.find((c) => c.name === 'socle_session')!;
    expect(session.httpOnly).toBe(true);
    const user = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'oidc.agent@mairie.test').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ display_name: 'Olive Agent', oidc_issuer: op.issuer, oidc_subject: 'agent-1', password_hash: null, role: 'applicant' });
    expect(user.email_verified_at).not.toBeNull();
    const account = await app.inject({ method: 'GET', url: '/compte', headers: { cookie: `socle_session=${session.value}` } });
    expect(account.statusCode).toBe(200);
    expect(textOf(account.body)).toContain('Olive Agent');
    // Signing in again finds the same account by (issuer, subject).
    expect((await signInThrough('agent-1')).statusCode).toBe(303);
    expect(await db.kysely.selectFrom('users').select('id').where('oidc_subject', '=', 'agent-1').execute()).toHaveLength(1);
  });

  it('links an existing account with the same e-mail', async () => {
    await signedUpUser(app, db, 'deja.inscrite@mairie.test', 'Déjà Inscrite');
    const res = await signInThrough('agent-2');
    expect(res.statusCode).toBe(303);
    const users = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'deja.inscrite@mairie.test').execute();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ oidc_subject: 'agent-2', display_name: 'Déjà Inscrite' });
    expect(users[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses an address the provider says is unverified, and a tampered state', async () => {
    const unverified = await signInThrough('agent-3');
    expect(unverified.statusCode).toBe(400);
    expect(textOf(unverified.body)).toContain('n’est pas vérifiée');
    expect(unverified.cookies.find((c) => c.name === 'socle_session')).toBeUndefined();
    expect(await db.kysely.selectFrom('users').select('id').where('email', '=', 'non.verifiee@mairie.test').execute()).toHaveLength(0);

    const tampered = await signInThrough('agent-1', { tamperState: true });
    expect(tampered.statusCode).toBe(400);
    expect(textOf(tampered.body)).toContain('La connexion par le fournisseur d’identité a échoué');
    expect(tampered.cookies.find((c) => c.name === 'socle_session')).toBeUndefined();

    const noCookie = await app.inject({ method: 'GET', url: '/connexion/oidc/retour?code=abc&state=def' });
    expect(noCookie.statusCode).toBe(400);
    expect(textOf(noCookie.body)).toContain('La connexion a expiré');
  });
});
