// Organisations on both databases, through the real routes: claim a real commune, confirmation by a
// platform administrator, invitation by e-mail with a role, roles, legal details validation, and
// the policy: non-members get 403, only organisation admins invite or change roles.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/commands/accounts/passwords';
import { insertUser } from '../../../src/data/users';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { textOf } from '../web/support';
import { accountsApp, Browser, linkInMail, signedUpUser, STRONG } from './support';

const RENNES = { insee: '35238', siren: '213502388', siret: '21350238800001' };
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';

describe.each(dialects)('organisations on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let clerk: Browser;
  let orgId: string;
  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await accountsApp(db);
    clerk = await signedUpUser(app, db, 'greffe@mairie-rennes.test', 'Gaëlle Greffe');
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('finds a collectivité by name or SIREN and claims it; the claimant is its admin, pending confirmation', async () => {
    const byName = await clerk.get('/organisations?q=rennes');
    expect(byName.statusCode).toBe(200);
    const nameText = textOf(byName.body);
    expect(nameText).toContain('Rennes');
    expect(nameText).toContain(RENNES.siren);
    expect(nameText).toMatch(/Rennes Métropole/i);
    const bySiren = await clerk.get(`/organisations?q=${RENNES.siren}`);
    expect(textOf(bySiren.body)).toContain(`code INSEE ${RENNES.insee}`);

    const unknown = await clerk.post('/organisations', { kind: 'commune', code: '99999' });
    expect(unknown.statusCode).toBe(400);
    expect(textOf(unknown.body)).toContain('introuvable dans le référentiel');

    const claim = await clerk.post('/organisations', { kind: 'commune', code: RENNES.insee });
    expect(claim.statusCode).toBe(303);
    orgId = /\/organisations\/([0-9a-f-]{36})/.exec(String(claim.headers.location))![1];
    const page = await clerk.get(`/organisations/${orgId}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('En attente de confirmation');
    expect(text).toContain('votre rôle : Administrateur');
    const org = await db.kysely.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ siren: RENNES.siren, kind: 'commune', commune_code: RENNES.insee, departement_code: '35', confirmed_at: null });

    // Before confirmation, no invitation.
    const early = await clerk.post(`/organisations/${orgId}/invitations`, { email: 'x@mairie-rennes.test', role: 'editor' });
    expect(early.statusCode).toBe(403);
  });

  it('a second clerk cannot claim it again nor see it', async () => {
    const other = await signedUpUser(app, db, 'autre@exemple.test', 'Otto Autre');
    await other.get('/organisations');
    const again = await other.post('/organisations', { kind: 'commune', code: RENNES.insee });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('a déjà un espace sur la plateforme');
    expect((await other.get(`/organisations/${orgId}`)).statusCode).toBe(403);
    expect((await other.get(`/organisations/${orgId}/coordonnees`)).statusCode).toBe(403);
    const forged = await other.post(`/organisations/${orgId}/invitations`, { email: 'complice@exemple.test', role: 'admin' });
    expect(forged.statusCode).toBe(403);
    expect((await other.get('/organisations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await other.get('/admin/organisations')).statusCode).toBe(403);
    expect((await other.post(`/admin/organisations/${orgId}/confirmer`, {})).statusCode).toBe(403);
  });

  it('a platform administrator confirms the claim; the claimant is told by mail', async () => {
    await insertUser(db.kysely, { email: 'admin@plateforme.test', displayName: 'Ada Admin', passwordHash: await hashPassword(STRONG), role: 'admin', emailVerifiedAt: new Date().toISOString() }, new Date());
    const admin = new Browser(app);
    await admin.get('/connexion');
    expect((await admin.post('/connexion', { email: 'admin@plateforme.test', password: STRONG })).statusCode).toBe(303);
    const list = await admin.get('/admin/organisations');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('greffe@mairie-rennes.test');
    const confirm = await admin.post(`/admin/organisations/${orgId}/confirmer`, {});
    expect(confirm.statusCode).toBe(303);
    const org = await db.kysely.selectFrom('organisations').select(['confirmed_at', 'confirmed_by']).where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(org.confirmed_at).not.toBeNull();
    const link = await linkInMail(db, 'greffe@mairie-rennes.test', `/organisations/${orgId}`);
    expect(link).toBe(`/organisations/${orgId}`);
    expect(textOf((await clerk.get(`/organisations/${orgId}`)).body)).toContain('Confirmée');
  });

  it('legal details: French messages naming each field, nothing stored; then saved, the IBAN shown masked', async () => {
    await clerk.get(`/organisations/${orgId}/coordonnees`);
    const bad = await clerk.post(`/organisations/${orgId}/coordonnees`, { siret: '21350238800002', signatoryName: '', signatoryCapacity: 'Maire', iban: 'FR76 3000 6000 0112 3456 7890 188', address: '' });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Ce SIRET n’est pas valide');
    expect(text).toContain('Saisissez le nom du signataire');
    expect(text).toMatch(/clé (de contrôle|RIB)/);
    expect(text).toContain('Saisissez l’adresse postale de la collectivité');
    expect(bad.body).toContain('href="#champ-siret"');
    const otherSiren = await clerk.post(`/organisations/${orgId}/coordonnees`, { siret: '21750005600007', signatoryName: 'Nathalie Appéré', signatoryCapacity: 'Maire', iban: IBAN, address: 'Hôtel de ville, place de la Mairie, 35000 Rennes' });
    expect(otherSiren.statusCode).toBe(400);
    expect(textOf(otherSiren.body)).toContain(`Le SIRET doit commencer par le SIREN de Rennes (${RENNES.siren})`);
    let row = await db.kysely.selectFrom('organisations').select(['siret', 'iban', 'signatory_name']).where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(row).toEqual({ siret: null, iban: null, signatory_name: null });

    const ok = await clerk.post(`/organisations/${orgId}/coordonnees`, { siret: '213 502 388 00001', signatoryName: 'Nathalie Appéré', signatoryCapacity: 'Maire', iban: IBAN.toLowerCase(), address: 'Hôtel de ville, place de la Mairie, 35000 Rennes' });
    expect(ok.statusCode).toBe(303);
    row = await db.kysely.selectFrom('organisations').select(['siret', 'iban', 'signatory_name']).where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(row).toEqual({ siret: RENNES.siret, iban: 'FR7630006000011234567890189', signatory_name: 'Nathalie Appéré' });
    const page = await clerk.get(`/organisations/${orgId}`);
    expect(textOf(page.body)).toContain('FR76 **** **** **** **** ***0 189');
    expect(page.body).not.toContain('30006000011234567890');
  });

  it('the admin invites a colleague by e-mail with a role; the invitee signs up from the link and joins', async () => {
    await clerk.get(`/organisations/${orgId}`);
    const bad = await clerk.post(`/organisations/${orgId}/invitations`, { email: 'pas-une-adresse', role: 'chef' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('L’adresse électronique n’est pas valide');
    expect(textOf(bad.body)).toContain('Choisissez le rôle');
    await clerk.get(`/organisations/${orgId}`);
    const inv = await clerk.post(`/organisations/${orgId}/invitations`, { email: 'Redac@Mairie-Rennes.test', role: 'editor' });
    expect(inv.statusCode).toBe(303);
    expect(textOf((await clerk.get(`/organisations/${orgId}`)).body)).toContain('redac@mairie-rennes.test — Rédacteur');

    const link = await linkInMail(db, 'redac@mairie-rennes.test', '/invitations/');
    const token = link.split('/').pop()!;
    const invitee = new Browser(app, '198.51.100.50');
    const view = await invitee.get(link);
    expect(view.statusCode).toBe(200);
    expect(textOf(view.body)).toContain('Rejoindre Rennes');
    expect(view.headers['set-cookie']).toBeUndefined();

    // Someone else signed in cannot use it.
    const stranger = await signedUpUser(app, db, 'intrus@exemple.test', 'Iris Intruse');
    await stranger.get(link);
    const stolen = await stranger.post(link, {});
    expect(stolen.statusCode).toBe(403);
    expect(textOf(stolen.body)).toContain('Cette invitation a été envoyée à redac@mairie-rennes.test');

    await invitee.get(`/inscription?invitation=${token}`);
    const signUp = await invitee.post('/inscription', { displayName: 'Rémi Rédac', email: 'redac@mairie-rennes.test', password: STRONG, invitation: token });
    expect(signUp.statusCode).toBe(303);
    expect(signUp.headers.location).toBe(`/connexion?inscrit=1&suite=${encodeURIComponent(link)}`);
    await invitee.get(String(signUp.headers.location));
    const signIn = await invitee.post(String(signUp.headers.location), { email: 'redac@mairie-rennes.test', password: STRONG });
    expect(signIn.headers.location).toBe(link);
    await invitee.get(link);
    const join = await invitee.post(link, {});
    expect(join.statusCode).toBe(303);
    expect(join.headers.location).toBe(`/organisations/${orgId}?fait=bienvenue`);
    const m = await db.kysely.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('memberships.role')
      .where('users.email', '=', 'redac@mairie-rennes.test').where('organisation_id', '=', orgId).executeTakeFirstOrThrow();
    expect(m.role).toBe('editor');
    // Single use.
    expect((await invitee.get(link)).statusCode).toBe(410);

    // An editor sees the organisation, but neither invites, nor changes roles, nor edits legal details.
    const page = await invitee.get(`/organisations/${orgId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Inviter un collègue');
    expect((await invitee.post(`/organisations/${orgId}/invitations`, { email: 'x@exemple.test', role: 'admin' })).statusCode).toBe(403);
    expect((await invitee.get(`/organisations/${orgId}/coordonnees`)).statusCode).toBe(403);
    await invitee.get(`/organisations/${orgId}`);
    expect((await invitee.post(`/organisations/${orgId}/coordonnees`, { siret: RENNES.siret, signatoryName: 'X Y', signatoryCapacity: 'Maire', iban: IBAN, address: 'Ailleurs 35000' })).statusCode).toBe(403);
    const clerkId = (await db.kysely.selectFrom('users').select('id').where('email', '=', 'greffe@mairie-rennes.test').executeTakeFirstOrThrow()).id;
    await invitee.get(`/organisations/${orgId}`);
    expect((await invitee.post(`/organisations/${orgId}/membres/${clerkId}/role`, { role: 'reader' })).statusCode).toBe(403);
  });

  it('the admin changes roles, but the organisation keeps at least one admin', async () => {
    const ids = Object.fromEntries((await db.kysely.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email, u.id]));
    await clerk.get(`/organisations/${orgId}`);
    const toReader = await clerk.post(`/organisations/${orgId}/membres/${ids['redac@mairie-rennes.test']}/role`, { role: 'reader' });
    expect(toReader.statusCode).toBe(303);
    await clerk.get(`/organisations/${orgId}`);
    const self = await clerk.post(`/organisations/${orgId}/membres/${ids['greffe@mairie-rennes.test']}/role`, { role: 'editor' });
    expect(self.statusCode).toBe(409);
    expect(textOf(self.body)).toContain('doit garder au moins un administrateur');
    await clerk.get(`/organisations/${orgId}`);
    const badRole = await clerk.post(`/organisations/${orgId}/membres/${ids['redac@mairie-rennes.test']}/role`, { role: 'chef' });
    expect(badRole.statusCode).toBe(400);
    const roles = await db.kysely.selectFrom('memberships').select(['user_id', 'role']).where('organisation_id', '=', orgId).execute();
    expect(Object.fromEntries(roles.map((r) => [r.user_id, r.role]))).toEqual({ [ids['greffe@mairie-rennes.test']]: 'admin', [ids['redac@mairie-rennes.test']]: 'reader' });
    await clerk.get(`/organisations/${orgId}`);
    expect((await clerk.post(`/organisations/${orgId}/membres/${ids['redac@mairie-rennes.test']}/retirer`, {})).statusCode).toBe(303);
    expect(await db.kysely.selectFrom('memberships').select('user_id').where('organisation_id', '=', orgId).execute()).toHaveLength(1);
  });
});
