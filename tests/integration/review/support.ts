// Helpers of the review tests: a submitted dossier of a real commune, built through the applicant's
// commands (schools from the reference data, diagnostic, budget, project, deliberation, the
// director's co-signature, submission), and reviewers of Rennes and Créteil.
import {
  acceptSchoolInvitation, addSchools, updateSchool, attachFile, createDossier, inviteSchoolMember, saveBudgetLine, saveDiagnostic, saveProject, signProject, submitDossier,
} from '../../../src/commands/dossier';
import type { TestDb } from '../../support/databases';
import { addApplicant, addUser, envOf, fullDiagnostic, IN_PERIOD, smallPdf, type Applicant } from '../dossier/support';

export { addUser, envOf, IN_PERIOD };

export interface Built { id: string; reference: string; applicant: Applicant; uai: string; lines: { equipment: string; services: string }; director: Awaited<ReturnType<typeof addUser>> }

/** A dossier of the commune `insee`, with one of its elementary schools, submitted. */
export async function submittedDossier(db: TestDb, env: ReturnType<typeof envOf>, insee: string, opts: { equipmentTtc?: number } = {}): Promise<Built> {
  const c = await db.kysely.selectFrom('communes').select(['code', 'name', 'siren', 'departement_code']).where('code', '=', insee).executeTakeFirstOrThrow();
  const school = await db.kysely.selectFrom('schools').select(['uai', 'classes']).where('commune_code', '=', insee)
    .where((eb) => eb.or([eb('nature_label', 'is', null), eb('nature_label', 'not like', '%MATERNELLE%')])).orderBy('uai').executeTakeFirstOrThrow();
  const applicant = await addApplicant(db, { kind: 'commune', code: c.code, siren: c.siren!, siret: siretOf(c.siren!), name: `Commune de ${c.name}`, departement: c.departement_code });
  const who = applicant.editor;
  const created = await createDossier(env, who, { callId: 'snee-2021', organisationId: applicant.organisationId }, IN_PERIOD);
  const id = created.id;
  let revision = (await addSchools(env, who, { dossierId: id, revision: created.revision, uais: [school.uai] }, IN_PERIOD)).revision;
  if (school.classes === null || Number(school.classes) < 2) {
    revision = (await updateSchool(env, who, { dossierId: id, revision, uai: school.uai, classes: 8, pupils: 180, reason: 'Effectifs de la rentrée 2021.' }, IN_PERIOD)).revision;
  }
  revision = (await saveDiagnostic(env, who, { dossierId: id, revision, uai: school.uai, entries: fullDiagnostic() }, IN_PERIOD)).revision;
  const ttc = opts.equipmentTtc ?? 150_000;
  const e = await saveBudgetLine(env, who, { dossierId: id, revision, uai: school.uai, volet: 1, category: 'CLASS_DISPLAY', label: 'Vidéoprojecteurs interactifs', quantity: 3, unitHtCents: Math.round(ttc / 1.2), unitTtcCents: ttc }, IN_PERIOD);
  const s = await saveBudgetLine(env, who, { dossierId: id, revision: e.revision, uai: school.uai, volet: 2, category: 'SERVICES_ENT', label: 'ENT deux ans', quantity: 1, unitHtCents: 25_000, unitTtcCents: 30_000 }, IN_PERIOD);
  revision = (await saveProject(env, who, {
    dossierId: id, revision: s.revision, summary: `Équiper l'école de ${c.name}.`, objectives: [{ code: 'DIGITAL_SKILLS', text: 'Usages en classe.' }],
    lendingPlan: 'Prêt des équipements aux familles.', supportText: "Formation par l'ERUN de la circonscription.", coFunding: [],
  }, IN_PERIOD)).revision;
  revision = (await attachFile(env, who, { dossierId: id, kind: 'deliberation', fileName: 'deliberation.pdf', bytes: await smallPdf() }, IN_PERIOD)).revision;
  const director = await addUser(db, `Directrice ${c.name}`, 'school');
  const inv = await inviteSchoolMember(env, who, { dossierId: id, uai: school.uai, role: 'director', email: director.email! }, IN_PERIOD);
  await acceptSchoolInvitation(env, director, { token: inv.result.token }, IN_PERIOD);
  revision = (await db.kysely.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirstOrThrow()).revision;
  revision = (await signProject(env, director, { dossierId: id, revision: Number(revision), uai: school.uai, role: 'director' }, IN_PERIOD)).revision;
  await submitDossier(env, who, { dossierId: id, revision }, IN_PERIOD);
  return { id, reference: created.reference, applicant, uai: school.uai, lines: { equipment: e.result.lineId, services: s.result.lineId }, director };
}

/** A SIRET of the SIREN that passes the Luhn check (the first establishment number that does). */
export function siretOf(siren: string): string {
  const luhn = (digits: string) => [...digits].reverse().reduce((sum, ch, i) => {
    let d = Number(ch) * (i % 2 === 1 ? 2 : 1);
    if (d > 9) d -= 9;
    return sum + d;
  }, 0) % 10 === 0;
  for (let n = 1; n < 100_000; n++) {
    const siret = `${siren}${String(n).padStart(5, '0')}`;
    if (luhn(siret)) return siret;
  }
  throw new Error('no SIRET');
}
