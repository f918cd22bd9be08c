// The review of a dossier (issue 5): take it, return it for changes, follow it, private notes,
// opinions asked of IEN / ERUN / anyone through a token link (reminders as jobs claimed in the
// database), the expert's answer, adjustments of budget lines with a mandatory reason (the engine
// recomputes; a reviewer's adjustment never voids co-signatures), and the decision proposal for the
// committee. Each write is one transaction; each transition and change of an amount is an event.
import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { parisLocalToUtcIso } from '../../domain/paris-time';
import { formatParisInstant } from '../../domain/dossier/lifecycle';
import { formatEuros } from '../../domain/money';
import { callOf, lineAmount, normaliseLine } from '../../data/dossier-facts';
import { accessFor } from '../../data/dossiers';
import { enqueueJob } from '../../data/jobs';
import { opinionStatus } from '../../data/review';
import type { Database } from '../../data/schema';
import { normalizeEmail, sha256, randomToken } from '../../data/users';
import { authorize, ForbiddenError } from '../../policies';
import { appendEvents } from '../events';
import { MAX_ATTACHMENT_BYTES, removeStoredFile, sha256Hex, storeFile } from '../storage';
import { ACCEPTED_TYPES } from '../dossier/attachments';
import {
  actorLabel, DossierCommandError, DossierInputError, dossierCommand, inTransaction, parseInput, sections,
  takeForReview, returnForChanges, type CommandActor, type CommandEnv, type CommandOutcome,
} from '../dossier';
import type { Transaction } from 'kysely';

export { returnForChanges };

export const OPINION_REMINDER_JOB = 'review.opinion_reminder';
export const EXPERT_KINDS = { ien: 'IEN (inspecteur de circonscription)', erun: 'ERUN (enseignant référent pour les usages du numérique)', other: 'autre expert' } as const;
export type ExpertKind = keyof typeof EXPERT_KINDS;

const SIGNATURE = '\n\n--\nSocle numérique – appel à projets « Socle numérique dans les écoles élémentaires »\nministère de l’Éducation nationale. Ce message est envoyé automatiquement : n’y répondez pas.';
const link = (env: CommandEnv, path: string): string => `${(env.publicUrl ?? '').replace(/\/+$/, '')}${path}`;
const OPEN_STATES = new Set(['submitted', 'under_review', 'returned_for_changes']);

/** Loads the dossier's access for the actor and authorizes; an unknown dossier answers like a forbidden one. */
async function authorizeOn(tx: Transaction<Database>, actor: CommandActor | null, dossierId: string, action: 'read' | 'create', subject: 'dossier' | 'review_note') {
  const d = typeof dossierId === 'string' && dossierId.length <= 64
    ? await tx.selectFrom('dossiers').select(['id', 'organisation_id', 'state', 'departement_code', 'academie_code', 'reference']).where('id', '=', dossierId).executeTakeFirst()
    : undefined;
  if (actor === null || d === undefined) throw new ForbiddenError(action, subject);
  const access = await accessFor(tx, actor, d, d.id);
  authorize(actor, action, subject, access);
  return d;
}

// ---- take, follow ----------------------------------------------------------------------------

/** Takes a submitted dossier (`under_review`); the reviewer becomes its instructor and follows it. */
export async function takeDossier(env: CommandEnv, actor: CommandActor | null, input: { dossierId: string }, now: Date | string): Promise<CommandOutcome<null>> {
  return inTransaction(env, async (tx) => {
    const out = await takeForReview({ ...env, kysely: tx }, actor, { dossierId: input.dossierId }, now);
    const at = new Date(now).toISOString();
    await tx.deleteFrom('review_assignments').where('dossier_id', '=', input.dossierId).execute();
    await tx.insertInto('review_assignments').values({ dossier_id: input.dossierId, reviewer_id: actor!.id, taken_at: at }).execute();
    await tx.insertInto('review_follows').values({ dossier_id: input.dossierId, user_id: actor!.id, created_at: at })
      .onConflict((oc) => oc.columns(['dossier_id', 'user_id']).doNothing()).execute();
    return out;
  });
}

/** Follows a dossier of one's territory (« Suivis »), or stops following it. */
export async function setFollow(env: CommandEnv, actor: CommandActor | null, input: { dossierId: string; follow: boolean }, now: Date | string): Promise<void> {
  await inTransaction(env, async (tx) => {
    await authorizeOn(tx, actor, input.dossierId, 'read', 'dossier');
    if (actor!.role !== 'reviewer') throw new ForbiddenError('read', 'review_queue');
    if (input.follow) {
      await tx.insertInto('review_follows').values({ dossier_id: input.dossierId, user_id: actor!.id, created_at: new Date(now).toISOString() })
        .onConflict((oc) => oc.columns(['dossier_id', 'user_id']).doNothing()).execute();
    } else {
      await tx.deleteFrom('review_follows').where('dossier_id', '=', input.dossierId).where('user_id', '=', actor!.id).execute();
    }
  });
}

// ---- private notes ---------------------------------------------------------------------------

const noteSchema = z.strictObject({
  dossierId: z.string().min(1),
  body: z.string({ error: 'Écrivez la note.' }).trim().min(1, { error: 'Écrivez la note.' }).max(10_000, { error: 'La note fait au plus 10 000 caractères.' }),
});

/** A private note: seen by the reviewers of the territory only (no event: the history is the applicant's too). */
export async function addPrivateNote(env: CommandEnv, actor: CommandActor | null, input: z.input<typeof noteSchema>, now: Date | string): Promise<{ noteId: string }> {
  return inTransaction(env, async (tx) => {
    await authorizeOn(tx, actor, String(input.dossierId), 'create', 'review_note');
    const v = parseInput(noteSchema, input);
    const id = crypto.randomUUID();
    await tx.insertInto('private_notes').values({ id, dossier_id: v.dossierId, author_id: actor!.id, author_label: await actorLabel(tx, actor!), body: v.body, at: new Date(now).toISOString() }).execute();
    return { noteId: id };
  });
}

// ---- opinions --------------------------------------------------------------------------------

const opinionSchema = z.strictObject({
  dossierId: z.string().min(1),
  expertKind: z.enum(['ien', 'erun', 'other'], { error: "Choisissez à qui vous demandez l'avis : IEN, ERUN ou autre." }),
  email: z.string({ error: "Indiquez l'adresse électronique de l'expert." }).trim()
    .pipe(z.email({ error: "L'adresse électronique de l'expert n'est pas valide (exemple : prenom.nom@ac-rennes.fr)." })),
  question: z.string({ error: 'Écrivez la question posée.' }).trim().min(1, { error: 'Écrivez la question posée.' }).max(5_000, { error: 'La question fait au plus 5 000 caractères.' }),
  deadline: z.string({ error: "Indiquez la date limite de l'avis." }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: "La date limite s'écrit AAAA-MM-JJ (exemple : 2021-05-15)." }),
});
export type RequestOpinionInput = z.input<typeof opinionSchema>;

/** Reminders before the deadline: label and how long before. */
export const REMINDERS = [{ key: 'J-3', beforeMs: 3 * 86_400_000 }, { key: 'J-1', beforeMs: 86_400_000 }] as const;

/** Asks an opinion: a token link mailed to the expert, reminders queued as jobs (dedupe keys). */
export async function requestOpinion(env: CommandEnv, actor: CommandActor | null, input: RequestOpinionInput, now: Date | string): Promise<CommandOutcome<{ opinionId: string; token: string; url: string }>> {
  const v = parseInput(opinionSchema, input);
  let deadlineAt: string;
  try {
    deadlineAt = parisLocalToUtcIso(`${v.deadline}T23:59:59`);
  } catch {
    throw new DossierInputError([{ field: 'echeance', message: "La date limite n'existe pas : choisissez une date du calendrier." }]);
  }
  const at = new Date(now);
  if (Date.parse(deadlineAt) <= at.getTime()) throw new DossierInputError([{ field: 'echeance', message: "La date limite est passée : choisissez une date à venir." }]);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'opinion', action: 'create', refresh: false }, async ({ tx, dossier, actorLabel: label, now: iso, record }) => {
    if (!OPEN_STATES.has(dossier.state)) throw new DossierCommandError('NOT_UNDER_REVIEW', "Un avis ne peut être demandé que sur un dossier en cours d'instruction.", [], 409);
    const id = crypto.randomUUID();
    const token = randomToken();
    const email = normalizeEmail(v.email);
    await tx.insertInto('opinions').values({
      id, dossier_id: dossier.id, expert_kind: v.expertKind, expert_email: email, question: v.question, deadline_at: deadlineAt,
      token_hash: sha256(token), requested_by: actor!.id, requested_by_label: label, requested_at: iso,
      answer: null, answer_text: null, answered_at: null, answered_by_label: null,
      file_name: null, file_mime: null, file_size: null, file_sha256: null, file_path: null, closed_at: null,
    }).execute();
    record({ kind: 'opinion_requested', section: 'opinions', payload: { opinionId: id, expertKind: v.expertKind, deadlineAt } });
    const url = link(env, `/avis/${token}`);
    await env.notify?.(tx, {
      to: email,
      subject: `Avis demandé sur le dossier ${dossier.reference}`,
      text: `Bonjour,\n\n${label} (instruction de l'appel à projets « Socle numérique dans les écoles élémentaires ») vous demande votre avis sur le dossier ${dossier.reference} :\n\n${v.question}\n\n` +
        `Répondez avant le ${formatParisInstant(deadlineAt)} (heure de Paris) en ouvrant ce lien, personnel, qui donne accès à ce seul dossier jusqu'à votre réponse :\n\n${url}${SIGNATURE}`,
    });
    for (const r of REMINDERS) {
      const runAt = new Date(Date.parse(deadlineAt) - r.beforeMs);
      if (runAt.getTime() <= at.getTime()) continue;
      await enqueueJob(tx, { kind: OPINION_REMINDER_JOB, payload: { opinionId: id, reminder: r.key, url }, dedupeKey: `opinion-reminder:${id}:${r.key}`, runAt }, at);
    }
    return { opinionId: id, token, url };
  });
}

/** The reminder jobs of an opinion, by their dedupe keys. */
const reminderKeys = (opinionId: string): string[] => REMINDERS.map((r) => `opinion-reminder:${opinionId}:${r.key}`);

/**
 * Withdraws an open opinion request (the reviewers of the dossier's territory: the one who asked, or
 * their team): its link stops working, its pending reminders are dropped, the expert is told, and
 * the withdrawal is an event of the dossier's history. An answered, expired or already withdrawn
 * opinion cannot be withdrawn (409).
 */
export async function withdrawOpinion(env: CommandEnv, actor: CommandActor | null, input: { dossierId: string; opinionId: string }, now: Date | string): Promise<CommandOutcome<{ opinionId: string }>> {
  return dossierCommand(env, actor, String(input.dossierId), now, { subject: 'opinion', action: 'delete', refresh: false }, async ({ tx, dossier, actorLabel: label, now: iso, record }) => {
    const opinion = typeof input.opinionId === 'string' && input.opinionId.length <= 64
      ? await tx.selectFrom('opinions').selectAll().where('id', '=', input.opinionId).where('dossier_id', '=', dossier.id).executeTakeFirst()
      : undefined;
    if (opinion === undefined) throw new DossierCommandError('UNKNOWN_OPINION', "Cette demande d'avis n'existe pas dans ce dossier : rechargez la page.", [], 404);
    const status = opinionStatus(opinion, new Date(iso));
    if (status !== 'open') {
      throw new DossierCommandError('OPINION_CLOSED', status === 'answered' ? "L'expert a déjà rendu cet avis : la demande ne peut plus être retirée."
        : status === 'expired' ? "Le délai de cette demande d'avis est dépassé : elle est close et n'a pas à être retirée."
          : "Cette demande d'avis est déjà retirée.", [], 409);
    }
    // Once: the UPDATE holds only while the opinion is still open (an answer arriving at the same time wins or loses as a whole).
    const res = await tx.updateTable('opinions').set({ closed_at: iso })
      .where('id', '=', opinion.id).where('answered_at', 'is', null).where('closed_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DossierCommandError('OPINION_CLOSED', "Cette demande d'avis vient d'être close : rechargez la page.", [], 409);
    // Its reminders not yet sent are dropped (one being sent now checks the opinion, closed, and sends nothing).
    await tx.deleteFrom('jobs').where('kind', '=', OPINION_REMINDER_JOB).where('dedupe_key', 'in', reminderKeys(opinion.id)).where('done_at', 'is', null).execute();
    record({ kind: 'opinion_withdrawn', section: 'opinions', payload: { opinionId: opinion.id, expertKind: opinion.expert_kind, requestedBy: opinion.requested_by_label } });
    await env.notify?.(tx, {
      to: opinion.expert_email,
      subject: `Demande d'avis retirée : dossier ${dossier.reference}`,
      text: `Bonjour,\n\n${label} a retiré la demande d'avis qui vous avait été adressée le ${formatParisInstant(opinion.requested_at)} (heure de Paris) sur le dossier ${dossier.reference} :\n\n` +
        `${opinion.question}\n\nVous n'avez plus à répondre : le lien reçu ne donne plus accès au dossier.${SIGNATURE}`,
    });
    return { opinionId: opinion.id };
  });
}

export interface ExpertView {
  readonly opinionId: string;
  readonly dossierId: string;
  readonly reference: string;
  readonly organisationName: string;
  readonly question: string;
  readonly expertKind: ExpertKind;
  readonly deadlineAt: string;
  readonly requestedByLabel: string;
  readonly status: 'open' | 'answered' | 'expired' | 'withdrawn';
}

/** The opinion a link points at, or undefined (unknown link). No authorization: the caller checks `opinion_answer` with `open`. */
export async function findOpinionByToken(db: CommandEnv['kysely'], token: string, now: Date): Promise<ExpertView | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const o = await db.selectFrom('opinions as op').innerJoin('dossiers as d', 'd.id', 'op.dossier_id').innerJoin('organisations as org', 'org.id', 'd.organisation_id')
    .select(['op.id', 'op.dossier_id', 'd.reference', 'org.name', 'op.question', 'op.expert_kind', 'op.deadline_at', 'op.requested_by_label', 'op.answered_at', 'op.closed_at'])
    .where('op.token_hash', '=', sha256(token)).executeTakeFirst();
  if (o === undefined) return undefined;
  return {
    opinionId: o.id, dossierId: o.dossier_id, reference: o.reference, organisationName: o.name, question: o.question, expertKind: o.expert_kind,
    deadlineAt: o.deadline_at, requestedByLabel: o.requested_by_label, status: opinionStatus(o, now),
  };
}

const answerSchema = z.strictObject({
  token: z.string().min(1),
  answer: z.enum(['yes', 'no'], { error: 'Indiquez si votre avis est favorable ou défavorable.' }),
  text: z.string({ error: 'Motivez votre avis.' }).trim().min(1, { error: 'Motivez votre avis.' }).max(10_000, { error: "L'avis fait au plus 10 000 caractères." }),
  file: z.strictObject({ fileName: z.string().min(1), bytes: z.custom<Uint8Array>((b) => b instanceof Uint8Array) }).optional(),
});
export type AnswerOpinionInput = z.input<typeof answerSchema>;

/** The expert answers through the link (signed in or not), once, while the opinion is open; the reviewer is told. */
export async function answerOpinion(env: CommandEnv, actor: CommandActor | null, input: AnswerOpinionInput, now: Date | string): Promise<{ opinionId: string }> {
  const at = new Date(now);
  const found = await findOpinionByToken(env.kysely, String(input.token ?? ''), at);
  if (found === undefined) throw new DossierCommandError('UNKNOWN_LINK', "Ce lien d'avis n'existe pas : vérifiez l'adresse reçue par courriel.", [], 404);
  authorize(actor, 'update', 'opinion_answer', { open: found.status === 'open' });
  const v = parseInput(answerSchema, input);
  let file: { name: string; mime: string; size: number; sha256: string; bytes: Uint8Array } | null = null;
  if (v.file !== undefined && v.file.bytes.length > 0) {
    const name = [...v.file.fileName.trim()].map((c) => (c.charCodeAt(0) < 32 || c === '/' || c === '\\' ? '_' : c)).join('').slice(0, 200) || 'fichier';
    if (v.file.bytes.length > MAX_ATTACHMENT_BYTES) throw new DossierInputError([{ field: 'fichier', message: `Le fichier « ${name} » dépasse 20 Mo.` }]);
    const type = await fileTypeFromBuffer(v.file.bytes);
    if (type === undefined || ACCEPTED_TYPES[type.mime] === undefined) {
      throw new DossierCommandError('FILE_TYPE_REFUSED', `Le fichier « ${name} » n'est pas accepté. Formats acceptés : PDF, PNG, JPEG, ODT, DOCX.`, [{ field: 'fichier', message: `Le fichier « ${name} » n'est pas accepté. Formats acceptés : PDF, PNG, JPEG, ODT, DOCX.` }], 415);
    }
    file = { name, mime: type.mime, size: v.file.bytes.length, sha256: sha256Hex(v.file.bytes), bytes: v.file.bytes };
  }
  const iso = at.toISOString();
  let stored: string | null = null;
  try {
    return await inTransaction(env, async (tx) => {
      const opinion = await tx.selectFrom('opinions').selectAll().where('id', '=', found.opinionId).executeTakeFirstOrThrow();
      const expertLabel = actor?.displayName ? `${actor.displayName} (${EXPERT_KINDS[opinion.expert_kind]})` : `${opinion.expert_email} (${EXPERT_KINDS[opinion.expert_kind]})`;
      if (file !== null) stored = await storeFile(env.dataDir, 'attachments', opinion.dossier_id, `avis-${opinion.id}`, file.bytes);
      // Once: the UPDATE holds only while the opinion is still open.
      const res = await tx.updateTable('opinions').set({
        answer: v.answer, answer_text: v.text, answered_at: iso, answered_by_label: expertLabel,
        file_name: file?.name ?? null, file_mime: file?.mime ?? null, file_size: file?.size ?? null, file_sha256: file?.sha256 ?? null, file_path: stored,
      }).where('id', '=', opinion.id).where('answered_at', 'is', null).where('closed_at', 'is', null).where('deadline_at', '>', iso).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new ForbiddenError('update', 'opinion_answer');
      const d = await tx.updateTable('dossiers').set((eb) => ({ revision: eb('revision', '+', 1) })).where('id', '=', opinion.dossier_id)
        .returning(['revision', 'reference']).executeTakeFirstOrThrow();
      await appendEvents(tx, opinion.dossier_id, Number(d.revision), { id: actor?.id ?? null, label: expertLabel }, iso, [
        { kind: 'opinion_given', section: 'opinions', payload: { opinionId: opinion.id, answer: v.answer, fileSha256: file?.sha256 ?? null } },
      ]);
      const reviewer = await tx.selectFrom('users').select('email').where('id', '=', opinion.requested_by).executeTakeFirst();
      if (reviewer) {
        await env.notify?.(tx, {
          to: reviewer.email,
          subject: `Avis rendu sur le dossier ${d.reference}`,
          text: `Bonjour,\n\n${expertLabel} a rendu son avis sur le dossier ${d.reference} : ${v.answer === 'yes' ? 'favorable' : 'défavorable'}.\n\n${v.text}\n\n` +
            `L'avis est sur la page d'instruction du dossier :\n\n${link(env, `/instruction/dossiers/${opinion.dossier_id}#avis`)}${SIGNATURE}`,
        });
      }
      return { opinionId: opinion.id };
    });
  } catch (e) {
    if (stored !== null) removeStoredFile(env.dataDir, stored);
    throw e;
  }
}

/**
 * The job of a reminder: sends it if the opinion is still open and this reminder was not sent yet.
 * The row in `opinion_reminders` and the mail are written in one transaction: two nodes running the
 * same job (a claim taken over) send it once.
 */
export async function sendOpinionReminder(env: CommandEnv, payload: { opinionId: string; reminder: string; url: string }, now: Date): Promise<boolean> {
  return inTransaction(env, async (tx) => {
    const o = await tx.selectFrom('opinions as op').innerJoin('dossiers as d', 'd.id', 'op.dossier_id')
      .select(['op.id', 'op.expert_email', 'op.question', 'op.deadline_at', 'op.answered_at', 'op.closed_at', 'op.requested_by_label', 'd.reference'])
      .where('op.id', '=', payload.opinionId).executeTakeFirst();
    if (o === undefined || opinionStatus(o, now) !== 'open') return false;
    const res = await tx.insertInto('opinion_reminders').values({ opinion_id: o.id, reminder: payload.reminder, sent_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['opinion_id', 'reminder']).doNothing()).returning('opinion_id').executeTakeFirst();
    if (res === undefined) return false;
    await env.notify?.(tx, {
      to: o.expert_email,
      subject: `Rappel : avis attendu sur le dossier ${o.reference}`,
      text: `Bonjour,\n\n${o.requested_by_label} attend votre avis sur le dossier ${o.reference} avant le ${formatParisInstant(o.deadline_at)} (heure de Paris) :\n\n${o.question}\n\n` +
        `Pour répondre, ouvrez ce lien :\n\n${payload.url}${SIGNATURE}`,
    });
    return true;
  });
}

// ---- adjustments of budget lines --------------------------------------------------------------

const adjustSchema = z.strictObject({
  dossierId: z.string().min(1),
  lineId: z.string({ error: 'Ligne manquante.' }).min(1).max(64),
  mode: z.enum(['adjust', 'exclude', 'restore'], { error: 'Choisissez : ajuster le montant éligible, exclure la ligne ou revenir au montant déclaré.' }),
  eligibleCents: z.int({ error: 'Le montant éligible est un montant en euros, positif ou nul.' }).min(0, { error: 'Le montant éligible ne peut pas être négatif.' }).optional(),
  reason: z.string({ error: "Indiquez le motif de l'ajustement : il est montré à la collectivité." }).trim()
    .min(1, { error: "Indiquez le motif de l'ajustement : il est montré à la collectivité." }).max(2_000, { error: 'Le motif fait au plus 2 000 caractères.' }),
  revision: z.int().optional(),
});
export type AdjustLineInput = z.input<typeof adjustSchema>;

/** Adjusts a line's eligible amount, excludes it, or restores it, with a reason: the engine recomputes; an event says from/to/why/who. */
export async function adjustBudgetLine(env: CommandEnv, actor: CommandActor | null, input: AdjustLineInput, now: Date | string): Promise<CommandOutcome<{ eligibleCents: number }>> {
  const v = parseInput(adjustSchema, input);
  if (v.mode === 'adjust' && v.eligibleCents === undefined) throw new DossierInputError([{ field: 'montantEligible', message: 'Indiquez le montant éligible retenu pour la ligne.' }]);
  // voids: false — what co-signers signed (the declared budget) does not change.
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier', action: 'review', voids: false }, async ({ tx, dossier, actor: who, now: at, record }) => {
    if (dossier.state !== 'under_review') {
      throw new DossierCommandError('NOT_UNDER_REVIEW', "Prenez d'abord le dossier en charge : une ligne ne s'ajuste que sur un dossier en instruction.", [], 409);
    }
    const row = await tx.selectFrom('budget_lines').selectAll().where('id', '=', v.lineId).where('dossier_id', '=', dossier.id).executeTakeFirst();
    if (row === undefined) throw new DossierInputError([{ field: 'ligne', message: "Cette ligne n'existe pas (ou plus) dans ce dossier : rechargez la page." }]);
    const line = normaliseLine(row);
    const declared = lineAmount(line, callOf(dossier.call_id, env.calls).funding.amountBasis);
    if (v.mode === 'adjust' && v.eligibleCents! > declared) {
      throw new DossierInputError([{ field: 'montantEligible', message: `Le montant éligible ne peut pas dépasser le montant déclaré de la ligne (${formatEuros(declared)}).` }]);
    }
    const counted = (l: { excluded: number; eligible_adjustment_cents: number | null }) => (l.excluded === 1 ? 0 : (l.eligible_adjustment_cents ?? declared));
    const next = v.mode === 'exclude' ? { excluded: 1, eligible_adjustment_cents: null }
      : v.mode === 'restore' ? { excluded: 0, eligible_adjustment_cents: null }
        : { excluded: 0, eligible_adjustment_cents: v.eligibleCents === declared ? null : v.eligibleCents! };
    await tx.updateTable('budget_lines').set({ ...next, adjustment_reason: v.reason, adjusted_by: who.id, adjusted_at: at }).where('id', '=', line.id).execute();
    record({
      kind: 'budget_line_adjusted', section: sections.line(line.uai, line.id), reason: v.reason,
      payload: {
        lineId: line.id, label: line.label, declaredCents: declared,
        from: { eligibleCents: counted(line), excluded: line.excluded === 1 },
        to: { eligibleCents: counted(next), excluded: next.excluded === 1 },
      },
    });
    return { eligibleCents: counted(next) };
  });
}

// ---- decision proposal ------------------------------------------------------------------------

const proposalSchema = z.strictObject({
  dossierId: z.string().min(1),
  kind: z.enum(['accept', 'reject', 'waiting_list'], { error: 'Choisissez la décision proposée : retenir, ne pas retenir ou liste d’attente.' }),
  equipmentMaxCents: z.int({ error: 'Le montant maximum est un montant en euros, positif ou nul.' }).min(0, { error: 'Le montant maximum ne peut pas être négatif.' }).optional(),
  servicesMaxCents: z.int({ error: 'Le montant maximum est un montant en euros, positif ou nul.' }).min(0, { error: 'Le montant maximum ne peut pas être négatif.' }).optional(),
  reason: z.string().trim().max(5_000, { error: 'Le motif fait au plus 5 000 caractères.' }).optional(),
});
export type ProposeDecisionInput = z.input<typeof proposalSchema>;

/**
 * Proposes a decision for the committee: accept (maximum per volet from the engine, lowered only
 * with a reason, never raised), reject (motivation), waiting list. Replaces the previous proposal.
 */
export async function proposeDecision(env: CommandEnv, actor: CommandActor | null, input: ProposeDecisionInput, now: Date | string): Promise<CommandOutcome<{ equipmentMaxCents: number | null; servicesMaxCents: number | null }>> {
  const v = parseInput(proposalSchema, input);
  const reason = v.reason ?? '';
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'decision_proposal', action: 'create', refresh: false }, async ({ tx, dossier, actor: who, now: at, record }) => {
    if (dossier.state !== 'under_review') {
      throw new DossierCommandError('NOT_UNDER_REVIEW', "Une décision ne se propose que sur un dossier en instruction : prenez-le d'abord en charge.", [], 409);
    }
    let equipment: number | null = null;
    let services: number | null = null;
    const errors: { field: string; message: string }[] = [];
    if (v.kind === 'accept') {
      const engine = { equipment: dossier.equipment_grant_cents, services: dossier.services_grant_cents };
      equipment = v.equipmentMaxCents ?? engine.equipment;
      services = v.servicesMaxCents ?? engine.services;
      if (equipment > engine.equipment) errors.push({ field: 'maximumEquipement', message: `Le maximum d'équipement ne peut pas dépasser la subvention calculée (${formatEuros(engine.equipment)}).` });
      if (services > engine.services) errors.push({ field: 'maximumServices', message: `Le maximum des services ne peut pas dépasser la subvention calculée (${formatEuros(engine.services)}).` });
      if ((equipment < engine.equipment || services < engine.services) && reason === '') {
        errors.push({ field: 'motif', message: 'Vous proposez un maximum inférieur à la subvention calculée : indiquez-en le motif.' });
      }
      if (equipment + services === 0) errors.push({ field: 'maximumEquipement', message: 'Le montant maximum proposé est nul : proposez plutôt de ne pas retenir le dossier.' });
    } else if (v.kind === 'reject' && reason === '') {
      errors.push({ field: 'motif', message: 'Motivez la proposition de ne pas retenir le dossier.' });
    }
    if (errors.length > 0) throw new DossierInputError(errors);
    await tx.deleteFrom('decision_proposals').where('dossier_id', '=', dossier.id).execute();
    await tx.insertInto('decision_proposals').values({
      dossier_id: dossier.id, kind: v.kind, equipment_max_cents: equipment, services_max_cents: services, reason: reason === '' ? null : reason, proposed_by: who.id, proposed_at: at,
    }).execute();
    record({ kind: 'decision_proposed', section: 'proposal', reason: reason === '' ? null : reason, payload: { kind: v.kind, equipmentMaxCents: equipment, servicesMaxCents: services } });
    return { equipmentMaxCents: equipment, servicesMaxCents: services };
  });
}
