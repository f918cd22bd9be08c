// The committee's commands (issue 5): set an académie's envelope (national administrator), and
// decide a wave — many dossiers at once, in one transaction: retained dossiers are accepted with the
// maximum amount per volet of their proposal, those not retained go to the waiting list, confirmed
// rejections are rejected with their motivation; the wave is refused as a whole (nothing written)
// when it would exceed the envelope. Every transition is an event of the dossier's chain, each
// decision a row (`decisions`), each acceptance a convention to accept (`agreements`); the
// applicant's members are told by e-mail. `decideWave` also serves the demo campaign in bulk.
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { transition, type TransitionName } from '../../domain/dossier/lifecycle';
import { formatEuros } from '../../domain/money';
import { planWave, type WaveOutcome } from '../../domain/waves';
import { committedCents, envelopeOf, loadCommittee, loadWaveAccess } from '../../data/waves';
import type { Database } from '../../data/schema';
import { authorize } from '../../policies';
import { appendEvents, type EventKind } from '../events';
import { actorLabel, DossierCommandError, DossierInputError, inTransaction, iso, parseInput, type CommandActor, type CommandEnv } from '../dossier/context';

/** A wave refused (envelope exceeded, a dossier no longer to decide…): nothing was written. */
export class WaveRefusedError extends DossierCommandError {
  constructor(readonly problems: readonly string[], status: 409 | 422 = 422) {
    super('WAVE_REFUSED', `La vague n'a pas été décidée : ${problems.join(' ')}`, problems.map((p) => ({ field: 'dossiers', message: p })), status);
    this.name = 'WaveRefusedError';
  }
}

const envelopeSchema = z.strictObject({
  callId: z.string().min(1),
  academieCode: z.string().min(1).max(10),
  amountCents: z.int({ error: "Indiquez le montant de l'enveloppe en euros." }).min(0, { error: "Le montant de l'enveloppe ne peut pas être négatif." }).max(1e15),
  reason: z.string().trim().max(2000).optional(),
});

/** Sets an académie's envelope for a call; refuses an amount below what waves already allocated. */
export async function setEnvelope(env: CommandEnv, actor: CommandActor | null, input: z.input<typeof envelopeSchema>, now: Date | string): Promise<{ fromCents: number | null; toCents: number }> {
  authorize(actor, 'update', 'envelope');
  const v = parseInput(envelopeSchema, input);
  const at = iso(now);
  return inTransaction(env, async (tx) => {
    const academie = await tx.selectFrom('academies').select('name').where('code', '=', v.academieCode).executeTakeFirst();
    if (academie === undefined) throw new DossierInputError([{ field: 'academie', message: `Académie inconnue : « ${v.academieCode} ».` }]);
    const before = await envelopeOf(tx, v.callId, v.academieCode, env.calls);
    const committed = await committedCents(tx, v.callId, v.academieCode);
    if (v.amountCents < committed) {
      throw new DossierInputError([{ field: `enveloppe-${v.academieCode}`, message: `L'enveloppe de l'académie de ${academie.name} ne peut pas être inférieure aux ${formatEuros(committed)} déjà alloués par ses vagues.` }]);
    }
    const label = await actorLabel(tx, actor!);
    const from = before.source === 'set' ? before.amountCents : null;
    if (before.source === 'set') {
      await tx.updateTable('envelopes').set({ amount_cents: v.amountCents, updated_by: actor!.id, updated_at: at })
        .where('call_id', '=', v.callId).where('academie_code', '=', v.academieCode).execute();
    } else {
      await tx.insertInto('envelopes').values({ call_id: v.callId, academie_code: v.academieCode, amount_cents: v.amountCents, updated_by: actor!.id, updated_at: at }).execute();
    }
    await tx.insertInto('envelope_changes').values({
      id: crypto.randomUUID(), call_id: v.callId, academie_code: v.academieCode, from_cents: from ?? before.amountCents, to_cents: v.amountCents,
      reason: v.reason && v.reason !== '' ? v.reason : null, actor_id: actor!.id, actor_label: label, at,
    }).execute();
    return { fromCents: before.amountCents, toCents: v.amountCents };
  });
}

const waveSchema = z.strictObject({
  callId: z.string().min(1),
  academieCode: z.string().min(1).max(10),
  /** Dossiers ticked « retenu ». */
  retained: z.array(z.string().min(1).max(64)).max(100_000),
  /** Dossiers whose reject proposal is confirmed. */
  rejected: z.array(z.string().min(1).max(64)).max(100_000).default([]),
  /** The wave number the committee saw (« vague N »): another wave decided since refuses this one. */
  expectedNumber: z.int().min(1).optional(),
});

export interface DecidedWave {
  readonly waveId: string;
  readonly number: number;
  readonly accepted: readonly string[];
  readonly waiting: readonly string[];
  readonly rejected: readonly string[];
  readonly allocatedCents: number;
  readonly remainingCents: number;
}

const TRANSITION_OF: Readonly<Record<'accept' | 'waiting_list' | 'reject', { name: TransitionName; event: EventKind }>> = {
  accept: { name: 'accept', event: 'accepted' },
  waiting_list: { name: 'put_on_waiting_list', event: 'put_on_waiting_list' },
  reject: { name: 'reject', event: 'rejected' },
};

/** Decides a wave of an académie's committee (see the file's head). */
export async function decideWave(env: CommandEnv, actor: CommandActor | null, input: z.input<typeof waveSchema>, now: Date | string): Promise<DecidedWave> {
  const v = parseInput(waveSchema, input);
  const at = iso(now);
  return inTransaction(env, async (tx) => {
    authorize(actor, 'decide', 'wave', await loadWaveAccess(tx, actor, v.academieCode));
    const committee = await loadCommittee(tx, v.callId, v.academieCode, env.calls);
    if (v.expectedNumber !== undefined && v.expectedNumber !== committee.nextWaveNumber) {
      throw new WaveRefusedError([`La vague n° ${v.expectedNumber} a déjà été décidée (prochaine vague : n° ${committee.nextWaveNumber}) : rechargez la page.`], 409);
    }
    const candidates = [...committee.candidates, ...committee.rejections];
    const plan = planWave({ envelopeCents: committee.envelope.amountCents, committedCents: committee.committedCents, candidates, retained: v.retained, rejected: v.rejected });
    if (plan.problems.length > 0) throw new WaveRefusedError(plan.problems, 422);
    const label = await actorLabel(tx, actor!);
    const waveId = crypto.randomUUID();
    const number = committee.nextWaveNumber;
    await tx.insertInto('waves').values({
      id: waveId, call_id: v.callId, academie_code: v.academieCode, number, envelope_cents: committee.envelope.amountCents,
      committed_before_cents: committee.committedCents, allocated_cents: plan.use.selectedCents,
      accepted_count: plan.counts.accept, waiting_count: plan.counts.waiting_list, rejected_count: plan.counts.reject,
      decided_by: actor!.id, decided_by_label: label, decided_at: at,
    }).execute();
    const scores = new Map(candidates.map((c) => [c.dossierId, c.score]));
    const done: Record<'accept' | 'waiting_list' | 'reject', string[]> = { accept: [], waiting_list: [], reject: [] };
    for (const o of plan.outcomes) {
      if (o.kind === 'unchanged') continue;
      await decideOne(env, tx, o as WaveOutcome & { kind: 'accept' | 'waiting_list' | 'reject' }, { waveId, number, at, actorId: actor!.id, label, score: scores.get(o.dossierId) ?? null, academieName: committee.academieName });
      done[o.kind].push(o.dossierId);
    }
    return { waveId, number, accepted: done.accept, waiting: done.waiting_list, rejected: done.reject, allocatedCents: plan.use.selectedCents, remainingCents: plan.use.remainingCents };
  });
}

async function decideOne(
  env: CommandEnv,
  tx: Transaction<Database>,
  o: WaveOutcome & { kind: 'accept' | 'waiting_list' | 'reject' },
  w: { waveId: string; number: number; at: string; actorId: string; label: string; score: number | null; academieName: string },
): Promise<void> {
  // Lock the dossier (revision + 1); its state must still be the one the plan read.
  const locked = await tx.updateTable('dossiers').set((eb) => ({ revision: eb('revision', '+', 1), updated_at: w.at }))
    .where('id', '=', o.dossierId).returning(['id', 'state', 'revision', 'reference', 'organisation_id']).executeTakeFirst();
  if (locked === undefined) throw new WaveRefusedError([`Le dossier ${o.reference} n'existe plus.`], 409);
  const { name, event } = TRANSITION_OF[o.kind];
  const t = transition(locked.state as never, name, {
    now: w.at, actor: 'decider', reason: o.reason ?? undefined,
    allocation: o.kind === 'accept' ? { equipmentCents: o.equipmentMaxCents, servicesCents: o.servicesMaxCents } : undefined,
  });
  if (!t.ok) throw new WaveRefusedError([`Dossier ${o.reference} : ${t.refusals.map((r) => r.message).join(' ')}`], 409);
  await tx.updateTable('dossiers').set({ state: t.to }).where('id', '=', o.dossierId).execute();
  const decisionId = crypto.randomUUID();
  const accept = o.kind === 'accept';
  await tx.insertInto('decisions').values({
    id: decisionId, dossier_id: o.dossierId, wave_id: w.waveId, wave_number: w.number, kind: o.kind,
    equipment_max_cents: accept ? o.equipmentMaxCents : null, services_max_cents: accept ? o.servicesMaxCents : null,
    reason: o.kind === 'reject' ? o.reason : null, priority_score: w.score, decided_by: w.actorId, decided_at: w.at,
  }).execute();
  if (accept) {
    await tx.insertInto('agreements').values({
      dossier_id: o.dossierId, decision_id: decisionId, equipment_max_cents: o.equipmentMaxCents, services_max_cents: o.servicesMaxCents, issued_at: w.at,
      accepted_by: null, accepted_by_label: null, accepted_at: null, accepted_sha256: null, pdf_path: null,
    }).execute();
  }
  await appendEvents(tx, o.dossierId, Number(locked.revision), { id: w.actorId, label: w.label }, w.at, [{
    kind: event, section: 'state', fromState: t.from, toState: t.to, reason: o.kind === 'reject' ? o.reason : null,
    payload: {
      wave: w.number, decisionId,
      ...(accept ? { allocatedMaximum: { equipmentCents: { from: null, to: o.equipmentMaxCents }, servicesCents: { from: null, to: o.servicesMaxCents } } } : {}),
    },
  }]);
  if (env.notify) {
    const members = await tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('u.email')
      .where('m.organisation_id', '=', locked.organisation_id).where('u.disabled_at', 'is', null).execute();
    const mail = decisionMail(o, w.number, w.academieName, env.publicUrl);
    for (const m of members) await env.notify(tx, { to: m.email, ...mail });
  }
}

function decisionMail(o: WaveOutcome, wave: number, academie: string, publicUrl?: string): { subject: string; text: string } {
  const link = publicUrl ? `${publicUrl.replace(/\/+$/, '')}/dossiers/${o.dossierId}` : undefined;
  const see = link ? `\n\nVoir le dossier : ${link}\n` : '\n';
  switch (o.kind) {
    case 'accept':
      return {
        subject: `Dossier ${o.reference} : retenu (vague ${wave})`,
        text: `Bonjour,\n\nLe comité de l'académie de ${academie} a retenu le dossier ${o.reference} lors de la vague ${wave}, ` +
          `avec un montant maximum de subvention de ${formatEuros(o.equipmentMaxCents)} pour l'équipement (volet 1) et de ${formatEuros(o.servicesMaxCents)} ` +
          `pour les services et ressources numériques (volet 2).\n\nLa lettre de décision et la convention sont disponibles sur la plateforme : ` +
          `un administrateur de votre collectivité peut accepter la convention en ligne.${link ? `\n\nConvention : ${link}/convention\n` : '\n'}`,
      };
    case 'waiting_list':
      return {
        subject: `Dossier ${o.reference} : sur liste d'attente`,
        text: `Bonjour,\n\nLe dossier ${o.reference} n'a pas pu être retenu lors de la vague ${wave} du comité de l'académie de ${academie}, ` +
          `dans la limite de son enveloppe. Il est placé sur liste d'attente et sera réexaminé lors de la vague suivante.${see}`,
      };
    default:
      return {
        subject: `Dossier ${o.reference} : non retenu`,
        text: `Bonjour,\n\nLe comité de l'académie de ${academie} n'a pas retenu le dossier ${o.reference} (vague ${wave}), pour le motif suivant :\n\n${o.reason ?? ''}${see}`,
      };
  }
}
