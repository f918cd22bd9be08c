// The review on both databases: queues of a territory with filters, sorting and exports (CSV and
// XLSX read back with exceljs), taking, returning for changes, private notes, opinions with their
// link and reminders sent once by two concurrent job runs, line adjustments recomputing the grant
// with an event and the explanation, and decision proposals.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierCommandError, loadDossier, submitDossier } from '../../../src/commands/dossier';
import {
  addPrivateNote, adjustBudgetLine, answerOpinion, findOpinionByToken, proposeDecision, requestOpinion, returnForChanges, takeDossier, withdrawOpinion, OPINION_REMINDER_JOB,
} from '../../../src/commands/review';
import { reviewJobHandlers } from '../../../src/commands/review/jobs';
import { readSettings } from '../../../src/config';
import { verifyEventChain } from '../../../src/data/dossiers';
import { createSession } from '../../../src/data/sessions';
import { runDueJobs } from '../../../src/data/jobs';
import { COLUMN_BY_ID, COLUMNS, queueCounts, queuePage, queueRows, type QueueQuery } from '../../../src/data/review';
import { explanationText } from '../../../src/domain/funding';
import { ForbiddenError } from '../../../src/policies';
import { Browser } from '../accounts/support';
import { buildApp } from '../../../src/web/app';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addUser, envOf, submittedDossier, type Built } from './support';

const q = (over: Partial<QueueQuery> = {}): QueueQuery => ({ queue: 'tous', filters: {}, sort: { column: 'reference', direction: 'asc' }, page: 1, pageSize: 25, ...over });
const cols = (...ids: string[]) => ids.map((id) => COLUMN_BY_ID.get(id)!);

async function refusal(p: Promise<unknown>): Promise<DossierCommandError> {
  try { await p; } catch (e) { if (e instanceof DossierCommandError) return e; throw e; }
  throw new Error('expected a refusal');
}

describe.each(dialects)('review on %s', (dialect) => {
  let db: TestDb;
  let env: ReturnType<typeof envOf>;
  let rennes: Built; let betton: Built; let creteil: Built;
  let reviewer: Awaited<ReturnType<typeof addUser>>;
  let colleague: Awaited<ReturnType<typeof addUser>>;
  let outsider: Awaited<ReturnType<typeof addUser>>;
  const T1 = '2021-04-10T08:00:00.000Z';

  beforeAll(async () => {
    db = await importedDb(dialect);
    env = envOf(db);
    rennes = await submittedDossier(db, env, '35238', { equipmentTtc: 200_000 });
    betton = await submittedDossier(db, env, '35024');
    creteil = await submittedDossier(db, env, '94028');
    reviewer = await addUser(db, 'Instructrice Rennes', 'reviewer', 'academie:14');
    colleague = await addUser(db, 'Instructeur Ille-et-Vilaine', 'reviewer', 'departements:35');
    outsider = await addUser(db, 'Instructeur Créteil', 'reviewer', 'academie:24');
  }, 120_000);
  afterAll(() => db.close());

  it('lists only the territory, never drafts, with filters and sorting from the column definitions', async () => {
    const all = await queuePage(db.kysely, reviewer, q(), cols('reference', 'demandeur', 'etat', 'subvention'));
    expect(all.rows.map((r) => r.id).sort()).toEqual([rennes.id, betton.id].sort());
    const dep = await queuePage(db.kysely, colleague, q(), cols('reference'));
    expect(dep.total).toBe(2);
    const cr = await queuePage(db.kysely, outsider, q(), cols('reference'));
    expect(cr.rows.map((r) => r.id)).toEqual([creteil.id]);
    const nobody = await queuePage(db.kysely, { id: 'x', role: 'reviewer', scope: null }, q(), cols('reference'));
    expect(nobody.total).toBe(0);
    // Commune filter (accents and case ignored), amount range, text on the applicant, sorting by grant.
    const byCommune = await queuePage(db.kysely, reviewer, q({ filters: { commune: { kind: 'text', text: 'betton' } } }), cols('reference'));
    expect(byCommune.rows.map((r) => r.id)).toEqual([betton.id]);
    const grants = all.rows.map((r) => Number(r.values.subvention));
    const max = Math.max(...grants);
    const big = await queuePage(db.kysely, reviewer, q({ filters: { subvention: { kind: 'range', min: max } } }), cols('reference'));
    expect(big.total).toBe(1);
    const sorted = await queuePage(db.kysely, reviewer, q({ sort: { column: 'subvention', direction: 'desc' } }), cols('subvention'));
    expect(sorted.rows.map((r) => Number(r.values.subvention))).toEqual([...grants].sort((a, b) => b - a));
    const state = await queuePage(db.kysely, reviewer, q({ filters: { etat: { kind: 'choice', values: ['under_review'] } } }), cols('reference'));
    expect(state.total).toBe(0);
    // A filter value is a parameter, never SQL.
    const evil = await queuePage(db.kysely, reviewer, q({ filters: { demandeur: { kind: 'text', text: "x' or 1=1 --" } } }), cols('reference'));
    expect(evil.total).toBe(0);
    // A query joins only the tables it reads: filtering or sorting on columns not shown still joins theirs.
    const hidden = await queuePage(db.kysely, reviewer, q({
      filters: { demandeur: { kind: 'text', text: 'betton' }, proposition: { kind: 'choice', values: ['aucune'] }, instructeur: { kind: 'text', text: '' } },
      sort: { column: 'commune', direction: 'desc' },
    }), cols('reference'));
    expect(hidden.rows.map((r) => r.id)).toEqual([betton.id]);
    const byReviewer = await queuePage(db.kysely, reviewer, q({ sort: { column: 'instructeur', direction: 'asc' } }), cols('reference', 'ecoles'));
    expect(byReviewer.total).toBe(2);
  });

  it('takes a dossier (to take → mine), refuses a reviewer of another académie, and returns it for changes with a message mailed to the members', async () => {
    await expect(takeDossier(env, outsider, { dossierId: rennes.id }, T1)).rejects.toThrow(ForbiddenError);
    await takeDossier(env, reviewer, { dossierId: rennes.id }, T1);
    const toTake = await queuePage(db.kysely, reviewer, q({ queue: 'a-prendre' }), cols('reference'));
    expect(toTake.rows.map((r) => r.id)).toEqual([betton.id]);
    const mine = await queuePage(db.kysely, reviewer, q({ queue: 'mes-dossiers' }), cols('reference', 'instructeur'));
    expect(mine.rows).toEqual([{ id: rennes.id, values: { reference: rennes.reference, instructeur: 'Instructrice Rennes' } }]);
    expect((await queuePage(db.kysely, reviewer, q({ queue: 'suivis' }), cols('reference'))).total).toBe(1);
    expect((await queuePage(db.kysely, colleague, q({ queue: 'mes-dossiers' }), cols('reference'))).total).toBe(0);
    // The tabs count what each queue lists.
    expect(await queueCounts(db.kysely, reviewer)).toEqual({ 'a-prendre': 1, 'mes-dossiers': 1, suivis: 1, decides: 0, tous: 2 });
    expect(await queueCounts(db.kysely, colleague)).toEqual({ 'a-prendre': 1, 'mes-dossiers': 0, suivis: 0, decides: 0, tous: 2 });
    expect(await queueCounts(db.kysely, outsider)).toEqual({ 'a-prendre': 1, 'mes-dossiers': 0, suivis: 0, decides: 0, tous: 1 });

    await takeDossier(env, reviewer, { dossierId: betton.id }, T1);
    env.sent.length = 0;
    const empty = await refusal(returnForChanges(env, reviewer, { dossierId: betton.id, message: ' ' }, T1));
    expect(empty.errors[0].field).toBe('message');
    await returnForChanges(env, reviewer, { dossierId: betton.id, message: 'Joignez le devis des vidéoprojecteurs.' }, T1);
    expect(env.sent.map((m) => m.subject)).toEqual(Array(3).fill(`Dossier ${betton.reference} : compléments demandés`));
    expect(env.sent[0].text).toContain('Joignez le devis');
    const view = (await loadDossier(db.kysely, betton.id))!;
    expect(view.dossier.state).toBe('returned_for_changes');
    expect(view.messages.at(-1)!.body).toBe('Joignez le devis des vidéoprojecteurs.');
    // The applicant submits again: a second version, the dossier back in « to take ».
    await submitDossier(env, betton.applicant.editor, { dossierId: betton.id, revision: view.dossier.revision }, '2021-04-11T08:00:00.000Z');
    expect((await loadDossier(db.kysely, betton.id))!.versions.map((v) => v.number)).toEqual([1, 2]);
  });

  it('keeps private notes for the reviewers of the territory only', async () => {
    await addPrivateNote(env, reviewer, { dossierId: rennes.id, body: 'Vérifier le devis.' }, T1);
    await expect(addPrivateNote(env, rennes.applicant.admin, { dossierId: rennes.id, body: 'x' }, T1)).rejects.toThrow(ForbiddenError);
    await expect(addPrivateNote(env, outsider, { dossierId: rennes.id, body: 'x' }, T1)).rejects.toThrow(ForbiddenError);
    const e = await refusal(addPrivateNote(env, reviewer, { dossierId: rennes.id, body: '' }, T1));
    expect(e.message).toBe('Écrivez la note.');
  });

  it('adjusts and excludes lines with a mandatory reason: the grant is recomputed, an event records from/to/why/who, the explanation says it, co-signatures stay', async () => {
    const before = (await loadDossier(db.kysely, rennes.id))!;
    const noReason = await refusal(adjustBudgetLine(env, reviewer, { dossierId: rennes.id, lineId: rennes.lines.equipment, mode: 'exclude', reason: '' }, T1));
    expect(noReason.errors[0]).toEqual({ field: 'motif', message: expect.stringContaining('motif') });
    const above = await refusal(adjustBudgetLine(env, reviewer, { dossierId: rennes.id, lineId: rennes.lines.equipment, mode: 'adjust', eligibleCents: 999_999_999, reason: 'x' }, T1));
    expect(above.errors[0].field).toBe('montantEligible');
    await expect(adjustBudgetLine(env, outsider, { dossierId: rennes.id, lineId: rennes.lines.equipment, mode: 'exclude', reason: 'x' }, T1)).rejects.toThrow(ForbiddenError);

    await adjustBudgetLine(env, reviewer, { dossierId: rennes.id, lineId: rennes.lines.equipment, mode: 'adjust', eligibleCents: 400_000, reason: 'Prix unitaire au-dessus du marché.' }, T1);
    const adjusted = (await loadDossier(db.kysely, rennes.id))!;
    expect(adjusted.computed.amounts.equipment.eligibleCents).toBe(Math.min(400_000, before.computed.amounts.equipment.eligibleCents));
    expect(adjusted.dossier.equipment_grant_cents).toBeLessThanOrEqual(before.dossier.equipment_grant_cents);
    expect(adjusted.dossier.grant_cents).toBe(adjusted.computed.amounts.grantCents);
    const ev = adjusted.events.filter((e) => e.kind === 'budget_line_adjusted').at(-1)!;
    expect(ev).toMatchObject({ actor_id: reviewer.id, actor_label: 'Instructrice Rennes', reason: 'Prix unitaire au-dessus du marché.' });
    expect(JSON.parse(ev.payload)).toMatchObject({ from: { eligibleCents: 600_000, excluded: false }, to: { eligibleCents: 400_000, excluded: false } });
    expect(adjusted.events.some((e) => e.kind === 'amounts_recomputed')).toBe(true);
    expect(explanationText(adjusted.computed.explanation!)).toMatch(/Vidéoprojecteurs interactifs.*ramené à 4\s000,00\s€ par Instructrice Rennes .* : Prix unitaire au-dessus du marché\./);

    await adjustBudgetLine(env, reviewer, { dossierId: rennes.id, lineId: rennes.lines.services, mode: 'exclude', reason: 'ENT déjà financé par le département.' }, T1);
    const excluded = (await loadDossier(db.kysely, rennes.id))!;
    expect(excluded.computed.amounts.services.eligibleCents).toBe(0);
    expect(excluded.dossier.services_grant_cents).toBe(0);
    expect(excluded.signatures.filter((s) => s.voided_at === null)).toHaveLength(1);
    expect(await verifyEventChain(db.kysely, rennes.id)).toBeNull();
  });

  it('asks an opinion: a link for the expert, who sees that dossier only while it is open, answers once; the reviewer is told', async () => {
    const bad = await refusal(requestOpinion(env, reviewer, { dossierId: rennes.id, expertKind: 'erun', email: 'pas-une-adresse', question: 'Avis ?', deadline: '2021-04-01' }, T1));
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['email'.replace('email', 'courriel')]);
    const past = await refusal(requestOpinion(env, reviewer, { dossierId: rennes.id, expertKind: 'erun', email: 'erun@ac-rennes.fr', question: 'Avis ?', deadline: '2021-04-01' }, T1));
    expect(past.errors[0].field).toBe('echeance');
    env.sent.length = 0;
    const asked = await requestOpinion(env, reviewer, { dossierId: rennes.id, expertKind: 'erun', email: 'ERUN@ac-rennes.fr', question: 'Le plan de formation est-il réaliste ?', deadline: '2021-04-20' }, T1);
    expect(env.sent[0]).toMatchObject({ to: 'erun@ac-rennes.fr', subject: `Avis demandé sur le dossier ${rennes.reference}` });
    expect(env.sent[0].text).toContain(asked.result.url);
    const view = await findOpinionByToken(db.kysely, asked.result.token, new Date(T1));
    expect(view).toMatchObject({ dossierId: rennes.id, status: 'open' });
    expect(await findOpinionByToken(db.kysely, 'x'.repeat(43), new Date(T1))).toBeUndefined();

    const noText = await refusal(answerOpinion(env, null, { token: asked.result.token, answer: 'yes', text: '' }, '2021-04-12T08:00:00.000Z'));
    expect(noText.errors[0].message).toBe('Motivez votre avis.');
    env.sent.length = 0;
    await answerOpinion(env, null, { token: asked.result.token, answer: 'yes', text: 'Plan réaliste, ERUN disponible.' }, '2021-04-12T08:00:00.000Z');
    expect(env.sent[0]).toMatchObject({ to: reviewer.email, subject: `Avis rendu sur le dossier ${rennes.reference}` });
    await expect(answerOpinion(env, null, { token: asked.result.token, answer: 'no', text: 'Encore' }, '2021-04-12T09:00:00.000Z')).rejects.toThrow(ForbiddenError);
    const row = await db.kysely.selectFrom('opinions').selectAll().where('id', '=', asked.result.opinionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answer: 'yes', answer_text: 'Plan réaliste, ERUN disponible.' });
    // Past the deadline, an unanswered link gives nothing.
    const late = await requestOpinion(env, reviewer, { dossierId: rennes.id, expertKind: 'ien', email: 'ien@ac-rennes.fr', question: 'Avis ?', deadline: '2021-04-15' }, T1);
    await expect(answerOpinion(env, null, { token: late.result.token, answer: 'yes', text: 'ok' }, '2021-04-16T08:00:00.000Z')).rejects.toThrow(ForbiddenError);
  });

  it('sends each reminder once, even with two job runs at the same time', async () => {
    await db.kysely.deleteFrom('jobs').execute();
    const asked = await requestOpinion(env, reviewer, { dossierId: rennes.id, expertKind: 'ien', email: 'ien.rappel@ac-rennes.fr', question: 'Votre avis ?', deadline: '2021-04-25' }, T1);
    const jobs = await db.kysely.selectFrom('jobs').select(['kind', 'dedupe_key', 'run_at']).where('kind', '=', OPINION_REMINDER_JOB).orderBy('run_at').execute();
    expect(jobs.map((j) => j.dedupe_key)).toEqual([`opinion-reminder:${asked.result.opinionId}:J-3`, `opinion-reminder:${asked.result.opinionId}:J-1`]);
    const settings = readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'https://socle.test' });
    const at = () => new Date('2021-04-25T10:00:00.000Z'); // after both reminders' times, before the deadline
    const [a, b] = await Promise.all([
      runDueJobs(db.kysely, reviewJobHandlers(db, settings, at), 'node-a', at),
      runDueJobs(db.kysely, reviewJobHandlers(db, settings, at), 'node-b', at),
    ]);
    expect(a.done + b.done).toBe(2);
    expect(a.failed + b.failed).toBe(0);
    const mails = await db.kysely.selectFrom('mails').select(['subject']).where('to_address', '=', 'ien.rappel@ac-rennes.fr').where('subject', 'like', 'Rappel%').execute();
    expect(mails).toHaveLength(2);
    // Running the same reminder again (a claim taken over) sends nothing more.
    const again = await reviewJobHandlers(db, settings, at)[OPINION_REMINDER_JOB]({ id: 0, kind: OPINION_REMINDER_JOB, attempts: 0, payload: { opinionId: asked.result.opinionId, reminder: 'J-1', url: 'x' } });
    expect(again).toBeUndefined();
    // (the request itself went through the test's notify, not the mails table)
    expect(await db.kysely.selectFrom('mails').select('id').where('to_address', '=', 'ien.rappel@ac-rennes.fr').execute()).toHaveLength(2);
  });

  it('withdraws an open opinion request (the team may): the link stops working, its reminders are not sent, the expert is told, an event records it', async () => {
    await db.kysely.deleteFrom('jobs').execute();
    const asked = await requestOpinion(env, reviewer, { dossierId: betton.id, expertKind: 'erun', email: 'erun.retrait@ac-rennes.fr', question: 'Le matériel est-il adapté ?', deadline: '2021-04-28' }, T1);
    expect(await db.kysely.selectFrom('jobs').select('id').where('kind', '=', OPINION_REMINDER_JOB).execute()).toHaveLength(2);
    const T2 = '2021-04-11T09:00:00.000Z';
    // Another académie's reviewer may not; an unknown opinion of the dossier is a 404.
    await expect(withdrawOpinion(env, outsider, { dossierId: betton.id, opinionId: asked.result.opinionId }, T2)).rejects.toThrow(ForbiddenError);
    expect((await refusal(withdrawOpinion(env, colleague, { dossierId: betton.id, opinionId: 'inconnu' }, T2))).status).toBe(404);
    env.sent.length = 0;
    // A colleague of the territory (the team) withdraws the request the reviewer asked.
    await withdrawOpinion(env, colleague, { dossierId: betton.id, opinionId: asked.result.opinionId }, T2);
    const row = await db.kysely.selectFrom('opinions').select(['closed_at', 'answered_at']).where('id', '=', asked.result.opinionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ closed_at: T2, answered_at: null });
    expect(env.sent).toHaveLength(1);
    expect(env.sent[0]).toMatchObject({ to: 'erun.retrait@ac-rennes.fr', subject: `Demande d'avis retirée : dossier ${betton.reference}` });
    expect(env.sent[0].text).toContain("Vous n'avez plus à répondre");
    // The link no longer opens the dossier nor takes an answer.
    expect(await findOpinionByToken(db.kysely, asked.result.token, new Date(T2))).toMatchObject({ status: 'withdrawn' });
    await expect(answerOpinion(env, null, { token: asked.result.token, answer: 'yes', text: 'Favorable.' }, '2021-04-12T08:00:00.000Z')).rejects.toThrow(ForbiddenError);
    // Its reminders are dropped: a job run after their times sends nothing to the expert.
    expect(await db.kysely.selectFrom('jobs').select('id').where('kind', '=', OPINION_REMINDER_JOB).where('done_at', 'is', null).execute()).toEqual([]);
    const settings = readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'https://socle.test' });
    const at = () => new Date('2021-04-28T10:00:00.000Z');
    await runDueJobs(db.kysely, reviewJobHandlers(db, settings, at), 'node-a', at);
    expect(await db.kysely.selectFrom('mails').select('id').where('to_address', '=', 'erun.retrait@ac-rennes.fr').execute()).toEqual([]);
    // Even a reminder already claimed by a node sends nothing once the request is withdrawn.
    await reviewJobHandlers(db, settings, at)[OPINION_REMINDER_JOB]({ id: 0, kind: OPINION_REMINDER_JOB, attempts: 0, payload: { opinionId: asked.result.opinionId, reminder: 'J-1', url: 'x' } });
    expect(await db.kysely.selectFrom('mails').select('id').where('to_address', '=', 'erun.retrait@ac-rennes.fr').execute()).toEqual([]);
    // The dossier's history records it, in the hash chain.
    const view = (await loadDossier(db.kysely, betton.id))!;
    expect(view.events.at(-1)).toMatchObject({ kind: 'opinion_withdrawn', actor_label: 'Instructeur Ille-et-Vilaine', at: T2 });
    expect(JSON.parse(view.events.at(-1)!.payload)).toMatchObject({ opinionId: asked.result.opinionId, expertKind: 'erun' });
    expect(await verifyEventChain(db.kysely)).toBeNull();
    // Only while open: withdrawn, answered or past its deadline, it cannot be withdrawn (409, in French).
    const again = await refusal(withdrawOpinion(env, reviewer, { dossierId: betton.id, opinionId: asked.result.opinionId }, T2));
    expect([again.status, again.message]).toEqual([409, "Cette demande d'avis est déjà retirée."]);
    const answered = await requestOpinion(env, reviewer, { dossierId: betton.id, expertKind: 'ien', email: 'ien.retrait@ac-rennes.fr', question: 'Avis ?', deadline: '2021-04-28' }, T1);
    await answerOpinion(env, null, { token: answered.result.token, answer: 'no', text: 'Défavorable.' }, T2);
    const late = await refusal(withdrawOpinion(env, reviewer, { dossierId: betton.id, opinionId: answered.result.opinionId }, T2));
    expect([late.status, late.message]).toEqual([409, "L'expert a déjà rendu cet avis : la demande ne peut plus être retirée."]);
  });

  it('withdraws an opinion request from the review page; the expert’s link then says so (410)', async () => {
    // The routes run on the real clock: a deadline ten days from now.
    const now = new Date();
    const deadline = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const asked = await requestOpinion(env, reviewer, { dossierId: betton.id, expertKind: 'other', email: 'expert.page@example.org', question: 'Votre regard ?', deadline }, now);
    const app = await buildApp({ db, settings: readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    try {
      const b = new Browser(app);
      b.cookies.set('socle_session', (await createSession(db.kysely, reviewer.id, new Date())).token);
      const page = await b.get(`/instruction/dossiers/${betton.id}`);
      expect(page.body).toContain(`Retirer la demande d’avis adressée à expert.page@example.org`);
      const done = await b.post(`/instruction/dossiers/${betton.id}/avis/${asked.result.opinionId}/retrait`, {});
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe(`/instruction/dossiers/${betton.id}?fait=avis-retire#avis`);
      const after = await b.get(done.headers.location as string);
      expect(after.body).toContain('Demande d’avis retirée : son lien ne fonctionne plus');
      expect(after.body).toContain('Demande retirée le');
      const twice = await b.post(`/instruction/dossiers/${betton.id}/avis/${asked.result.opinionId}/retrait`, {});
      expect(twice.statusCode).toBe(409);
      expect(twice.body).toContain("Cette demande d'avis est déjà retirée.");
      const expert = await new Browser(app).get(`/avis/${asked.result.token}`);
      expect(expert.statusCode).toBe(410);
      expect(expert.body).toContain('Cette demande d’avis a été retirée.');
      expect(expert.body).toContain('Vous n’avez plus à répondre.');
      expect(expert.body).not.toContain('Votre regard ?');
    } finally {
      await app.close();
    }
  });

  it('proposes a decision: the maximum per volet from the engine, lowered only with a reason, never raised; rejection needs a motivation', async () => {
    const d = (await loadDossier(db.kysely, rennes.id))!.dossier;
    const raised = await refusal(proposeDecision(env, reviewer, { dossierId: rennes.id, kind: 'accept', equipmentMaxCents: d.equipment_grant_cents + 1 }, T1));
    expect(raised.errors[0].field).toBe('maximumEquipement');
    const lowered = await refusal(proposeDecision(env, reviewer, { dossierId: rennes.id, kind: 'accept', equipmentMaxCents: d.equipment_grant_cents - 100 }, T1));
    expect(lowered.errors[0].field).toBe('motif');
    const reject = await refusal(proposeDecision(env, reviewer, { dossierId: rennes.id, kind: 'reject' }, T1));
    expect(reject.errors[0].field).toBe('motif');
    await proposeDecision(env, reviewer, { dossierId: rennes.id, kind: 'accept', equipmentMaxCents: d.equipment_grant_cents - 100, reason: 'Arrondi.' }, T1);
    await expect(proposeDecision(env, rennes.applicant.admin, { dossierId: rennes.id, kind: 'waiting_list' }, T1)).rejects.toThrow(ForbiddenError);
    const p = await db.kysely.selectFrom('decision_proposals').selectAll().where('dossier_id', '=', rennes.id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ kind: 'accept', reason: 'Arrondi.', proposed_by: reviewer.id });
    expect(Number(p.equipment_max_cents)).toBe(d.equipment_grant_cents - 100);
    expect(Number(p.services_max_cents)).toBe(d.services_grant_cents);
    const filtered = await queuePage(db.kysely, reviewer, q({ filters: { proposition: { kind: 'choice', values: ['accept'] } } }), cols('reference', 'proposition'));
    expect(filtered.rows).toEqual([{ id: rennes.id, values: { reference: rennes.reference, proposition: 'accept' } }]);
  });

  it('exports the queue as CSV (; and BOM) and XLSX from the same columns, read back', async () => {
    const app = await buildApp({ db, settings: readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    try {
      const b = await signedInAs(app, db, reviewer.id);
      const csv = await b.get('/instruction/export.csv?file=tous&col=reference&col=demandeur&col=subvention&tri=reference');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf');
      const records = parse(csv.rawPayload.subarray(3).toString('utf8'), { delimiter: ';' }) as string[][];
      expect(records[0]).toEqual(['Référence', 'Collectivité', 'Subvention calculée']);
      expect(records.slice(1).map((r) => r[0]).sort()).toEqual([rennes.reference, betton.reference].sort());
      const view = (await loadDossier(db.kysely, rennes.id))!;
      const row = records.find((r) => r[0] === rennes.reference)!;
      expect(row[2]).toBe(`${Math.floor(view.dossier.grant_cents / 100)},${String(view.dossier.grant_cents % 100).padStart(2, '0')}`);

      const xlsx = await b.get('/instruction/export.xlsx?file=tous&col=reference&col=subvention&col=depose_le&subvention_min=1');
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Dossiers')!;
      expect(sheet.getRow(1).values).toEqual([undefined, 'Référence', 'Subvention calculée', 'Déposé le']);
      const values = new Map<string, unknown[]>();
      sheet.eachRow((r, i) => { if (i > 1) values.set(String(r.getCell(1).value), [r.getCell(2).value, r.getCell(3).value]); });
      expect([...values.keys()].sort()).toEqual([rennes.reference, betton.reference].sort());
      expect(values.get(rennes.reference)![0]).toBe(view.dossier.grant_cents / 100);
      expect(values.get(rennes.reference)![1]).toBeInstanceOf(Date);

      // The page itself: filters, tabs and the chosen columns, without JavaScript.
      const page = await b.get('/instruction?file=tous&commune=Rennes&col=reference&col=etat');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(rennes.reference);
      expect(page.body).not.toContain(betton.reference);
      expect(page.body).not.toContain(creteil.reference);
    } finally {
      await app.close();
    }
  });

  it('streams every row of a large queue through the same columns', async () => {
    const rows = [];
    for await (const r of queueRows(db.kysely, reviewer, q(), COLUMNS, 1)) rows.push(r);
    expect(rows).toHaveLength(2);
  });
});

/** A browser signed in as an existing user (a session row written as the sign-in does). */
export async function signedInAs(app: Awaited<ReturnType<typeof buildApp>>, db: TestDb, userId: string): Promise<Browser> {
  const { createSession } = await import('../../../src/data/sessions');
  const { token } = await createSession(db.kysely, userId, new Date());
  const b = new Browser(app);
  b.cookies.set('socle_session', token);
  return b;
}
