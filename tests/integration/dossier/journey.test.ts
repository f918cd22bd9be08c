// The applicant's whole path through the commands, on both databases: create, schools of Rennes,
// diagnostic, budget, project, deliberation, co-signature, blocking items fixed one by one, submit;
// with the refusals met on the way and nothing half-written after any of them.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptSchoolInvitation, addSchools, attachFile, createDossier, DossierCommandError, inviteSchoolMember, removeSchool,
  saveBudgetLine, saveDiagnostic, saveProject, signProject, submitDossier, updateSchool, withdrawDossier, takeForReview, returnForChanges, postMessage,
  computeDossier, loadDossier,
} from '../../../src/commands/dossier';
import { loadDossierFacts } from '../../../src/data/dossier-facts';
import { findDossierBySchool, listDossiersForUser, loadDossierAccess, loadVersion, verifyEventChain } from '../../../src/data/dossiers';
import { can, ForbiddenError } from '../../../src/policies';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addApplicant, addUser, AFTER_CLOSING, envOf, fullDiagnostic, IN_PERIOD, rowCounts, smallPdf, smallPng, storedFiles, RENNES, type Applicant } from './support';

const ALBERT_DE_MUN = '0350593E';
const JOSEPH_LOTTE = '0350592D';
const MATERNELLE = '0350650S';
const PRIVATE_SCHOOL = '0351504V';
const OTHER_COMMUNE = '0350122T';

async function refusal(p: Promise<unknown>): Promise<DossierCommandError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DossierCommandError) return e;
    throw e;
  }
  throw new Error('the command was expected to be refused');
}

describe.each(dialects)('dossier journey on %s', (dialect) => {
  let db: TestDb;
  let env: ReturnType<typeof envOf>;
  let rennes: Applicant;
  let dossierId: string;
  let revision: number;
  const lines: Record<string, string> = {};

  beforeAll(async () => {
    db = await importedDb(dialect);
    env = envOf(db);
    rennes = await addApplicant(db, RENNES);
  });
  afterAll(() => db.close());

  it('creates one dossier per applicant and call, numbered with the département', async () => {
    const created = await createDossier(env, rennes.editor, { callId: 'snee-2021', organisationId: rennes.organisationId }, IN_PERIOD);
    expect(created.reference).toMatch(/^SNEE-2021-035-\d{6}$/);
    dossierId = created.id;
    revision = created.revision;
    const again = await refusal(createDossier(env, rennes.admin, { callId: 'snee-2021', organisationId: rennes.organisationId }, IN_PERIOD));
    expect(again.code).toBe('DOSSIER_EXISTS');
    expect(again.message).toContain(created.reference);
    // A reader of the organisation may read, not create.
    const other = await addApplicant(db, { kind: 'commune', code: '35024', siren: '213500242', name: 'Commune de Betton', departement: '35' });
    await expect(createDossier(env, other.reader, { callId: 'snee-2021', organisationId: other.organisationId }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    await expect(createDossier(env, rennes.editor, { callId: 'snee-2021', organisationId: other.organisationId }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
  });

  it("refuses schools outside the territory and maternelles, naming each, and adds nothing", async () => {
    const before = await rowCounts(db);
    const e = await refusal(addSchools(env, rennes.editor, { dossierId, revision, uais: [ALBERT_DE_MUN, OTHER_COMMUNE, MATERNELLE] }, IN_PERIOD));
    expect(e.errors).toEqual([
      { field: 'ecoles[1]', message: expect.stringMatching(/hors du territoire de Commune de Rennes/) },
      { field: 'ecoles[2]', message: expect.stringMatching(/école maternelle/) },
    ]);
    const bad = await refusal(addSchools(env, rennes.editor, { dossierId, revision, uais: ['0350593A'] }, IN_PERIOD));
    expect(bad.errors[0]).toEqual({ field: 'ecoles[0]', message: 'UAI « 0350593A » invalide : la lettre de contrôle de 0350593 est E.' });
    expect(await rowCounts(db)).toEqual(before);
  });

  it('adds two real schools of Rennes prefilled from the reference data, and a private school marked as such', async () => {
    const out = await addSchools(env, rennes.editor, { dossierId, revision, uais: [ALBERT_DE_MUN, JOSEPH_LOTTE, PRIVATE_SCHOOL] }, IN_PERIOD);
    revision = out.revision;
    const view = (await loadDossier(db.kysely, dossierId))!;
    expect(view.schools.map((s) => [s.uai, s.private_school, s.classes])).toEqual([[ALBERT_DE_MUN, 0, 11], [JOSEPH_LOTTE, 0, 9], [PRIVATE_SCHOOL, 1, 7]]);
    expect(view.dossier.school_count).toBe(3);
    const removed = await removeSchool(env, rennes.editor, { dossierId, revision, uai: PRIVATE_SCHOOL }, IN_PERIOD);
    revision = removed.revision;
    expect((await findDossierBySchool(db.kysely, 'snee-2021', PRIVATE_SCHOOL))).toBeUndefined();
  });

  it("refuses a school already in another applicant's dossier, naming that dossier and its applicant", async () => {
    const metropole = await addApplicant(db, { kind: 'epci', code: '243500139', siren: '243500139', name: 'Rennes Métropole', departement: '35' });
    const d = await createDossier(env, metropole.admin, { callId: 'snee-2021', organisationId: metropole.organisationId }, IN_PERIOD);
    const holder = (await findDossierBySchool(db.kysely, 'snee-2021', ALBERT_DE_MUN))!;
    const e = await refusal(addSchools(env, metropole.admin, { dossierId: d.id, revision: d.revision, uais: [ALBERT_DE_MUN] }, IN_PERIOD));
    expect(e.message).toContain(`figure déjà dans le dossier ${holder.reference} de Commune de Rennes`);
    // A school of a member commune of the EPCI (Betton) is in its territory.
    const ok = await addSchools(env, metropole.admin, { dossierId: d.id, revision: d.revision, uais: ['0350777E'] }, IN_PERIOD).catch((x: DossierCommandError) => x);
    if (ok instanceof DossierCommandError) expect(ok.message).not.toMatch(/hors du territoire/);
  });

  it('forbids a forged dossier id and another organisation\'s dossier', async () => {
    const stranger = await addApplicant(db, { kind: 'commune', code: '35051', siren: '213500515', name: 'Commune de Cesson-Sévigné', departement: '35' });
    await expect(saveProject(env, stranger.admin, { dossierId, revision, summary: 'x' }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    await expect(saveProject(env, rennes.admin, { dossierId: crypto.randomUUID(), revision, summary: 'x' }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    await expect(saveProject(env, rennes.reader, { dossierId, revision, summary: 'x' }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    expect(can(rennes.reader, 'read', 'dossier', await loadDossierAccess(db.kysely, rennes.reader, dossierId))).toBe(true);
    expect(can(stranger.admin, 'read', 'dossier', await loadDossierAccess(db.kysely, stranger.admin, dossierId))).toBe(false);
  });

  it('keeps classes and pupils edited only with a reason when they differ from the reference data', async () => {
    const e = await refusal(updateSchool(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, classes: 10, pupils: 238 }, IN_PERIOD));
    expect(e.errors).toEqual([{ field: 'motif', message: expect.stringContaining('indiquez le motif') }]);
    const out = await updateSchool(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, classes: 10, pupils: 238, reason: 'Une classe fermée à la rentrée 2021.' }, IN_PERIOD);
    revision = out.revision;
  });

  it('saves budget lines, refusing negative amounts and too-long labels with the field named', async () => {
    const neg = await refusal(saveBudgetLine(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, volet: 1, category: 'CLASS_DISPLAY', label: 'VPI', quantity: 10, unitHtCents: -5, unitTtcCents: -6 }, IN_PERIOD));
    expect(neg.errors.map((x) => x.field)).toEqual(['prixUnitaireHT', 'prixUnitaireTTC']);
    const long = await refusal(saveBudgetLine(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, volet: 1, category: 'CLASS_DISPLAY', label: 'x'.repeat(201), quantity: 1, unitHtCents: 1, unitTtcCents: 1 }, IN_PERIOD));
    expect(long.errors).toEqual([{ field: 'libelle', message: 'Le libellé fait au plus 200 caractères.' }]);
    const cat = await refusal(saveBudgetLine(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, volet: 2, category: 'CLASS_DISPLAY', label: 'VPI', quantity: 1, unitHtCents: 1, unitTtcCents: 1 }, IN_PERIOD));
    expect(cat.errors[0].field).toBe('categorie');

    const save = async (key: string, uai: string, volet: 1 | 2, category: string, quantity: number, ttc: number) => {
      const r = await saveBudgetLine(env, rennes.editor, { dossierId, revision, uai, volet, category, label: key, quantity, unitHtCents: Math.round(ttc / 1.2), unitTtcCents: ttc }, IN_PERIOD);
      revision = r.revision;
      lines[key] = r.result.lineId;
    };
    await save('VPI Albert de Mun', ALBERT_DE_MUN, 1, 'CLASS_DISPLAY', 10, 240_000);
    await save('Tablettes Joseph Lotte', JOSEPH_LOTTE, 1, 'SCHOOL_MOBILE_POOL', 30, 40_000);
    const view = (await loadDossier(db.kysely, dossierId))!;
    // Volet 1 only: 24 000 € + 12 000 € at 70 %; volet 2 still missing.
    expect(view.dossier.grant_cents).toBe(Math.floor(0.7 * 3_600_000));
    expect(view.computed.checks.map((c) => c.code)).toContain('MISSING_SERVICES_VOLET');
  });

  it('validates the diagnostic against the référentiel; a school team member fills their own school only', async () => {
    const bad = await refusal(saveDiagnostic(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, entries: [{ item: 'FLYING_CAR', present: 0, added: 1 }] }, IN_PERIOD));
    expect(bad.errors).toEqual([{ field: 'diagnostic[0].element', message: expect.stringContaining('FLYING_CAR') }]);
    const out = await saveDiagnostic(env, rennes.editor, { dossierId, revision, uai: ALBERT_DE_MUN, entries: fullDiagnostic() }, IN_PERIOD);
    revision = out.revision;
    // Invite the director of Joseph Lotte, who accepts and fills the diagnostic of her school.
    const director = await addUser(db, 'Nadia Directrice', 'school');
    const email = (await db.kysely.selectFrom('users').select('email').where('id', '=', director.id).executeTakeFirstOrThrow()).email;
    const inv = await inviteSchoolMember(env, rennes.editor, { dossierId, uai: JOSEPH_LOTTE, role: 'director', email }, IN_PERIOD);
    expect(inv.result.url).toBe(`https://socle.test/dossiers/invitations/${inv.result.token}`);
    expect(env.sent.at(-1)).toMatchObject({ to: email, subject: expect.stringContaining(inv.result.dossierReference) });
    await expect(saveDiagnostic(env, director, { dossierId, revision: inv.revision, uai: JOSEPH_LOTTE, entries: fullDiagnostic() }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    await acceptSchoolInvitation(env, director, { token: inv.result.token }, IN_PERIOD);
    await expect(acceptSchoolInvitation(env, director, { token: inv.result.token }, IN_PERIOD)).rejects.toThrow(/pas valide/);
    const current = (await loadDossier(db.kysely, dossierId))!.dossier.revision;
    const mine = await saveDiagnostic(env, director, { dossierId, revision: current, uai: JOSEPH_LOTTE, entries: fullDiagnostic() }, IN_PERIOD);
    revision = mine.revision;
    await expect(saveDiagnostic(env, director, { dossierId, revision, uai: ALBERT_DE_MUN, entries: fullDiagnostic() }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    await expect(saveProject(env, director, { dossierId, revision, summary: 'x' }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    expect((await listDossiersForUser(db.kysely, director.id)).map((d) => [d.id, d.schoolRoles])).toEqual([[dossierId, [{ uai: JOSEPH_LOTTE, role: 'director' }]]]);
  });

  it('refuses too-long project texts, unknown objectives, negative co-funding; saves the project', async () => {
    const before = (await loadDossier(db.kysely, dossierId))!.dossier;
    const e = await refusal(saveProject(env, rennes.editor, {
      dossierId, revision, lendingPlan: 'x'.repeat(10_001), objectives: [{ code: 'WORLD_PEACE', text: 'x' }], coFunding: [{ funder: 'Région', amountCents: -1 }],
    }, IN_PERIOD));
    expect(e.errors.map((x) => x.field).sort()).toEqual(['cofinancements[0].montant', 'objectifs[0].code', 'planPret']);
    expect((await loadDossier(db.kysely, dossierId))!.dossier.revision).toBe(before.revision);
    const out = await saveProject(env, rennes.editor, {
      dossierId, revision, summary: 'Équiper les écoles élémentaires de Rennes.',
      objectives: [{ code: 'DIGITAL_SKILLS', text: 'Usages réguliers en classe.' }, { code: 'LENDING_POOL', text: 'Tablettes prêtables.' }],
      lendingPlan: 'Prêt des tablettes aux familles non équipées, convention de prêt signée.',
      supportText: '',
      coFunding: [],
    }, IN_PERIOD);
    revision = out.revision;
  });

  it('stores a real PDF deliberation; refuses a PNG named .pdf, a text renamed .pdf, a file above 20 MB, leaving nothing on disk', async () => {
    const before = await rowCounts(db);
    const files = storedFiles(db, 'attachments').length;
    const png = await refusal(attachFile(env, rennes.editor, { dossierId, kind: 'deliberation', fileName: 'deliberation.pdf', bytes: smallPng() }, IN_PERIOD));
    expect(png.status).toBe(415);
    expect(png.message).toContain('contenu est de type PNG');
    const txt = await refusal(attachFile(env, rennes.editor, { dossierId, kind: 'deliberation', fileName: 'deliberation.pdf', bytes: Buffer.from('Ceci est un texte, pas un PDF.\n') }, IN_PERIOD));
    expect(txt.status).toBe(415);
    expect(txt.errors[0].field).toBe('fichier');
    const big = Buffer.concat([await smallPdf(), Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await refusal(attachFile(env, rennes.editor, { dossierId, kind: 'deliberation', fileName: 'deliberation.pdf', bytes: big }, IN_PERIOD));
    expect(tooBig.status).toBe(413);
    expect(await rowCounts(db)).toEqual(before);
    expect(storedFiles(db, 'attachments')).toHaveLength(files);

    // A refused command after the file is written (here: a reader) leaves no file either.
    await expect(attachFile(env, rennes.reader, { dossierId, kind: 'deliberation', fileName: 'd.pdf', bytes: await smallPdf() }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    expect(storedFiles(db, 'attachments')).toHaveLength(files);

    const pdf = await smallPdf();
    const out = await attachFile(env, rennes.editor, { dossierId, kind: 'deliberation', fileName: 'Délibération 2021-03.pdf', bytes: pdf }, IN_PERIOD);
    revision = out.revision;
    expect(out.result).toMatchObject({ mime: 'application/pdf', size: pdf.length, sha256: crypto.createHash('sha256').update(pdf).digest('hex') });
    const row = await db.kysely.selectFrom('attachments').selectAll().where('id', '=', out.result.id).executeTakeFirstOrThrow();
    expect(path.isAbsolute(row.storage_path)).toBe(false);
    expect(fs.readFileSync(path.join(db.dataDir, row.storage_path)).equals(pdf)).toBe(true);
  });

  it('refuses the submission after the closing instant and while blocking items stand, listing them; they are fixed one by one', async () => {
    const late = await refusal(submitDossier(env, rennes.editor, { dossierId, revision }, AFTER_CLOSING));
    expect(late.message).toMatch(/clos depuis le 31 mars 2021 à 23:59:59/);
    const first = await refusal(submitDossier(env, rennes.editor, { dossierId, revision }, IN_PERIOD));
    const codes = (x: DossierCommandError) => x.errors.map((e) => e.field);
    expect(codes(first)).toEqual(expect.arrayContaining(['budget-services', 'projet-accompagnement', `ecole-${JOSEPH_LOTTE}-signatures`, `ecole-${ALBERT_DE_MUN}-signatures`]));
    expect(first.message).toMatch(/points bloquants/);

    // 1. Volet 2 lines.
    for (const [uai, category, ttc] of [[ALBERT_DE_MUN, 'SERVICES_ENT', 300_000], [JOSEPH_LOTTE, 'SERVICES_RESOURCES', 100_000]] as const) {
      const r = await saveBudgetLine(env, rennes.editor, { dossierId, revision, uai, volet: 2, category, label: category, quantity: 1, unitHtCents: Math.round(ttc / 1.2), unitTtcCents: ttc }, IN_PERIOD);
      revision = r.revision;
    }
    const second = await refusal(submitDossier(env, rennes.editor, { dossierId, revision }, IN_PERIOD));
    expect(codes(second)).not.toContain('budget-services');
    // 2. The support planned with the académie (volet 3).
    const view = (await loadDossier(db.kysely, dossierId))!;
    const p = view.dossier;
    const r = await saveProject(env, rennes.editor, { dossierId, revision, summary: p.project_summary, objectives: p.objectiveList, lendingPlan: p.lending_plan, supportText: "Formation des enseignants par l'ERUN de la circonscription.", coFunding: [] }, IN_PERIOD);
    revision = r.revision;
    const third = await refusal(submitDossier(env, rennes.editor, { dossierId, revision }, IN_PERIOD));
    expect(codes(third).every((f) => f.endsWith('-signatures'))).toBe(true);
    expect(third.code).toBe('MISSING_SIGNATURES');
  });

  it('voids a co-signature when the applicant changes the budget of the signer\'s school, not for another school', async () => {
    const director = (await db.kysely.selectFrom('dossier_members').select('user_id').where('dossier_id', '=', dossierId).where('uai', '=', JOSEPH_LOTTE).executeTakeFirstOrThrow()).user_id!;
    const actor = { id: director, role: 'school' as const, scope: null };
    const signed = await signProject(env, actor, { dossierId, revision, uai: JOSEPH_LOTTE, role: 'director' }, IN_PERIOD);
    revision = signed.revision;
    await expect(signProject(env, actor, { dossierId, revision, uai: ALBERT_DE_MUN, role: 'director' }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    // A change to Albert de Mun's budget keeps Joseph Lotte's signature…
    const a = await saveBudgetLine(env, rennes.editor, { dossierId, revision, lineId: lines['VPI Albert de Mun'], uai: ALBERT_DE_MUN, volet: 1, category: 'CLASS_DISPLAY', label: 'VPI Albert de Mun', quantity: 10, unitHtCents: 210_000, unitTtcCents: 252_000 }, IN_PERIOD);
    expect(a.voided).toEqual([]);
    // …a change to Joseph Lotte's budget voids it, and says so.
    const b = await saveBudgetLine(env, rennes.editor, { dossierId, revision: a.revision, lineId: lines['Tablettes Joseph Lotte'], uai: JOSEPH_LOTTE, volet: 1, category: 'SCHOOL_MOBILE_POOL', label: 'Tablettes Joseph Lotte', quantity: 32, unitHtCents: 33_333, unitTtcCents: 40_000 }, IN_PERIOD);
    expect(b.voided.map((v) => v.reason)).toEqual(['SCHOOL_BUDGET_CHANGED']);
    expect(b.voided[0].message).toMatch(/annulée : le budget de son école a été modifié/);
    revision = b.revision;
    const sig = await db.kysely.selectFrom('signatures').selectAll().where('id', '=', signed.result.signatureId).executeTakeFirstOrThrow();
    expect(sig.voided_at).not.toBeNull();
    // What the command computed after the change (the autosave answers with it, reading nothing again) is the dossier as
    // stored and as a fresh computation sees it: the signature voided, the missing signature counted as blocking.
    const fresh = computeDossier((await loadDossierFacts(db.kysely, dossierId))!);
    expect(b.snapshot!.computed.cache).toEqual(fresh.cache);
    expect(b.snapshot!.computed.checks).toEqual(fresh.checks);
    expect(fresh.checks.map((c) => c.field)).toContain(`ecole-${JOSEPH_LOTTE}-signatures`);
    expect(b.snapshot!.facts.signatures.find((s) => s.id === signed.result.signatureId)!.voided_at).toBe(sig.voided_at);
    const stored = await db.kysely.selectFrom('dossiers').select(['grant_cents', 'blocking_count', 'eligible_cents']).where('id', '=', dossierId).executeTakeFirstOrThrow();
    expect({ grant: Number(stored.grant_cents), blocking: Number(stored.blocking_count), eligible: Number(stored.eligible_cents) })
      .toEqual({ grant: fresh.cache.grant_cents, blocking: fresh.cache.blocking_count, eligible: fresh.cache.eligible_cents });
    expect({ grant: b.snapshot!.facts.dossier.grant_cents, blocking: b.snapshot!.facts.dossier.blocking_count, revision: b.snapshot!.facts.dossier.revision })
      .toEqual({ grant: fresh.cache.grant_cents, blocking: fresh.cache.blocking_count, revision: b.revision });
    expect(a.snapshot!.computed.blockingCount).toBeLessThan(b.snapshot!.computed.blockingCount);
    // Signs again; the Albert de Mun director signs too.
    revision = (await signProject(env, actor, { dossierId, revision, uai: JOSEPH_LOTTE, role: 'director' }, IN_PERIOD)).revision;
    const director2 = await addUser(db, 'Paul Directeur', 'school');
    const email2 = (await db.kysely.selectFrom('users').select('email').where('id', '=', director2.id).executeTakeFirstOrThrow()).email;
    const inv = await inviteSchoolMember(env, rennes.admin, { dossierId, uai: ALBERT_DE_MUN, role: 'director', email: email2 }, IN_PERIOD);
    await acceptSchoolInvitation(env, director2, { token: inv.result.token }, IN_PERIOD);
    revision = (await loadDossier(db.kysely, dossierId))!.dossier.revision;
    revision = (await signProject(env, director2, { dossierId, revision, uai: ALBERT_DE_MUN, role: 'director' }, IN_PERIOD)).revision;
  });

  it('submits: a version whose SHA-256 recomputes from its stored canonical JSON, a proof PDF on disk, members told', async () => {
    const view = (await loadDossier(db.kysely, dossierId))!;
    expect(view.computed.checks.filter((c) => c.severity === 'blocking')).toEqual([]);
    expect(view.dossier.blocking_count).toBe(0);
    env.sent.length = 0;
    const out = await submitDossier(env, rennes.editor, { dossierId, revision }, IN_PERIOD);
    revision = out.revision;
    const v = (await loadVersion(db.kysely, dossierId, 1))!;
    expect(v.sha256).toBe(out.result.sha256);
    expect(crypto.createHash('sha256').update(v.content, 'utf8').digest('hex')).toBe(v.sha256);
    const content = JSON.parse(v.content);
    expect(content.schools.map((s: { uai: string }) => s.uai)).toEqual([ALBERT_DE_MUN, JOSEPH_LOTTE]);
    const proof = fs.readFileSync(path.join(db.dataDir, v.proof_path));
    expect(proof.subarray(0, 5).toString()).toBe('%PDF-');
    expect(env.sent.map((m) => m.subject)).toEqual(Array(3).fill(`Dossier ${view.dossier.reference} déposé`));
    const after = (await loadDossier(db.kysely, dossierId))!;
    expect(after.dossier.state).toBe('submitted');
    expect(after.versions).toHaveLength(1);
    // Frozen: no more changes by the applicant.
    const frozen = await refusal(saveProject(env, rennes.editor, { dossierId, revision, summary: 'x' }, IN_PERIOD));
    expect(frozen.code).toBe('NOT_EDITABLE');
  });

  it('is returned for changes by a reviewer of the académie, resubmitted (both versions kept), then withdrawn with a reason', async () => {
    const outsider = await addUser(db, 'Instructeur Versailles', 'reviewer', 'academie:25');
    await expect(takeForReview(env, outsider, { dossierId }, IN_PERIOD)).rejects.toThrow(ForbiddenError);
    const reviewer = await addUser(db, 'Instructrice Rennes', 'reviewer', 'academie:14');
    await takeForReview(env, reviewer, { dossierId }, IN_PERIOD);
    const noMessage = await refusal(returnForChanges(env, reviewer, { dossierId, message: '  ' }, IN_PERIOD));
    expect(noMessage.errors[0].field).toBe('message');
    await returnForChanges(env, reviewer, { dossierId, message: 'Précisez le plan de formation.' }, IN_PERIOD);
    await postMessage(env, rennes.editor, { dossierId, body: 'Voici le plan précisé.', file: { fileName: 'plan.pdf', bytes: await smallPdf('Plan') } }, '2021-03-02T08:00:00.000Z');
    const view = (await loadDossier(db.kysely, dossierId))!;
    expect(view.messages.map((m) => m.body)).toEqual(['Précisez le plan de formation.', 'Voici le plan précisé.']);
    const r = await submitDossier(env, rennes.editor, { dossierId, revision: view.dossier.revision }, AFTER_CLOSING);
    expect(r.result.version).toBe(2);
    const noReason = await refusal(withdrawDossier(env, rennes.editor, { dossierId, reason: '' }, AFTER_CLOSING));
    expect(noReason.errors).toEqual([{ field: 'motif', message: 'Indiquez la raison du retrait du dossier.' }]);
    await withdrawDossier(env, rennes.admin, { dossierId, reason: 'Projet reporté.' }, AFTER_CLOSING);
    const end = (await loadDossier(db.kysely, dossierId))!;
    expect(end.dossier.state).toBe('withdrawn');
    expect(end.versions.map((x) => x.number)).toEqual([1, 2]);
    expect(end.events.filter((e) => e.kind === 'withdrawn')[0]).toMatchObject({ from_state: 'submitted', to_state: 'withdrawn', reason: 'Projet reporté.' });
  });

  it('keeps a hash chain that verifies, and names the first broken link when a row is altered', async () => {
    expect(await verifyEventChain(db.kysely)).toBeNull();
    const events = (await loadDossier(db.kysely, dossierId))!.events;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const target = events[4];
    await db.kysely.updateTable('dossier_events').set({ payload: '{"forged":true}' }).where('id', '=', target.id).execute();
    expect(await verifyEventChain(db.kysely, dossierId)).toMatchObject({ dossierId, seq: target.seq, eventId: target.id });
    expect(await verifyEventChain(db.kysely)).toMatchObject({ dossierId, seq: target.seq });
  });
});
