// Sign-up from a dossier invitation (issue 4): the invitation page's « Créer un compte » carries the
// invitation; the invitee who signs up with the invited address skips the e-mail verification (the
// invitation link proved the address), signs in and lands on the invitation, accepts it and joins
// the dossier. Another address gets the usual verification. Both databases; the app in demo mode,
// whose clock replays the 2021 call (the invitation is dated by it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { addSchools, createDossier, inviteSchoolMember } from '../../../src/commands/dossier';
import { demoClock } from '../../../src/web/dossiers';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { STRONG } from '../accounts/support';
import { addApplicant, envOf, RENNES } from '../dossier/support';
import { Browser, dossierApp, textOf } from './support';

const JOSEPH_LOTTE = '0350592D';

describe.each(dialects)('sign-up from a dossier invitation on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let dossierId: string;
  let token: string;
  const invited = 'directrice.lotte@ac-rennes.test';

  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await dossierApp(db);
    const rennes = await addApplicant(db, RENNES);
    const env = envOf(db);
    const now = demoClock()();
    const created = await createDossier(env, rennes.editor, { callId: 'snee-2021', organisationId: rennes.organisationId }, now);
    dossierId = created.id;
    const added = await addSchools(env, rennes.editor, { dossierId, revision: created.revision, uais: [JOSEPH_LOTTE] }, now);
    const inv = await inviteSchoolMember(env, rennes.editor, { dossierId, uai: JOSEPH_LOTTE, role: 'director', email: 'Directrice.Lotte@ac-rennes.test', revision: added.revision }, now);
    token = inv.result.token;
  });
  afterAll(async () => { await app.close(); await db.close(); });

  it('signs up with the invited address without verification, lands on the invitation, accepts it', async () => {
    const b = new Browser(app);
    const invitation = await b.get(`/dossiers/invitations/${token}`);
    expect(invitation.statusCode).toBe(200);
    const signUpHref = `/inscription?invitation=${encodeURIComponent(token)}`;
    expect(invitation.body).toContain(`href="${signUpHref}"`);
    const form = await b.get(signUpHref);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`name="invitation" value="${token}"`);
    const mailsBefore = await db.kysely.selectFrom('mails').select('id').execute();
    const r = await b.post('/inscription', { invitation: token, displayName: 'Nadia Lotte', email: invited, password: STRONG });
    expect(r.statusCode).toBe(303);
    const back = `/dossiers/invitations/${token}`;
    expect(r.headers.location).toBe(`/connexion?inscrit=1&suite=${encodeURIComponent(back)}`);
    const user = await db.kysely.selectFrom('users').selectAll().where('email', '=', invited).executeTakeFirstOrThrow();
    expect(user.email_verified_at).not.toBeNull();
    // No verification link was sent.
    expect(await db.kysely.selectFrom('mails').select('id').execute()).toHaveLength(mailsBefore.length);

    const signIn = await b.get(String(r.headers.location));
    expect(textOf(signIn.body)).toContain('Votre adresse est confirmée par l’invitation');
    const s = await b.post(`/connexion?suite=${encodeURIComponent(back)}`, { email: invited, password: STRONG });
    expect(s.statusCode).toBe(303);
    expect(s.headers.location).toBe(back);
    const landing = await b.get(back);
    expect(landing.statusCode).toBe(200);
    expect(textOf(landing.body)).toContain('Accepter l’invitation');
    const joined = await b.post(back, {});
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe(`/dossiers/${dossierId}?fait=bienvenue`);
    const member = await db.kysely.selectFrom('dossier_members').selectAll().where('dossier_id', '=', dossierId).executeTakeFirstOrThrow();
    expect(member.user_id).toBe(user.id);
    expect(member.joined_at).not.toBeNull();
    expect((await b.get(`/dossiers/${dossierId}`)).statusCode).toBe(200);
  });

  it('asks another address to verify itself as usual (the invitation proves only its own address)', async () => {
    const b = new Browser(app, '198.51.100.9');
    await b.get(`/inscription?invitation=${encodeURIComponent(token)}`);
    const r = await b.post('/inscription', { invitation: token, displayName: 'Autre Personne', email: 'autre.personne@ac-rennes.test', password: STRONG });
    expect(r.statusCode).toBe(200);
    expect(textOf(r.body)).toContain('Consultez votre messagerie');
    const user = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'autre.personne@ac-rennes.test').executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
  });

  it('offers sign-up with the invitation from the sign-in page reached from the invitation', async () => {
    const b = new Browser(app, '198.51.100.10');
    const page = await b.get(`/connexion?suite=${encodeURIComponent(`/dossiers/invitations/${token}`)}`);
    expect(page.body).toContain(`href="/inscription?invitation=${encodeURIComponent(token)}"`);
  });
});
