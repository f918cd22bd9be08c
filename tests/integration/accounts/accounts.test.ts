// Accounts on both databases, through the real routes: sign-up → verification mail → sign-in →
// session cookie → CSRF → sign-out; throttling per account and per address; password reset links
// single-use and expiring; no account enumeration.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPasswordReset, resetPassword } from '../../../src/commands/accounts';
import { sha256 } from '../../../src/data/users';
import { Mailer } from '../../../src/mail/mailer';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { textOf } from '../web/support';
import { accountsApp, Browser, csrfTokenOf, linkInMail, signedUpUser, STRONG } from './support';

describe.each(dialects)('accounts on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await accountsApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('sign-up, verification link, sign-in with a session cookie, CSRF, sign-out', async () => {
    const b = new Browser(app);
    const form = await b.get('/inscription');
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Au moins 12 caractères');
    // The anonymous form's CSRF secret: a cookie set by this page only.
    expect(b.cookies.has('socle_csrf')).toBe(true);
    expect(b.cookies.has('socle_session')).toBe(false);

    // Weak password, bad e-mail: French messages naming the field, nothing stored.
    const bad = await b.post('/inscription', { displayName: 'Anne Martin', email: 'anne@', password: 'court' });
    expect(bad.statusCode).toBe(400);
    const badText = textOf(bad.body);
    expect(badText).toContain('L’adresse électronique n’est pas valide');
    expect(bad.body).toContain('fr-input-group--error');
    const weak = await b.post('/inscription', { displayName: 'Anne Martin', email: 'anne.martin@mairie.test', password: 'motdepasse-sans-majuscule1' });
    expect(textOf(weak.body)).toContain('Le mot de passe doit contenir au moins une majuscule');
    expect(await db.kysely.selectFrom('users').select('id').where('email', '=', 'anne.martin@mairie.test').executeTakeFirst()).toBeUndefined();

    const ok = await b.post('/inscription', { displayName: 'Anne Martin', email: 'Anne.Martin@mairie.test', password: STRONG });
    expect(ok.statusCode).toBe(200);
    expect(textOf(ok.body)).toContain('Consultez votre messagerie');
    const user = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'anne.martin@mairie.test').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.email_verified_at).toBeNull();

    // Not verified yet: the right password is not enough.
    await b.get('/connexion');
    const early = await b.post('/connexion', { email: 'anne.martin@mairie.test', password: STRONG });
    expect(early.statusCode).toBe(403);
    expect(textOf(early.body)).toContain('Adresse électronique à confirmer');

    const link = await linkInMail(db, 'anne.martin@mairie.test', '/compte/verifier/');
    const verified = await b.get(link);
    expect(verified.statusCode).toBe(200);
    expect(textOf(verified.body)).toContain('Votre adresse électronique est confirmée');
    expect((await b.get(link)).statusCode).toBe(410); // single use

    // Sign-in without the CSRF token of the page: refused.
    const noToken = await b.post('/connexion', { email: 'anne.martin@mairie.test', password: STRONG }, { csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect(textOf(noToken.body)).toContain('Ce formulaire a expiré');

    await b.get('/connexion?suite=%2Fcompte');
    const signIn = await b.post('/connexion?suite=%2Fcompte', { email: 'anne.martin@mairie.test', password: STRONG });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/compte');
    const cookie = signIn.cookies.find((c) => c.name === 'socle_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy(); // PUBLIC_URL is http here
    // Only the hash of the token is stored.
    const stored = await db.kysely.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].id_hash).toBe(sha256(cookie.value));

    const account = await b.get('/compte');
    expect(account.statusCode).toBe(200);
    const accountText = textOf(account.body);
    expect(accountText).toContain('Anne Martin');
    expect(accountText).toContain('Se déconnecter');

    // Sign-out is a POST with the session's CSRF token; without it, refused and still signed in.
    const forged = await b.post('/deconnexion', {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    const wrong = await b.post('/deconnexion', { _csrf: 'abc-def' });
    expect(wrong.statusCode).toBe(403);
    expect((await b.get('/compte')).statusCode).toBe(200);
    const out = await b.post('/deconnexion', {});
    expect(out.statusCode).toBe(303);
    expect(b.cookies.has('socle_session')).toBe(false);
    expect(await db.kysely.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0);
    // The old cookie opens nothing any more.
    const replay = await app.inject({ method: 'GET', url: '/compte', headers: { cookie: `socle_session=${cookie.value}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/connexion?suite=%2Fcompte');
  });

  it('rotates the session at sign-in and refuses a session after its expiry', async () => {
    const b = await signedUpUser(app, db, 'rotation@mairie.test', 'Rita Rotation');
    const first = b.cookies.get('socle_session')!;
    await b.get('/connexion');
    await b.post('/connexion', { email: 'rotation@mairie.test', password: STRONG });
    const second = b.cookies.get('socle_session')!;
    expect(second).not.toBe(first);
    expect(await db.kysely.selectFrom('sessions').select('id_hash').where('id_hash', '=', sha256(first)).executeTakeFirst()).toBeUndefined();
    await db.kysely.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id_hash', '=', sha256(second)).execute();
    const res = await b.get('/compte');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/connexion/);
  });

  it('anonymous visitors are sent to sign-in from the account and organisation pages', async () => {
    for (const url of ['/compte', '/organisations', '/organisations/00000000-0000-0000-0000-000000000000', '/admin/organisations']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toBe(`/connexion?suite=${encodeURIComponent(url)}`);
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
    const post = await app.inject({ method: 'POST', url: '/organisations', payload: 'kind=commune&code=35238', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/connexion');
  });

  it('throttles sign-in per account, counted in the database, with a French message saying when to retry', async () => {
    await signedUpUser(app, db, 'cible@mairie.test', 'Claire Cible');
    // Five failures from five different addresses…
    for (let i = 0; i < 5; i++) {
      const b = new Browser(app, `192.0.2.${10 + i}`);
      await b.get('/connexion');
      const r = await b.post('/connexion', { email: 'cible@mairie.test', password: `Mauvais-mot-${i}!` });
      expect(r.statusCode).toBe(401);
      expect(textOf(r.body)).toContain('Adresse électronique ou mot de passe incorrect');
    }
    // …then even the right password is refused, from yet another address, without checking it.
    const b = new Browser(app, '192.0.2.99');
    await b.get('/connexion');
    const r = await b.post('/connexion', { email: 'cible@mairie.test', password: STRONG });
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(800);
    expect(textOf(r.body)).toMatch(/réessayez à partir de \d{2} h \d{2} \(heure de Paris\), soit dans 1[45] minutes/);
    const rows = await db.kysely.selectFrom('sign_in_attempts').select('key').where('key', '=', 'account:cible@mairie.test').execute();
    expect(rows).toHaveLength(5);
    // The window passes (failures aged by 16 minutes): the account may sign in again.
    const aged = new Date(Date.now() - 16 * 60_000).toISOString();
    await db.kysely.updateTable('sign_in_attempts').set({ at: aged }).where('key', '=', 'account:cible@mairie.test').execute();
    await b.get('/connexion');
    expect((await b.post('/connexion', { email: 'cible@mairie.test', password: STRONG })).statusCode).toBe(303);
    expect(await db.kysely.selectFrom('sign_in_attempts').select('key').where('key', '=', 'account:cible@mairie.test').execute()).toHaveLength(0);
  });

  it('throttles sign-in per address', async () => {
    await signedUpUser(app, db, 'voisin@mairie.test', 'Victor Voisin', '203.0.113.200');
    const b = new Browser(app, '203.0.113.66');
    await b.get('/connexion');
    for (let i = 0; i < 20; i++) {
      const r = await b.post('/connexion', { email: `inconnu${i}@nulle-part.test`, password: 'Nimporte-quoi-1!' });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await b.post('/connexion', { email: 'voisin@mairie.test', password: STRONG });
    expect(blocked.statusCode).toBe(429);
    expect(textOf(blocked.body)).toContain('Trop de tentatives de connexion échouées');
    // Another address is not affected.
    const other = new Browser(app, '203.0.113.67');
    await other.get('/connexion');
    expect((await other.post('/connexion', { email: 'voisin@mairie.test', password: STRONG })).statusCode).toBe(303);
  });

  it('password reset: same answer for unknown addresses, link single-use and expiring, sessions ended', async () => {
    const signedIn = await signedUpUser(app, db, 'oubli@mairie.test', 'Olga Oubli');
    const b = new Browser(app);
    await b.get('/mot-de-passe-oublie');
    const known = await b.post('/mot-de-passe-oublie', { email: 'oubli@mairie.test' });
    await b.get('/mot-de-passe-oublie');
    const unknown = await b.post('/mot-de-passe-oublie', { email: 'personne@mairie.test' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (s: string) => textOf(s).replace(/\S+@mairie\.test/g, 'X');
    expect(strip(unknown.body)).toBe(strip(known.body));
    expect((await db.kysely.selectFrom('mails').select('id').where('to_address', '=', 'personne@mairie.test').execute())).toHaveLength(0);

    const link = await linkInMail(db, 'oubli@mairie.test', '/mot-de-passe/nouveau/');
    expect((await b.get(link)).statusCode).toBe(200);
    const weak = await b.post(link, { password: 'faible' });
    expect(weak.statusCode).toBe(400);
    expect(textOf(weak.body)).toContain('au moins 12 caractères');
    await b.get(link);
    const done = await b.post(link, { password: 'Nouveau-Secret-2025' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/connexion?modifie=1');
    // Single use.
    expect((await b.get(link)).statusCode).toBe(410);
    // Every session of the account ended; the new password works, the old one not.
    expect((await signedIn.get('/compte')).statusCode).toBe(303);
    await b.get('/connexion');
    expect((await b.post('/connexion', { email: 'oubli@mairie.test', password: STRONG })).statusCode).toBe(401);
    expect((await b.post('/connexion', { email: 'oubli@mairie.test', password: 'Nouveau-Secret-2025' })).statusCode).toBe(303);

    // Expiring: a link older than one hour is refused (command with a clock, then the route).
    const mailer = new Mailer({ smtpUrl: undefined, publicUrl: 'http://socle.test' });
    const t0 = new Date(Date.now() - 2 * 3600_000);
    await requestPasswordReset({ db, mailer, now: () => t0 }, 'oubli@mairie.test');
    const oldMail = await db.kysely.selectFrom('mails').select('body_text').where('to_address', '=', 'oubli@mairie.test').where('created_at', '=', t0.toISOString()).executeTakeFirstOrThrow();
    const old = /https?:\/\/[^\s/]+(\/mot-de-passe\/nouveau\/\S+)/.exec(oldMail.body_text)![1];
    const secret = old.split('/').pop()!;
    expect(await resetPassword({ db, mailer }, secret, 'Encore-Un-Secret-3')).toBe('expired');
    const page = await b.get(old);
    expect(page.statusCode).toBe(410);
    expect(textOf(page.body)).toContain('Ce lien a expiré');
  });

  it('signing up again with a known address reveals nothing and mails the owner', async () => {
    await signedUpUser(app, db, 'deja@mairie.test', 'Denis Déjà');
    const b = new Browser(app);
    await b.get('/inscription');
    const res = await b.post('/inscription', { displayName: 'Imposteur', email: 'deja@mairie.test', password: STRONG });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Consultez votre messagerie');
    const mails = await db.kysely.selectFrom('mails').select('subject').where('to_address', '=', 'deja@mairie.test').execute();
    expect(mails.map((m) => m.subject)).toContain('Vous avez déjà un compte');
    const user = await db.kysely.selectFrom('users').select('display_name').where('email', '=', 'deja@mairie.test').executeTakeFirstOrThrow();
    expect(user.display_name).toBe('Denis Déjà');
  });

  it('the outbox page does not exist outside the demo; in the demo it lists the mails', async () => {
    expect((await app.inject({ method: 'GET', url: '/boite-mail' })).statusCode).toBe(404);
    const demo = await accountsApp(db, { SOCLE_DEMO: '1' });
    try {
      const res = await demo.inject({ method: 'GET', url: '/boite-mail' });
      expect(res.statusCode).toBe(200);
      expect(textOf(res.body)).toContain('Confirmez votre adresse électronique');
      // Links to the platform are relative in the outbox.
      expect(res.body).toMatch(/href="\/compte\/verifier\/[A-Za-z0-9_-]+"/);
      expect(res.headers['set-cookie']).toBeUndefined();
    } finally {
      await demo.close();
    }
  });

  it('the header shows « Se connecter » to visitors and the signed-in page carries a CSRF token', async () => {
    const anon = await app.inject({ method: 'GET', url: '/' });
    expect(textOf(anon.body)).toContain('Se connecter');
    expect(csrfTokenOf(anon.body)).toBeUndefined();
    const b = await signedUpUser(app, db, 'entete@mairie.test', 'Émile Entête');
    const home = await b.get('/');
    expect(textOf(home.body)).toContain('Émile Entête');
    expect(csrfTokenOf(home.body)).toBeDefined();
  });
});
