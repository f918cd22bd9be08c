// Every route of the dossier pages with every role, on both databases: anonymous (sent to sign in),
// a member of the applicant (an editor; and its administrator, who alone revokes a pending
// invitation to a school team), an applicant of another organisation, the director of a school named in
// the dossier, a director of another dossier's school, a reviewer of the académie (nothing while the
// dossier is a draft; reading once it is submitted), and a forged dossier id.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptSchoolInvitation, addSchools, attachFile, createDossier, inviteSchoolMember, saveBudgetLine, saveDiagnostic, saveProject, signProject, submitDossier,
  type CommandActor,
} from '../../../src/commands/dossier';
import { updateLegalDetails } from '../../../src/data/organisations';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addApplicant, addUser, envOf, fullDiagnostic, IN_PERIOD, smallPdf, RENNES, type Applicant } from '../dossier/support';
import { Browser, dossierApp, signedIn } from './support';

const ALBERT_DE_MUN = '0350593E';
const JOSEPH_LOTTE = '0350592D';
const BETTON_SCHOOL = '0350777E';

type Role = 'anonymous' | 'member' | 'admin' | 'otherApplicant' | 'team' | 'otherTeam' | 'reviewer';
const ROLES: Role[] = ['anonymous', 'member', 'admin', 'otherApplicant', 'team', 'otherTeam', 'reviewer'];

describe.each(dialects)('dossier pages: who may do what, on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let rennes: Applicant;
  let id: string;
  let lineId: string;
  let attachmentId: string;
  let pendingMemberId: string;
  const browsers = {} as Record<Role, Browser>;
  const actors = {} as Record<Role, CommandActor | null>;

  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await dossierApp(db);
    const env = envOf(db);
    rennes = await addApplicant(db, RENNES);
    const betton = await addApplicant(db, { kind: 'commune', code: '35024', siren: '213500242', name: 'Commune de Betton', departement: '35' });
    const created = await createDossier(env, rennes.editor, { callId: 'snee-2021', organisationId: rennes.organisationId }, IN_PERIOD);
    id = created.id;
    let rev = (await addSchools(env, rennes.editor, { dossierId: id, revision: 1, uais: [ALBERT_DE_MUN, JOSEPH_LOTTE] }, IN_PERIOD)).revision;
    const line = await saveBudgetLine(env, rennes.editor, { dossierId: id, revision: rev, uai: JOSEPH_LOTTE, volet: 1, category: 'CLASS_DISPLAY', label: 'VPI', quantity: 10, unitHtCents: 200_000, unitTtcCents: 240_000 }, IN_PERIOD);
    lineId = line.result.lineId;
    attachmentId = (await attachFile(env, rennes.editor, { dossierId: id, kind: 'deliberation', fileName: 'd.pdf', bytes: await smallPdf() }, IN_PERIOD)).result.id;
    // An invitation nobody accepts: the one to revoke.
    pendingMemberId = (await inviteSchoolMember(env, rennes.editor, { dossierId: id, uai: ALBERT_DE_MUN, role: 'director', email: 'personne@ac-rennes.test' }, IN_PERIOD)).result.memberId;
    const director = await addUser(db, 'Nadia Directrice', 'school');
    const inv = await inviteSchoolMember(env, rennes.editor, { dossierId: id, uai: JOSEPH_LOTTE, role: 'director', email: director.email! }, IN_PERIOD);
    await acceptSchoolInvitation(env, director, { token: inv.result.token }, IN_PERIOD);
    // A director of a school in Betton's dossier.
    const bd = await createDossier(env, betton.admin, { callId: 'snee-2021', organisationId: betton.organisationId }, IN_PERIOD);
    const other = await addUser(db, 'Paul Autre-École', 'school');
    await addSchools(env, betton.admin, { dossierId: bd.id, revision: 1, uais: [BETTON_SCHOOL] }, IN_PERIOD).catch(() => undefined);
    const inv2 = await inviteSchoolMember(env, betton.admin, { dossierId: bd.id, uai: BETTON_SCHOOL, role: 'director', email: other.email! }, IN_PERIOD).catch(() => undefined);
    if (inv2) await acceptSchoolInvitation(env, other, { token: inv2.result.token }, IN_PERIOD);
    const reviewer = await addUser(db, 'Irène Instructrice', 'reviewer', 'academie:14');
    Object.assign(actors, { anonymous: null, member: rennes.editor, admin: rennes.admin, otherApplicant: betton.admin, team: director, otherTeam: other, reviewer });
    for (const r of ROLES) browsers[r] = actors[r] === null ? new Browser(app) : await signedIn(app, db, actors[r]!);
    void rev;
    rev = 0;
  });
  afterAll(async () => { await app.close(); await db.close(); });

  const pages = () => [
    '', '/ecoles', '/diagnostic', `/diagnostic/${JOSEPH_LOTTE}`, '/budget', '/projet', '/pieces', '/equipe', '/depot', '/messages', '/versions', '/resume',
  ].map((p) => `/dossiers/${id}${p}`);

  const expectGet = async (url: string, expected: Record<Role, number>) => {
    for (const role of ROLES) {
      const r = await browsers[role].get(url);
      expect({ url, role, status: r.statusCode }).toEqual({ url, role, status: expected[role] });
    }
  };

  it('reads the draft dossier: its organisation and its schools\' team only', async () => {
    for (const url of pages()) await expectGet(url, { anonymous: 303, member: 200, admin: 200, otherApplicant: 403, team: 200, otherTeam: 403, reviewer: 403 });
    await expectGet(`/dossiers/${id}/pieces/${attachmentId}`, { anonymous: 303, member: 200, admin: 200, otherApplicant: 403, team: 200, otherTeam: 403, reviewer: 403 });
    await expectGet(`/dossiers/${id}/retrait`, { anonymous: 303, member: 200, admin: 200, otherApplicant: 403, team: 403, otherTeam: 403, reviewer: 403 });
    await expectGet('/dossiers', { anonymous: 303, member: 200, admin: 200, otherApplicant: 200, team: 200, otherTeam: 200, reviewer: 200 });
    const anon = await browsers.anonymous.get(`/dossiers/${id}`);
    expect(anon.headers.location).toBe(`/connexion?suite=${encodeURIComponent(`/dossiers/${id}`)}`);
  });

  it('answers a forged dossier id with the 404 page, a forged write with 403', async () => {
    const forged = crypto.randomUUID();
    for (const role of ROLES.filter((r) => r !== 'anonymous')) {
      expect((await browsers[role].get(`/dossiers/${forged}`)).statusCode).toBe(404);
      expect((await browsers[role].get(`/dossiers/${forged}/budget`)).statusCode).toBe(404);
      expect((await browsers[role].get(`/dossiers/${'x'.repeat(100)}`)).statusCode).toBe(404);
    }
    await browsers.member.get(`/dossiers/${id}/budget`);
    const w = await browsers.member.post(`/dossiers/${forged}/budget`, { revision: '1', uai: JOSEPH_LOTTE, volet: '1', categorie: 'CLASS_DISPLAY', libelle: 'x', quantite: '1', prixUnitaireHT: '1', prixUnitaireTTC: '1' });
    expect(w.statusCode).toBe(403);
  });

  it('lets each role write only what its policy allows (empty forms: refused by the policy before any validation)', async () => {
    const posts: [string, Partial<Record<Role, number | 'ok' | 'refused'>>][] = [
      ['/ecoles', { member: 'ok' }],
      [`/ecoles/${JOSEPH_LOTTE}/effectifs`, { member: 'ok' }],
      [`/ecoles/${ALBERT_DE_MUN}/retirer`, { member: 'ok' }],
      [`/diagnostic/${JOSEPH_LOTTE}`, { member: 'ok', team: 'ok' }],
      [`/diagnostic/${ALBERT_DE_MUN}`, { member: 'ok' }],
      ['/budget', { member: 'ok' }],
      [`/budget/${lineId}/supprimer`, { member: 'ok' }],
      ['/projet', { member: 'ok' }],
      ['/equipe', { member: 'ok' }],
      ['/depot', { member: 'ok' }],
      ['/retrait', { member: 'ok' }],
      ['/messages', { member: 'ok', team: 'ok' }],
      // Revoking a pending invitation: the applicant's administrator only (the others are refused by the policy before any lookup).
      [`/equipe/${pendingMemberId}/annuler`, { admin: 'ok', member: 'refused' }],
    ];
    for (const [path, rules] of posts) {
      // The administrator may what the editor may, unless the route says otherwise.
      const allowed: Partial<Record<Role, number | 'ok' | 'refused'>> = { admin: rules.member, ...rules };
      for (const role of ROLES) {
        const b = browsers[role];
        if (role !== 'anonymous') await b.get(`/dossiers`);
        const r = await b.post(`/dossiers/${id}${path}`, { revision: '0' });
        const status = r.statusCode;
        if (role === 'anonymous') expect({ path, role, status }).toEqual({ path, role, status: 303 });
        else if (allowed[role] === 'ok') expect({ path, role, refused: status === 403 || status >= 500 }).toEqual({ path, role, refused: false });
        else expect({ path, role, status }).toEqual({ path, role, status: 403 });
      }
    }
    expect(await db.kysely.selectFrom('dossier_members').select('id').where('id', '=', pendingMemberId).executeTakeFirst()).toBeUndefined();
    // Co-signing: the director of the school for her role only.
    for (const role of ROLES.filter((r) => r !== 'anonymous')) {
      await browsers[role].get('/dossiers');
      const r = await browsers[role].post(`/dossiers/${id}/signatures`, { revision: '0', uai: JOSEPH_LOTTE, role: 'director' });
      if (role === 'team') expect(r.statusCode).not.toBe(403);
      else expect({ role, status: r.statusCode }).toEqual({ role, status: 403 });
    }
  });

  it('gives the reviewer of the académie read access once the dossier is submitted, and no write', async () => {
    const env = envOf(db);
    // Complete the dossier with the commands, then submit it.
    let rev = (await db.kysely.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision;
    const schools = (await db.kysely.selectFrom('dossier_schools').select('uai').where('dossier_id', '=', id).execute()).map((s) => s.uai);
    for (const uai of schools) {
      rev = (await saveDiagnostic(env, rennes.editor, { dossierId: id, revision: Number(rev), uai, entries: fullDiagnostic() }, IN_PERIOD)).revision;
      rev = (await saveBudgetLine(env, rennes.editor, { dossierId: id, revision: Number(rev), uai, volet: 1, category: 'CLASS_DISPLAY', label: 'VPI', quantity: 10, unitHtCents: 200_000, unitTtcCents: 240_000 }, IN_PERIOD)).revision;
      rev = (await saveBudgetLine(env, rennes.editor, { dossierId: id, revision: Number(rev), uai, volet: 2, category: 'SERVICES_ENT', label: 'ENT', quantity: 1, unitHtCents: 100_000, unitTtcCents: 120_000 }, IN_PERIOD)).revision;
    }
    rev = (await saveProject(env, rennes.editor, { dossierId: id, revision: Number(rev), summary: 'Projet', objectives: [{ code: 'DIGITAL_SKILLS', text: 'Usages.' }], lendingPlan: 'Prêt.', supportText: 'Formation.', coFunding: [] }, IN_PERIOD)).revision;
    await updateLegalDetails(db.kysely, rennes.organisationId, { siret: '21350238800001', signatoryName: 'Claire Le Goff', signatoryCapacity: 'adjointe', iban: '', address: 'Place de la Mairie' }, new Date(IN_PERIOD)).catch(() => undefined);
    const team = actors.team!;
    for (const uai of schools) {
      if (uai !== JOSEPH_LOTTE) {
        const inv = await inviteSchoolMember(env, rennes.editor, { dossierId: id, uai, role: 'director', email: team.email! }, IN_PERIOD);
        await acceptSchoolInvitation(env, team, { token: inv.result.token }, IN_PERIOD);
      }
      rev = (await db.kysely.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision;
      await signProject(env, team, { dossierId: id, revision: Number(rev), uai, role: 'director' }, IN_PERIOD);
    }
    rev = (await db.kysely.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision;
    await submitDossier(env, rennes.editor, { dossierId: id, revision: Number(rev) }, IN_PERIOD);
    for (const url of [...pages(), `/dossiers/${id}/versions/1`, `/dossiers/${id}/versions/1/accuse-de-depot.pdf`]) {
      await expectGet(url, { anonymous: 303, member: 200, admin: 200, otherApplicant: 403, team: 200, otherTeam: 403, reviewer: 200 });
    }
    await browsers.reviewer.get(`/dossiers/${id}`);
    expect((await browsers.reviewer.post(`/dossiers/${id}/projet`, { revision: '1' })).statusCode).toBe(403);
    expect((await browsers.reviewer.post(`/dossiers/${id}/retrait`, { motif: 'x' })).statusCode).toBe(403);
  });
});
