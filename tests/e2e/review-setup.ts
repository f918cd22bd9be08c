// Setup of the académie's e2e journey (tests/e2e/review.spec.ts), run by the spec as
// `node --import tsx tests/e2e/review-setup.ts` against the test server's DATA_DIR: three dossiers
// of the académie of Rennes submitted through the applicant's commands (building them through the
// pages is the applicant's journey, tested in applicant.spec.ts):
//  - the main one, of the commune of Rennes, whose clerk is the demo applicant (it goes on in the pages);
//  - two others (Saint-Malo, Brest), taken by the demo reviewer of Rennes who proposes to accept them.
// Prints a JSON line: { main: {id, reference}, others: [{id, reference}] }.
import { readSettings } from '../../src/config';
import { openDb } from '../../src/data/db';
import { proposeDecision, takeDossier } from '../../src/commands/review';
import {
  acceptSchoolInvitation, addSchools, attachFile, createDossier, inviteSchoolMember, saveBudgetLine, saveDiagnostic, saveProject, signProject, submitDossier, updateSchool,
  type CommandActor, type CommandEnv,
} from '../../src/commands/dossier';
import { addApplicant, addUser, fullDiagnostic, IN_PERIOD, smallPdf } from '../integration/dossier/support';
import { siretOf } from '../integration/review/support';
import type { TestDb } from '../support/databases';

const RENNES = { insee: '35238', siren: '213502388' };
const REVIEWER = 'instructeur.rennes@demo.socle.invalid';
const APPLICANT = 'mairie.rennes@demo.socle.invalid';

const db = openDb(readSettings());
const env: CommandEnv = { kysely: db.kysely, dialect: db.dialect, dataDir: readSettings().dataDir };
const testDb = db as unknown as TestDb;

async function userByMail(email: string): Promise<CommandActor> {
  const u = await db.kysely.selectFrom('users').select(['id', 'role', 'scope', 'email', 'display_name']).where('email', '=', email).executeTakeFirstOrThrow();
  return { id: u.id, role: u.role, scope: u.scope, email: u.email ?? undefined, displayName: u.display_name ?? undefined } as CommandActor;
}

/** A dossier of `insee` with one elementary school, submitted by `who` for `organisationId`. */
async function submitted(insee: string, organisationId: string, who: CommandActor, ttc: number): Promise<{ id: string; reference: string }> {
  const school = await db.kysely.selectFrom('schools').select(['uai', 'classes']).where('commune_code', '=', insee)
    .where((eb) => eb.or([eb('nature_label', 'is', null), eb('nature_label', 'not like', '%MATERNELLE%')])).orderBy('uai').executeTakeFirstOrThrow();
  const created = await createDossier(env, who, { callId: 'snee-2021', organisationId }, IN_PERIOD);
  const id = created.id;
  let revision = (await addSchools(env, who, { dossierId: id, revision: created.revision, uais: [school.uai] }, IN_PERIOD)).revision;
  if (school.classes === null || Number(school.classes) < 2) {
    revision = (await updateSchool(env, who, { dossierId: id, revision, uai: school.uai, classes: 8, pupils: 180, reason: 'Effectifs de la rentrée 2021.' }, IN_PERIOD)).revision;
  }
  revision = (await saveDiagnostic(env, who, { dossierId: id, revision, uai: school.uai, entries: fullDiagnostic() }, IN_PERIOD)).revision;
  revision = (await saveBudgetLine(env, who, { dossierId: id, revision, uai: school.uai, volet: 1, category: 'CLASS_DISPLAY', label: 'Vidéoprojecteurs interactifs', quantity: 3, unitHtCents: Math.round(ttc / 1.2), unitTtcCents: ttc }, IN_PERIOD)).revision;
  revision = (await saveBudgetLine(env, who, { dossierId: id, revision, uai: school.uai, volet: 1, category: 'CLASS_DISPLAY', label: 'Écrans de fond de classe', quantity: 2, unitHtCents: 100_000, unitTtcCents: 120_000 }, IN_PERIOD)).revision;
  revision = (await saveBudgetLine(env, who, { dossierId: id, revision, uai: school.uai, volet: 2, category: 'SERVICES_ENT', label: 'ENT deux ans', quantity: 1, unitHtCents: 25_000, unitTtcCents: 30_000 }, IN_PERIOD)).revision;
  revision = (await saveProject(env, who, {
    dossierId: id, revision, summary: "Équiper l'école élémentaire de la commune.", objectives: [{ code: 'DIGITAL_SKILLS', text: 'Usages en classe.' }],
    lendingPlan: 'Prêt des équipements aux familles.', supportText: "Formation par l'ERUN de la circonscription.", coFunding: [],
  }, IN_PERIOD)).revision;
  await attachFile(env, who, { dossierId: id, kind: 'deliberation', fileName: 'deliberation.pdf', bytes: await smallPdf() }, IN_PERIOD);
  const director = await addUser(testDb, `Directrice ${insee.replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`, 'school');
  const inv = await inviteSchoolMember(env, who, { dossierId: id, uai: school.uai, role: 'director', email: director.email! }, IN_PERIOD);
  await acceptSchoolInvitation(env, director, { token: inv.result.token }, IN_PERIOD);
  revision = Number((await db.kysely.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision);
  revision = (await signProject(env, director, { dossierId: id, revision, uai: school.uai, role: 'director' }, IN_PERIOD)).revision;
  await submitDossier(env, who, { dossierId: id, revision }, IN_PERIOD);
  return { id, reference: created.reference };
}

async function main() {
  // The demo applicant's commune gets complete legal details (the applicant's journey fills them in the pages).
  const rennes = await db.kysely.selectFrom('organisations').select('id').where('siren', '=', RENNES.siren).executeTakeFirstOrThrow();
  await db.kysely.updateTable('organisations').set({
    siret: siretOf(RENNES.siren), signatory_name: 'Nathalie Appéré', signatory_capacity: 'Maire', address: 'Hôtel de ville, place de la Mairie, 35000 Rennes',
  }).where('id', '=', rennes.id).execute();
  const main = await submitted(RENNES.insee, rennes.id, await userByMail(APPLICANT), 150_000);

  const reviewer = await userByMail(REVIEWER);
  const others = [];
  for (const [insee, ttc] of [['35288', 140_000], ['29019', 130_000]] as const) {
    const c = await db.kysely.selectFrom('communes').select(['code', 'name', 'siren', 'departement_code']).where('code', '=', insee).executeTakeFirstOrThrow();
    const applicant = await addApplicant(testDb, { kind: 'commune', code: c.code, siren: c.siren!, siret: siretOf(c.siren!), name: `Commune de ${c.name}`, departement: c.departement_code });
    const d = await submitted(insee, applicant.organisationId, applicant.editor, ttc);
    const now = new Date();
    await takeDossier(env, reviewer, { dossierId: d.id }, now);
    await proposeDecision(env, reviewer, { dossierId: d.id, kind: 'accept' }, now);
    others.push(d);
  }
  process.stdout.write(`${JSON.stringify({ main, others })}\n`);
}

try {
  await main();
} finally {
  await db.close();
}
