// The dossier's history: appending events to the hash chain, inside the command's transaction.
// Each event links to the previous one of the same dossier (src/data/dossier-events.ts computes and
// checks the hash); the unique (dossier_id, seq) makes two concurrent appends fail rather than fork.
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { canonicalJson, type JsonValue } from '../domain/digest';
import { eventHash, GENESIS_HASH, verifyEventChain, type BrokenLink } from '../data/dossier-events';
import type { Database, DossierEventTable } from '../data/schema';

export { verifyEventChain, type BrokenLink };

/** Kinds of events, with their French label for the history and the « what changed » messages. */
export const EVENT_LABELS = {
  dossier_created: 'Dossier créé',
  school_added: 'École ajoutée',
  school_removed: 'École retirée',
  school_headcount_updated: "Effectifs d'une école modifiés",
  diagnostic_saved: "Diagnostic d'une école enregistré",
  budget_line_created: 'Ligne de budget ajoutée',
  budget_line_updated: 'Ligne de budget modifiée',
  budget_line_deleted: 'Ligne de budget supprimée',
  budget_line_adjusted: "Montant éligible d'une ligne ajusté",
  project_saved: 'Projet pédagogique modifié',
  attachment_added: 'Pièce jointe ajoutée',
  member_invited: "Membre d'équipe d'école invité",
  member_joined: "Membre d'équipe d'école arrivé",
  member_invitation_revoked: "Invitation d'un membre d'équipe d'école annulée",
  signature_given: 'Projet cosigné',
  signature_voided: 'Cosignature annulée',
  amounts_recomputed: 'Montants recalculés',
  submitted: 'Dossier déposé',
  resubmitted: 'Dossier déposé à nouveau',
  withdrawn: 'Dossier retiré',
  taken_for_review: 'Instruction prise en charge',
  returned_for_changes: 'Compléments demandés',
  message_posted: 'Message',
  opinion_requested: 'Avis demandé',
  opinion_given: 'Avis rendu',
  opinion_withdrawn: "Demande d'avis retirée",
  decision_proposed: 'Décision proposée',
  // Waves within the envelope (issue 5, src/commands/waves, src/commands/agreements).
  accepted: 'Dossier retenu',
  put_on_waiting_list: "Dossier placé sur liste d'attente",
  rejected: 'Dossier non retenu',
  agreement_signed: 'Convention acceptée',
} as const;
export type EventKind = keyof typeof EVENT_LABELS;

/**
 * Events of the review the applicant's history does not show (opinions asked, decision proposals):
 * they stay in the chain, which the audit verifies, but are the académie's internal work.
 */
export const INTERNAL_EVENT_KINDS: ReadonlySet<string> = new Set<EventKind>(['opinion_requested', 'opinion_given', 'opinion_withdrawn', 'decision_proposed']);

export interface EventDraft {
  readonly kind: EventKind;
  /** What part of the dossier changed: `project`, `schools`, `school/<uai>/headcount`, `school/<uai>/line/<id>`… */
  readonly section: string;
  readonly fromState?: string | null;
  readonly toState?: string | null;
  readonly reason?: string | null;
  /** Who, what: from/to values of the change. */
  readonly payload?: { readonly [key: string]: JsonValue | undefined };
}

export interface EventActor { readonly id: string | null; readonly label: string }

/** Appends events to the dossier's chain (after its last event); returns the rows written. */
export async function appendEvents(
  tx: Transaction<Database>,
  dossierId: string,
  revision: number,
  actor: EventActor,
  at: string,
  drafts: readonly EventDraft[],
): Promise<DossierEventTable[]> {
  if (drafts.length === 0) return [];
  const last = await tx.selectFrom('dossier_events').select(['seq', 'hash']).where('dossier_id', '=', dossierId)
    .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last === undefined ? 0 : Number(last.seq);
  let prev = last?.hash ?? GENESIS_HASH;
  const rows: DossierEventTable[] = [];
  for (const d of drafts) {
    seq += 1;
    const row: Omit<DossierEventTable, 'hash'> = {
      id: crypto.randomUUID(),
      dossier_id: dossierId,
      seq,
      revision,
      at,
      actor_id: actor.id,
      actor_label: actor.label,
      kind: d.kind,
      section: d.section,
      from_state: d.fromState ?? null,
      to_state: d.toState ?? null,
      reason: d.reason ?? null,
      payload: canonicalJson(d.payload ?? {}),
      prev_hash: prev,
    };
    const full = { ...row, hash: eventHash(row) };
    rows.push(full);
    prev = full.hash;
  }
  await tx.insertInto('dossier_events').values(rows).execute();
  return rows;
}
