// A wave (issue 5): the committee of an académie decides many dossiers at once within its envelope.
// Pure planning: from the candidates (dossiers with a proposal, or already on the waiting list), the
// ones ticked « retenu » and the rejections confirmed, what happens to each dossier, the envelope's
// use, and whether the wave fits. A wave that would exceed the envelope is refused as a whole.
//
//   ticked candidate                     → accepted, with the proposal's maximum per volet
//   candidate not ticked, under review   → waiting list (the applicant is told)
//   candidate not ticked, waiting list   → stays on the waiting list (no change)
//   reject proposal confirmed            → rejected, with its motivation
import { formatEuros, type Cents } from './money';

export type ProposalKind = 'accept' | 'reject' | 'waiting_list';

export interface WaveCandidate {
  readonly dossierId: string;
  readonly reference: string;
  /** The dossier's state now: `under_review` or `waiting_list`. */
  readonly state: string;
  /** The reviewer's proposal (null for a dossier already on the waiting list without one). */
  readonly proposal: ProposalKind | null;
  /** Maximum amount per volet if retained (the proposal's, else the engine's). */
  readonly equipmentMaxCents: Cents;
  readonly servicesMaxCents: Cents;
  /** Motivation of a reject proposal. */
  readonly reason: string | null;
}

export type WaveOutcomeKind = 'accept' | 'waiting_list' | 'reject' | 'unchanged';

export interface WaveOutcome {
  readonly dossierId: string;
  readonly reference: string;
  readonly kind: WaveOutcomeKind;
  readonly equipmentMaxCents: Cents;
  readonly servicesMaxCents: Cents;
  readonly reason: string | null;
}

export interface EnvelopeUse {
  readonly envelopeCents: Cents;
  /** Allocated by earlier waves (maximum amounts of the dossiers accepted). */
  readonly committedCents: Cents;
  /** Allocated by the dossiers ticked in this wave. */
  readonly selectedCents: Cents;
  /** envelope − committed − selected (negative when it overflows). */
  readonly remainingCents: number;
  readonly fits: boolean;
}

export interface WavePlan {
  readonly outcomes: readonly WaveOutcome[];
  readonly use: EnvelopeUse;
  readonly counts: { readonly accept: number; readonly waiting_list: number; readonly reject: number; readonly unchanged: number };
  /** French reasons why this wave cannot be decided (empty when it can). */
  readonly problems: readonly string[];
}

export const candidateTotal = (c: Pick<WaveCandidate, 'equipmentMaxCents' | 'servicesMaxCents'>): Cents => c.equipmentMaxCents + c.servicesMaxCents;

export function envelopeUse(envelopeCents: Cents, committedCents: Cents, selected: readonly Pick<WaveCandidate, 'equipmentMaxCents' | 'servicesMaxCents'>[]): EnvelopeUse {
  const selectedCents = selected.reduce((t, c) => t + candidateTotal(c), 0);
  const remainingCents = envelopeCents - committedCents - selectedCents;
  return { envelopeCents, committedCents, selectedCents, remainingCents, fits: remainingCents >= 0 };
}

/** Plans a wave: what happens to each candidate, the envelope's use, and the problems that refuse it. */
export function planWave(input: {
  readonly envelopeCents: Cents;
  readonly committedCents: Cents;
  readonly candidates: readonly WaveCandidate[];
  /** Dossier ids ticked « retenu ». */
  readonly retained: readonly string[];
  /** Dossier ids whose reject proposal the committee confirms. */
  readonly rejected: readonly string[];
}): WavePlan {
  const byId = new Map(input.candidates.map((c) => [c.dossierId, c]));
  const problems: string[] = [];
  const retained = new Set(input.retained);
  const rejected = new Set(input.rejected);
  for (const id of retained) {
    const c = byId.get(id);
    if (c === undefined) problems.push(`Un dossier coché n'est plus à décider (${id}) : rechargez la page.`);
    else if (c.proposal === 'reject') problems.push(`Le dossier ${c.reference} est proposé au rejet : il ne peut pas être retenu sans nouvelle proposition de l'instructeur.`);
    else if (candidateTotal(c) <= 0) problems.push(`Le dossier ${c.reference} n'a pas de montant maximum à allouer.`);
    if (rejected.has(id)) problems.push(`Le dossier ${c?.reference ?? id} ne peut pas être à la fois retenu et rejeté.`);
  }
  for (const id of rejected) {
    const c = byId.get(id);
    if (c === undefined) problems.push(`Un dossier à rejeter n'est plus à décider (${id}) : rechargez la page.`);
    else if (c.proposal !== 'reject') problems.push(`Le dossier ${c.reference} n'est pas proposé au rejet.`);
    else if ((c.reason ?? '').trim() === '') problems.push(`Le rejet du dossier ${c.reference} doit être motivé.`);
  }
  const outcomes: WaveOutcome[] = input.candidates.map((c) => {
    const base = { dossierId: c.dossierId, reference: c.reference, equipmentMaxCents: c.equipmentMaxCents, servicesMaxCents: c.servicesMaxCents, reason: c.reason };
    if (retained.has(c.dossierId) && c.proposal !== 'reject') return { ...base, kind: 'accept' as const };
    if (rejected.has(c.dossierId) && c.proposal === 'reject') return { ...base, kind: 'reject' as const };
    if (c.proposal !== 'reject' && c.state === 'under_review') return { ...base, kind: 'waiting_list' as const, reason: null };
    return { ...base, kind: 'unchanged' as const };
  });
  const use = envelopeUse(input.envelopeCents, input.committedCents, outcomes.filter((o) => o.kind === 'accept'));
  if (!use.fits) {
    problems.push(
      `La vague dépasserait l'enveloppe de l'académie de ${formatEuros(-use.remainingCents)} : ` +
      `${formatEuros(use.selectedCents)} retenus dans cette vague et ${formatEuros(use.committedCents)} déjà alloués, ` +
      `pour une enveloppe de ${formatEuros(use.envelopeCents)}. Décochez des dossiers.`,
    );
  }
  const count = (k: WaveOutcomeKind): number => outcomes.filter((o) => o.kind === k).length;
  if (count('accept') + count('reject') + count('waiting_list') === 0) problems.push("La vague ne décide d'aucun dossier : cochez les dossiers retenus.");
  return { outcomes, use, counts: { accept: count('accept'), waiting_list: count('waiting_list'), reject: count('reject'), unchanged: count('unchanged') }, problems };
}

/**
 * The candidates to tick, in rank order, while they fit what remains of the envelope (a dossier
 * too big is skipped, the next smaller ones may still fit). The demo campaign decides its waves so.
 */
export function retainWithinEnvelope(
  ranked: readonly Pick<WaveCandidate, 'dossierId' | 'proposal' | 'equipmentMaxCents' | 'servicesMaxCents'>[],
  envelopeCents: Cents,
  committedCents: Cents,
): string[] {
  let left = envelopeCents - committedCents;
  const out: string[] = [];
  for (const c of ranked) {
    const total = candidateTotal(c);
    if (c.proposal === 'reject' || total <= 0 || total > left) continue;
    out.push(c.dossierId);
    left -= total;
  }
  return out;
}
