// The académies' side of the national demo campaign, in memory, as the commands would write it:
// reviewers take submitted dossiers (takeDossier: `under_review`, assignment, follow), propose
// decisions (proposeDecision: accept with the engine's maximum per volet, reject with a motivation,
// waiting list), and each académie's committee decides one or two waves within its envelope
// (decideWave: ranked by the stored priority score, ticked while they fit what remains of the
// envelope — the domain's retainWithinEnvelope —, planned by the domain's planWave, what is not
// retained going to the waiting list, confirmed rejections rejected; a decision row per dossier, a
// convention per acceptance); a few applicants accept their convention (acceptAgreement, see
// ./national.ts for the PDF). Every command increases the revision and appends the same events as
// the real command to the dossier's hash chain (./chain.ts). No e-mail is sent for these synthetic
// dossiers. Ids and times come from the seeded generator: the same seed gives the same waves.
//
// Envelopes: the one the committee reads (set by an administrator, or the call's default); for an
// académie with neither, the demo sets one as the national administrator would (`envelopes` and
// `envelope_changes` rows): the call's total envelope scaled to the campaign's demand as in 2021
// (105 M€ announced for about 165 M€ asked), shared between académies by their demand (within
// ±10 %) — so every académie's demand exceeds its envelope and the waiting lists are real.
import type { CallDefinition } from '../../domain/calls';
import { transition, type DossierState, type TransitionName } from '../../domain/dossier/lifecycle';
import { rankByPriority } from '../../domain/priority';
import { planWave, retainWithinEnvelope, type ProposalKind, type WaveCandidate, type WaveOutcome } from '../../domain/waves';
import type { AgreementTable, DossierTable, UserTable } from '../../data/schema';
import type { EventDraft, EventKind } from '../events';
import { DEMO_DOMAIN, emptyRows, type DemoRows, type WrittenDossier } from './build';
import { command, type Actor } from './chain';
import type { Rng } from './random';
import { personName, rejectReason, waitingReason } from './texts';

/** The 2021 demand the call's envelope was announced against (DOMAIN.md §1: 105 M€ for about 165 M€ asked). */
export const DEMAND_2021_CENTS = 16_500_000_000;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** What becomes of a submitted dossier (drawn per dossier). */
type Fate = 'submitted' | 'taken' | 'pending' | 'wave1' | 'wave2';
const FATES: readonly Fate[] = ['submitted', 'taken', 'pending', 'wave1', 'wave2'];
/**
 * Shares of the académie's submitted dossiers: not taken yet, taken without a proposal, proposed for
 * the next wave, decided in wave 1, in wave 2 (wave 1 where the committee met once).
 */
const FATE_WEIGHTS = [8, 7, 7, 48, 30];
const PROPOSALS: readonly ProposalKind[] = ['accept', 'waiting_list', 'reject'];
const PROPOSAL_WEIGHTS = [92, 5, 3];

export interface EnvelopeRead { readonly amountCents: number; readonly source: 'set' | 'default' }

export interface ReviewContext {
  readonly call: CallDefinition;
  readonly rng: Rng;
  /** Creation instant of the synthetic people. */
  readonly createdAt: string;
  /** Académies: code → name. */
  readonly academies: ReadonlyMap<string, string>;
  /** The académie's first reviewer (the one ./build.ts returns dossiers with), created on first use. */
  readonly reviewerOf: (academie: string, rows: DemoRows) => Actor;
  /** Envelopes as the committee reads them (set, or the call's non-zero default); the demo sets the others. */
  readonly envelopes: ReadonlyMap<string, EnvelopeRead>;
  /** Engine grant of the campaign's submitted dossiers (returned ones included), per académie: the demand. */
  readonly demandByAcademie: ReadonlyMap<string, number>;
  /** Already allocated by earlier waves (outside the demo) and the last wave number, per académie. */
  readonly committedBefore: ReadonlyMap<string, number>;
  readonly lastWave: ReadonlyMap<string, number>;
  /** Conventions accepted per académie (each is a PDF rendered: a few). */
  readonly signedPerAcademie: number;
}

/** A submitted dossier of the campaign with its stored priority score. */
export interface ReviewDossier extends WrittenDossier {
  readonly score: number;
}

export interface WaveSummary {
  readonly number: number;
  readonly decidedAt: string;
  readonly accepted: number;
  readonly waiting: number;
  readonly rejected: number;
  readonly allocatedCents: number;
}

export interface AcademieOutcome {
  readonly code: string;
  readonly name: string;
  readonly envelopeCents: number;
  /** `demo`: set by the demo now; `set`: set before; `default`: the call's. */
  readonly envelopeSource: 'demo' | 'set' | 'default';
  /** Allocated by all the académie's waves (earlier ones included) after the demo's. */
  readonly committedCents: number;
  readonly waves: readonly WaveSummary[];
}

/** A convention to accept: ./national.ts renders it and calls `acceptConvention`. */
export interface Signer {
  readonly dossier: ReviewDossier;
  readonly agreement: AgreementTable;
  readonly at: string;
  /** What decisionDocumentInput's preview needs: the same input as the convention read back later. */
  readonly preview: { readonly equipmentCents: number; readonly servicesCents: number; readonly waveNumber: number; readonly decidedAt: string; readonly decidedBy: string };
  readonly uuid: () => string;
}

export interface ReviewPlan {
  readonly rows: DemoRows;
  /** Dossiers whose row changed (state, revision, updated_at). */
  readonly changed: readonly DossierTable[];
  readonly signers: readonly Signer[];
  readonly academies: readonly AcademieOutcome[];
  /** Sum of the envelopes the demo set. */
  readonly demoEnvelopeCents: number;
}

const iso = (t: number): string => new Date(t).toISOString();
/** A uniform instant in [from, to] (to the second), never before `from`. */
const between = (rng: Rng, from: number, to: number): number => from + Math.floor(rng.next() * Math.max(0, to - from) / 1000) * 1000;

function person(id: string, email: string, label: string, role: UserTable['role'], scope: string | null, at: string): UserTable {
  return { id, email, display_name: label, password_hash: null, role, scope, created_at: at, email_verified_at: at, oidc_issuer: null, oidc_subject: null, disabled_at: null };
}

/**
 * The envelopes the demo would set, by académie, in whole thousands of euros: the call's total
 * envelope scaled to the campaign's demand as in 2021, shared by demand within ±10 %.
 */
export function demoEnvelopes(call: CallDefinition, demandByAcademie: ReadonlyMap<string, number>, rng: Rng): Map<string, number> {
  const codes = [...demandByAcademie.keys()].filter((c) => demandByAcademie.get(c)! > 0).sort();
  const demand = codes.reduce((s, c) => s + demandByAcademie.get(c)!, 0);
  const total = Math.floor((demand * call.envelope.totalCents) / DEMAND_2021_CENTS);
  const weights = codes.map((c) => demandByAcademie.get(c)! * (0.9 + 0.2 * rng.next()));
  const sum = weights.reduce((s, w) => s + w, 0);
  return new Map(codes.map((c, i) => [c, Math.round((total * weights[i]) / sum / 100_000) * 100_000]));
}

const TRANSITION_OF: Readonly<Record<'accept' | 'waiting_list' | 'reject', { name: TransitionName; event: EventKind }>> = {
  accept: { name: 'accept', event: 'accepted' },
  waiting_list: { name: 'put_on_waiting_list', event: 'put_on_waiting_list' },
  reject: { name: 'reject', event: 'rejected' },
};

interface Proposal { kind: ProposalKind; equipment: number | null; services: number | null; reason: string | null; at: number }

/** Plans the review and the waves of the campaign's submitted dossiers (see the file's head). */
export function planReview(ctx: ReviewContext, dossiers: readonly ReviewDossier[]): ReviewPlan {
  const rows = emptyRows();
  const changed = new Set<DossierTable>();
  const signers: Signer[] = [];
  const outcomes: AcademieOutcome[] = [];
  const closes = Date.parse(ctx.call.periods[ctx.call.periods.length - 1].closesAt);
  // Midnight (Paris) after the closing second: the days of the review count from it (hours in UTC).
  const after = closes + 1000;
  const rng = ctx.rng;

  // The national administrator sets the envelopes that are neither set nor given by the call.
  const computed = demoEnvelopes(ctx.call, ctx.demandByAcademie, rng.fork('envelopes'));
  const toSet = [...computed].filter(([code]) => !ctx.envelopes.has(code));
  let demoEnvelopeCents = 0;
  if (toSet.length > 0) {
    const admin: Actor = { id: rng.uuid(), label: `${personName(rng)} (administration nationale)` };
    rows.users.push(person(admin.id, `administration-nationale@${DEMO_DOMAIN}`, admin.label, 'admin', null, ctx.createdAt));
    const at = iso(after + 6 * DAY + 8 * HOUR);
    for (const [code, amount] of toSet) {
      rows.envelopes.push({ call_id: ctx.call.id, academie_code: code, amount_cents: amount, updated_by: admin.id, updated_at: at });
      rows.envelope_changes.push({
        id: rng.uuid(), call_id: ctx.call.id, academie_code: code, from_cents: ctx.call.envelope.perAcademyCents[code] ?? 0, to_cents: amount,
        reason: 'Campagne de démonstration (données fictives) : enveloppe nationale rapportée à la demande comme en 2021 (105 M€ pour environ 165 M€ demandés), répartie selon la demande des académies.',
        actor_id: admin.id, actor_label: admin.label, at,
      });
      demoEnvelopeCents += amount;
    }
  }
  const envelopeOf = (code: string): { amountCents: number; source: AcademieOutcome['envelopeSource'] } =>
    ctx.envelopes.get(code) ?? { amountCents: computed.get(code) ?? 0, source: 'demo' };

  // By académie, in code order; within one, by reference.
  const byAcademie = new Map<string, ReviewDossier[]>();
  for (const d of dossiers) {
    const code = d.chain.dossier.academie_code;
    if (code === null || d.chain.dossier.state !== 'submitted') continue;
    (byAcademie.get(code) ?? byAcademie.set(code, []).get(code)!).push(d);
  }
  for (const code of [...byAcademie.keys()].sort()) {
    const list = byAcademie.get(code)!.sort((a, b) => (a.chain.dossier.reference < b.chain.dossier.reference ? -1 : 1));
    const r = rng.fork(`academie:${code}`);
    const uuid = r.uuid;
    const name = ctx.academies.get(code) ?? code;
    const sink = rows.dossier_events;

    // The académie's people: its reviewers (one more per 150 dossiers, up to three) and its decision maker.
    const reviewers: Actor[] = [ctx.reviewerOf(code, rows)];
    for (let k = 2; k <= Math.min(3, 1 + Math.floor(list.length / 150)); k++) {
      const a: Actor = { id: uuid(), label: `${personName(r)} (instruction, académie ${code})` };
      rows.users.push(person(a.id, `instruction-ac${code.toLowerCase()}-${k}@${DEMO_DOMAIN}`, a.label, 'reviewer', `academie:${code}`, ctx.createdAt));
      reviewers.push(a);
    }
    const decider: Actor = { id: uuid(), label: `${personName(r)} (décision, académie ${code})` };
    rows.users.push(person(decider.id, `decision-ac${code.toLowerCase()}@${DEMO_DOMAIN}`, decider.label, 'reviewer', `academie:${code}`, ctx.createdAt));
    rows.deciders.push({ user_id: decider.id, academie_code: code, granted_by: rows.users.find((u) => u.role === 'admin')?.id ?? 'demo', granted_at: ctx.createdAt });

    // The committee's calendar: wave 1 in late May or June, wave 2 three to five weeks later.
    const twoWaves = r.chance(0.5);
    const w1 = after + r.int(50, 62) * DAY + r.int(7, 13) * HOUR;
    const w2 = w1 + r.int(21, 35) * DAY;
    const lastWaveAt = twoWaves ? w2 : w1;
    const earliest = after + DAY + 6 * HOUR;

    // Take and propose (the reviewers' commands), each dossier in its own time.
    const proposals = new Map<ReviewDossier, Proposal>();
    for (const d of list) {
      let fate = r.weighted(FATES, FATE_WEIGHTS);
      if (fate === 'wave2' && !twoWaves) fate = 'wave1';
      const kind = r.weighted(PROPOSALS, PROPOSAL_WEIGHTS);
      if (fate === 'submitted') continue;
      const reviewer = reviewers[r.int(0, reviewers.length - 1)];
      const dossier = d.chain.dossier;
      // When the proposal is made: before wave 1, between the waves, or after the last one (for the next).
      const [from, to] = fate === 'wave1' ? [earliest + DAY, w1 - DAY] : fate === 'wave2' ? [w1 + DAY, w2 - DAY] : [lastWaveAt + DAY, lastWaveAt + 20 * DAY];
      const proposedAt = between(r, from, to);
      const takenAt = fate === 'taken' ? between(r, earliest, lastWaveAt + 20 * DAY) : between(r, earliest, Math.min(proposedAt - HOUR, earliest + 45 * DAY));
      const t = transition(dossier.state as DossierState, 'take', { now: iso(takenAt), actor: 'reviewer' });
      if (!t.ok) throw new Error(`Démonstration : ${dossier.reference} ne peut pas être pris en charge (${t.refusals[0].message})`);
      dossier.state = t.to;
      command(d.chain, reviewer, iso(takenAt), [{ kind: 'taken_for_review', section: 'state', fromState: t.from, toState: t.to }], sink, uuid);
      rows.review_assignments.push({ dossier_id: dossier.id, reviewer_id: reviewer.id, taken_at: iso(takenAt) });
      rows.review_follows.push({ dossier_id: dossier.id, user_id: reviewer.id, created_at: iso(takenAt) });
      changed.add(dossier);
      if (fate === 'taken') continue;
      // proposeDecision: the engine's maximum per volet for an acceptance; a motivation for a rejection.
      const engine = { equipment: dossier.equipment_grant_cents, services: dossier.services_grant_cents };
      const k: ProposalKind = kind === 'accept' && engine.equipment + engine.services === 0 ? 'waiting_list' : kind;
      const reason = k === 'reject' ? rejectReason(r) : k === 'waiting_list' ? waitingReason(r) : null;
      const p: Proposal = { kind: k, equipment: k === 'accept' ? engine.equipment : null, services: k === 'accept' ? engine.services : null, reason, at: proposedAt };
      proposals.set(d, p);
      rows.decision_proposals.push({ dossier_id: dossier.id, kind: k, equipment_max_cents: p.equipment, services_max_cents: p.services, reason, proposed_by: reviewer.id, proposed_at: iso(proposedAt) });
      command(d.chain, reviewer, iso(proposedAt), [{
        kind: 'decision_proposed', section: 'proposal', reason, payload: { kind: k, equipmentMaxCents: p.equipment, servicesMaxCents: p.services },
      }], sink, uuid);
    }

    // The committee's waves (decideWave), within the envelope.
    const envelope = envelopeOf(code);
    let committed = ctx.committedBefore.get(code) ?? 0;
    let number = ctx.lastWave.get(code) ?? 0;
    const waves: WaveSummary[] = [];
    const firstAccepted: ReviewDossier[] = [];
    for (const [at, share] of twoWaves ? [[w1, 0.55 + 0.15 * r.next()], [w2, 1]] : [[w1, 0.7 + 0.15 * r.next()]]) {
      // The committee's view at that instant: the waiting list, and the dossiers under review with a proposal made before.
      const inView = list.filter((d) => d.chain.dossier.state === 'waiting_list' || (d.chain.dossier.state === 'under_review' && (proposals.get(d)?.at ?? Infinity) < at));
      const all = rankByPriority(inView.map((d) => {
        const p = proposals.get(d) ?? null;
        const dossier = d.chain.dossier;
        const candidate: WaveCandidate & { score: number } = {
          dossierId: dossier.id, reference: dossier.reference, state: dossier.state, proposal: p?.kind ?? null,
          equipmentMaxCents: p?.equipment ?? dossier.equipment_grant_cents, servicesMaxCents: p?.services ?? dossier.services_grant_cents,
          reason: p?.reason ?? null, score: d.score,
        };
        return { ...candidate, submittedAt: dossier.submitted_at, d };
      }));
      const candidates = all.filter((c) => c.proposal !== 'reject');
      const rejections = all.filter((c) => c.proposal === 'reject');
      // The committee ticks in rank order while it fits (wave 1 keeps part of the envelope for the next);
      // a reviewer's waiting-list proposal is followed.
      const budget = Math.floor(envelope.amountCents * share);
      const retained = retainWithinEnvelope(candidates.filter((c) => !(c.state === 'under_review' && c.proposal === 'waiting_list')), budget, committed);
      const plan = planWave({
        envelopeCents: envelope.amountCents, committedCents: committed, candidates: [...candidates, ...rejections],
        retained, rejected: rejections.map((c) => c.dossierId),
      });
      if (plan.counts.accept + plan.counts.waiting_list + plan.counts.reject === 0) continue;
      if (plan.problems.length > 0) throw new Error(`Démonstration : vague de l'académie ${code} refusée : ${plan.problems.join(' ')}`);
      number += 1;
      const wave = {
        id: uuid(), call_id: ctx.call.id, academie_code: code, number, envelope_cents: envelope.amountCents, committed_before_cents: committed,
        allocated_cents: plan.use.selectedCents, accepted_count: plan.counts.accept, waiting_count: plan.counts.waiting_list, rejected_count: plan.counts.reject,
        decided_by: decider.id, decided_by_label: decider.label, decided_at: iso(at),
      };
      rows.waves.push(wave);
      const byId = new Map(all.map((c) => [c.dossierId, c]));
      for (const o of plan.outcomes) {
        if (o.kind === 'unchanged') continue;
        const c = byId.get(o.dossierId)!;
        decideOne(c.d, o as WaveOutcome & { kind: 'accept' | 'waiting_list' | 'reject' }, c.score, wave, decider, rows, uuid);
        changed.add(c.d.chain.dossier);
        if (o.kind === 'accept' && waves.length === 0) firstAccepted.push(c.d);
      }
      committed += plan.use.selectedCents;
      waves.push({ number, decidedAt: wave.decided_at, accepted: plan.counts.accept, waiting: plan.counts.waiting_list, rejected: plan.counts.reject, allocatedCents: plan.use.selectedCents });
    }

    // A few applicants accept their convention after the first wave.
    for (const d of r.shuffle(firstAccepted).slice(0, ctx.signedPerAcademie).sort((a, b) => (a.chain.dossier.reference < b.chain.dossier.reference ? -1 : 1))) {
      const agreement = rows.agreements.find((a) => a.dossier_id === d.chain.dossier.id)!;
      const wave = waves[0];
      signers.push({
        dossier: d, agreement, at: iso(Date.parse(wave.decidedAt) + r.int(2, 25) * DAY + r.int(0, 8 * 3600) * 1000),
        preview: { equipmentCents: agreement.equipment_max_cents, servicesCents: agreement.services_max_cents, waveNumber: wave.number, decidedAt: wave.decidedAt, decidedBy: decider.label },
        uuid,
      });
    }
    outcomes.push({ code, name, envelopeCents: envelope.amountCents, envelopeSource: envelope.source, committedCents: committed, waves });
  }
  return { rows, changed: [...changed], signers, academies: outcomes, demoEnvelopeCents };
}

/** decideWave's decideOne: the transition, the decision row, the convention of an acceptance, the event. */
function decideOne(
  d: ReviewDossier, o: WaveOutcome & { kind: 'accept' | 'waiting_list' | 'reject' }, score: number,
  w: { id: string; number: number; decided_at: string }, decider: Actor, rows: DemoRows, uuid: () => string,
): void {
  const dossier = d.chain.dossier;
  const { name, event } = TRANSITION_OF[o.kind];
  const accept = o.kind === 'accept';
  const t = transition(dossier.state as DossierState, name, {
    now: w.decided_at, actor: 'decider', reason: o.reason ?? undefined,
    allocation: accept ? { equipmentCents: o.equipmentMaxCents, servicesCents: o.servicesMaxCents } : undefined,
  });
  if (!t.ok) throw new Error(`Démonstration : dossier ${o.reference} : ${t.refusals.map((x) => x.message).join(' ')}`);
  dossier.state = t.to;
  const decisionId = uuid();
  rows.decisions.push({
    id: decisionId, dossier_id: dossier.id, wave_id: w.id, wave_number: w.number, kind: o.kind,
    equipment_max_cents: accept ? o.equipmentMaxCents : null, services_max_cents: accept ? o.servicesMaxCents : null,
    reason: o.kind === 'reject' ? o.reason : null, priority_score: score, decided_by: decider.id, decided_at: w.decided_at,
  });
  if (accept) {
    rows.agreements.push({
      dossier_id: dossier.id, decision_id: decisionId, equipment_max_cents: o.equipmentMaxCents, services_max_cents: o.servicesMaxCents, issued_at: w.decided_at,
      accepted_by: null, accepted_by_label: null, accepted_at: null, accepted_sha256: null, pdf_path: null,
    });
  }
  const draft: EventDraft = {
    kind: event, section: 'state', fromState: t.from, toState: t.to, reason: o.kind === 'reject' ? o.reason : null,
    payload: {
      wave: w.number, decisionId,
      ...(accept ? { allocatedMaximum: { equipmentCents: { from: null, to: o.equipmentMaxCents }, servicesCents: { from: null, to: o.servicesMaxCents } } } : {}),
    },
  };
  command(d.chain, decider, w.decided_at, [draft], rows.dossier_events, uuid);
}

/** acceptAgreement: the applicant's admin accepts the convention whose PDF has this digest (stored at `pdfPath`). */
export function acceptConvention(plan: ReviewPlan, s: Signer, doc: { sha256: string; pdfPath: string }): void {
  const dossier = s.dossier.chain.dossier;
  const t = transition(dossier.state as DossierState, 'sign_agreement', { now: s.at, actor: 'applicant' });
  if (!t.ok) throw new Error(`Démonstration : convention du dossier ${dossier.reference} : ${t.refusals[0].message}`);
  const clerk = s.dossier.clerk;
  Object.assign(s.agreement, { accepted_by: clerk.id, accepted_by_label: clerk.label, accepted_at: s.at, accepted_sha256: doc.sha256, pdf_path: doc.pdfPath });
  dossier.state = t.to;
  command(s.dossier.chain, clerk, s.at, [{ kind: 'agreement_signed', section: 'state', fromState: t.from, toState: t.to, payload: { sha256: doc.sha256, acceptedBy: clerk.label } }], plan.rows.dossier_events, s.uuid);
}
