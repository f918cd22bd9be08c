// Revoking a pending invitation, through the pages (forms with their CSRF token, no script), on both
// databases: an invitation to a dossier's school team, revoked by an administrator of the applicant
// (an event of the dossier's history, the hash chain still whole), and an invitation to join the
// organisation, revoked by one of its administrators. The revoked link then says so in French, and
// accepting it is refused; editors, readers, school teams, strangers and visitors cannot revoke.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSchoolInvitation, addSchools, createDossier, inviteSchoolMember } from '../../../src/commands/dossier';
import { verifyEventChain } from '../../../src/data/dossiers';
import { demoClock } from '../../../src/web/dossiers';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { csrfTokenOf, linkInMail } from '../accounts/support';
import { addApplicant, addUser, envOf, RENNES, type Applicant } from '../dossier/support';
import { Browser, dossierApp, signedIn, textOf } from './support';

const JOSEPH_LOTTE = '0350592D';

describe.each(dialects)('revoking a pending invitation on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let rennes: Applicant;
  let dossierId: string;

  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await dossierApp(db);
    rennes = await addApplicant(db, RENNES);
    const env = envOf(db);
    const now = demoClock()();
    const created = await createDossier(env, rennes.editor, { callId: 'snee-2021', organisationId: rennes.organisationId }, now);
    dossierId = created.id;
    await addSchools(env, rennes.editor, { dossierId, revision: created.revision, uais: [JOSEPH_LOTTE] }, now);
  });
  afterAll(async () => { await app.close(); await db.close(); });

  const memberIdOf = async (email: string) =>
    (await db.kysely.selectFrom('dossier_members').select('id').where('dossier_id', '=', dossierId).where('email', '=', email).executeTakeFirst())?.id;

  it("lets the applicant's administrator revoke a school-team invitation: its link says so, the history keeps it", async () => {
    const invited = await addUser(db, 'Nadia Directrice', 'school');
    const admin = await signedIn(app, db, rennes.admin);
    await admin.get(`/dossiers/${dossierId}/equipe`);
    expect((await admin.post(`/dossiers/${dossierId}/equipe`, { uai: JOSEPH_LOTTE, role: 'director', courriel: invited.email! })).statusCode).toBe(303);
    const link = await linkInMail(db, invited.email!, '/dossiers/invitations/');
    const memberId = (await memberIdOf(invited.email!))!;

    // The team page offers the administrator a form (CSRF token, plain POST) for the pending invitation; an editor gets none.
    const page = await admin.get(`/dossiers/${dossierId}/equipe`);
    expect(page.body).toContain(`action="/dossiers/${dossierId}/equipe/${memberId}/annuler"`);
    expect(textOf(page.body)).toContain(`Annuler l’invitation de ${invited.email} (directeur ou directrice`);
    const editorPage = await (await signedIn(app, db, rennes.editor)).get(`/dossiers/${dossierId}/equipe`);
    expect(editorPage.body).not.toContain('/annuler"');

    // Without the CSRF token: refused, nothing changes.
    const forged = await admin.post(`/dossiers/${dossierId}/equipe/${memberId}/annuler`, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await memberIdOf(invited.email!)).toBe(memberId);

    await admin.get(`/dossiers/${dossierId}/equipe`);
    const revoked = await admin.post(`/dossiers/${dossierId}/equipe/${memberId}/annuler`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/dossiers/${dossierId}/equipe?fait=invitation-annulee`);
    const after = await admin.get(String(revoked.headers.location));
    expect(textOf(after.body)).toContain('Invitation annulée : son lien ne fonctionne plus.');
    expect(textOf(after.body)).not.toContain(invited.email!);
    expect(await memberIdOf(invited.email!)).toBeUndefined();

    // The history: the invitation and its revocation, by whom; the chain still verifies.
    const events = await db.kysely.selectFrom('dossier_events').select(['kind', 'actor_label', 'payload']).where('dossier_id', '=', dossierId).orderBy('seq').execute();
    const last = events.at(-1)!;
    expect(last.kind).toBe('member_invitation_revoked');
    expect(last.actor_label).toBe('Admin Commune de Rennes');
    expect(JSON.parse(last.payload)).toMatchObject({ memberId, uai: JOSEPH_LOTTE, role: 'director', email: invited.email });
    expect(await verifyEventChain(db.kysely, dossierId)).toBeNull();
    expect(textOf((await admin.get(`/dossiers/${dossierId}`)).body)).toContain(`Invitation d'un membre d'équipe d'école annulée — (${JOSEPH_LOTTE}) : ${invited.email}`);

    // The link: a clear French message, for a visitor and for the invitee signed in; accepting is refused.
    const visitor = await new Browser(app).get(link);
    expect(visitor.statusCode).toBe(410);
    expect(textOf(visitor.body)).toContain('Cette invitation a été annulée par la collectivité le');
    expect(visitor.body).not.toContain('Accepter l’invitation');
    const invitee = await signedIn(app, db, invited);
    const shown = await invitee.get(link);
    expect(shown.statusCode).toBe(410);
    await invitee.get('/dossiers');
    const accept = await invitee.post(link, {});
    expect(accept.statusCode).toBe(410);
    expect(textOf(accept.body)).toContain('Cette invitation a été annulée par la collectivité');
    await expect(acceptSchoolInvitation(envOf(db), invited, { token: link.split('/').pop()! }, demoClock()())).rejects.toThrow(/annulée par la collectivité/);
    expect((await invitee.get(`/dossiers/${dossierId}`)).statusCode).toBe(403);

    // Invited again, the person can join.
    await admin.get(`/dossiers/${dossierId}/equipe`);
    expect((await admin.post(`/dossiers/${dossierId}/equipe`, { uai: JOSEPH_LOTTE, role: 'director', courriel: invited.email! })).statusCode).toBe(303);
  });

  it('refuses to revoke an accepted invitation, and an unknown one, with a French message', async () => {
    const env = envOf(db);
    const joined = await addUser(db, 'Irène IEN', 'school');
    const inv = await inviteSchoolMember(env, rennes.admin, { dossierId, uai: JOSEPH_LOTTE, role: 'ien', email: joined.email! }, demoClock()());
    await acceptSchoolInvitation(env, joined, { token: inv.result.token }, demoClock()());
    const admin = await signedIn(app, db, rennes.admin);
    await admin.get(`/dossiers/${dossierId}/equipe`);
    const r = await admin.post(`/dossiers/${dossierId}/equipe/${inv.result.memberId}/annuler`, {});
    expect(r.statusCode).toBe(409);
    expect(textOf(r.body)).toContain(`${joined.email} a accepté l'invitation le`);
    expect(await memberIdOf(joined.email!)).toBe(inv.result.memberId);
    await admin.get(`/dossiers/${dossierId}/equipe`);
    const unknown = await admin.post(`/dossiers/${dossierId}/equipe/00000000-0000-4000-8000-000000000000/annuler`, {});
    expect(unknown.statusCode).toBe(404);
    expect(textOf(unknown.body)).toContain("Cette invitation n'existe pas (ou plus) dans ce dossier");
  });

  it("lets the organisation's administrator revoke an invitation to join it: the link says so and no longer lets anyone in", async () => {
    const admin = await signedIn(app, db, rennes.admin);
    await admin.get(`/organisations/${rennes.organisationId}`);
    expect((await admin.post(`/organisations/${rennes.organisationId}/invitations`, { email: 'collegue@mairie-rennes.test', role: 'editor' })).statusCode).toBe(303);
    const link = await linkInMail(db, 'collegue@mairie-rennes.test', '/invitations/');
    const page = await admin.get(`/organisations/${rennes.organisationId}`);
    const action = /action="(\/organisations\/[^"]+\/invitations\/[0-9a-f]{64}\/annuler)"/.exec(page.body)?.[1];
    expect(action).toBeDefined();
    expect(textOf(page.body)).toContain('Annuler l’invitation de collegue@mairie-rennes.test');

    // Members who are not administrators, other applicants, school staff, reviewers, the platform's administrators and visitors: refused, nothing changes.
    const betton = await addApplicant(db, { kind: 'commune', code: '35024', siren: '213500242', name: 'Commune de Betton', departement: '35' });
    const school = await addUser(db, 'Paul Directeur', 'school');
    const reviewer = await addUser(db, 'Irène Instructrice', 'reviewer', 'academie:14');
    // A platform administrator confirms claims but does not manage an organisation's members.
    const platformAdmin = await addUser(db, 'Alix Administratrice');
    await db.kysely.updateTable('users').set({ role: 'admin' }).where('id', '=', platformAdmin.id).execute();
    for (const actor of [rennes.editor, rennes.reader, betton.admin, school, reviewer, { ...platformAdmin, role: 'admin' as const }]) {
      const b = await signedIn(app, db, actor);
      await b.get('/organisations');
      expect(csrfTokenOf(b.lastHtml)).toBeDefined();
      expect({ who: actor.displayName, status: (await b.post(action!, {})).statusCode }).toEqual({ who: actor.displayName, status: 403 });
    }
    expect((await new Browser(app).post(action!, {})).statusCode).toBe(303);
    expect((await new Browser(app).get(link)).statusCode).toBe(200);

    await admin.get(`/organisations/${rennes.organisationId}`);
    const revoked = await admin.post(action!, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/organisations/${rennes.organisationId}?fait=invitation-annulee`);
    const after = await admin.get(String(revoked.headers.location));
    expect(textOf(after.body)).toContain('Invitation annulée : son lien ne fonctionne plus');
    expect(textOf(after.body)).toContain('Aucune invitation en attente.');

    const view = await new Browser(app).get(link);
    expect(view.statusCode).toBe(410);
    expect(textOf(view.body)).toContain('Cette invitation a été annulée le');
    expect(textOf(view.body)).toContain('par un administrateur de Commune de Rennes : son lien ne fonctionne plus.');
    const colleague = await addUser(db, 'Camille Collègue');
    await db.kysely.updateTable('users').set({ email: 'collegue@mairie-rennes.test' }).where('id', '=', colleague.id).execute();
    const b = await signedIn(app, db, { ...colleague, email: 'collegue@mairie-rennes.test' });
    await b.get(link);
    const accept = await b.post(link, {});
    expect(accept.statusCode).toBe(410);
    expect(textOf(accept.body)).toContain('Cette invitation a été annulée le');
    expect(await db.kysely.selectFrom('memberships').select('role').where('user_id', '=', colleague.id).executeTakeFirst()).toBeUndefined();

    // Twice: already revoked.
    await admin.get(`/organisations/${rennes.organisationId}`);
    const again = await admin.post(action!, {});
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('L’invitation de collegue@mairie-rennes.test est déjà annulée.');
  });
});
