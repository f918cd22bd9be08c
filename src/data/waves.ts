// Reading what the committee and the envelopes pages show: each académie's envelope (set, or the
// call's default), what earlier waves allocated, the candidates of the next wave with their priority
// score (computed from the schools' reference data and diagnostics), the waves decided, and a
// dossier's latest decision and convention (« décidé en vague N »).
// The reviewers' proposals live in `decision_proposals` (migration 004-review, one per dossier).
import type { Kysely, Transaction } from 'kysely';
import { callOf } from './dossier-facts';
import type { CallRegistry } from '../domain/calls';
import { rankByPriority, type PriorityScore } from '../domain/priority';
import { computePriorityScores, loadPriority } from './priority';
import type { ProposalKind, WaveCandidate } from '../domain/waves';
import type { Actor, WaveResource } from '../policies';
import type { AgreementTable, Database, DecisionTable, WaveTable } from './schema';

/** The reviewers' decision proposal (migration 004-review), typed here so that this module stands alone. */
export interface ProposalRow {
  dossier_id: string;
  kind: string;
  equipment_max_cents: number | null;
  services_max_cents: number | null;
  reason: string | null;
  proposed_by: string;
  proposed_at: string;
}
type WithProposals = Database & { decision_proposals: ProposalRow };

export type Reader = Kysely<Database> | Transaction<Database>;
const withProposals = (db: Reader): Kysely<WithProposals> => (db as Kysely<Database>).withTables<{ decision_proposals: ProposalRow }>();

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** States in which a dossier holds an allocated maximum (accepted and after). */
export const ALLOCATED_STATES = ['accepted', 'agreement_signed', 'advance_paid', 'instalment_paid', 'balance_paid', 'closed'] as const;

/** The actor's relation to an académie's committee, for src/policies/waves.ts. */
export async function loadWaveAccess(db: Reader, actor: Pick<Actor, 'id'> | null, academieCode: string): Promise<WaveResource> {
  if (actor === null) return { academieCode, decider: false };
  const row = await db.selectFrom('deciders').select('user_id').where('user_id', '=', actor.id).where('academie_code', '=', academieCode).executeTakeFirst();
  return { academieCode, decider: row !== undefined };
}

/** Makes `userId` the decider of `academieCode`'s committee, or of none (null): one row at most per person. */
export async function setDeciderOf(tx: Transaction<Database>, userId: string, academieCode: string | null, grantedBy: string, at: Date): Promise<void> {
  await tx.deleteFrom('deciders').where('user_id', '=', userId).execute();
  if (academieCode !== null) await tx.insertInto('deciders').values({ user_id: userId, academie_code: academieCode, granted_by: grantedBy, granted_at: at.toISOString() }).execute();
}

/** The académie of a reviewer whose scope is `academie:NN`. */
export function academieOfScope(scope: string | null): string | undefined {
  const m = /^academie:(.+)$/.exec(scope ?? '');
  return m?.[1];
}

export interface EnvelopeInfo {
  readonly amountCents: number;
  /** `set` by the national administrator, or the call's `default`. */
  readonly source: 'set' | 'default';
  readonly updatedAt: string | null;
}

export async function envelopeOf(db: Reader, callId: string, academieCode: string, calls?: CallRegistry): Promise<EnvelopeInfo> {
  const row = await db.selectFrom('envelopes').selectAll().where('call_id', '=', callId).where('academie_code', '=', academieCode).executeTakeFirst();
  if (row !== undefined) return { amountCents: num(row.amount_cents), source: 'set', updatedAt: row.updated_at };
  return { amountCents: callOf(callId, calls).envelope.perAcademyCents[academieCode] ?? 0, source: 'default', updatedAt: null };
}

/** Sum of the maxima allocated to the académie's dossiers of the call (accepted and after). */
export async function committedCents(db: Reader, callId: string, academieCode: string): Promise<number> {
  const r = await db.selectFrom('agreements as a').innerJoin('dossiers as d', 'd.id', 'a.dossier_id')
    .select((eb) => [eb.fn.sum<number>('a.equipment_max_cents').as('e'), eb.fn.sum<number>('a.services_max_cents').as('s')])
    .where('d.call_id', '=', callId).where('d.academie_code', '=', academieCode).where('d.state', 'in', [...ALLOCATED_STATES])
    .executeTakeFirst();
  return num(r?.e ?? 0) + num(r?.s ?? 0);
}

export interface EnvelopeRow {
  readonly academieCode: string;
  readonly academieName: string;
  readonly envelope: EnvelopeInfo;
  readonly defaultCents: number;
  readonly committedCents: number;
  readonly acceptedCount: number;
  readonly waitingCount: number;
  readonly wavesCount: number;
}

/** Every académie with its envelope for the call and its use (the administrator's page). */
export async function listEnvelopes(db: Reader, callId: string, calls?: CallRegistry): Promise<EnvelopeRow[]> {
  const call = callOf(callId, calls);
  const [academies, set, allocated, counts, waves] = await Promise.all([
    db.selectFrom('academies').select(['code', 'name']).orderBy('name').execute(),
    db.selectFrom('envelopes').selectAll().where('call_id', '=', callId).execute(),
    db.selectFrom('agreements as a').innerJoin('dossiers as d', 'd.id', 'a.dossier_id')
      .select((eb) => ['d.academie_code', eb.fn.sum<number>('a.equipment_max_cents').as('e'), eb.fn.sum<number>('a.services_max_cents').as('s'), eb.fn.countAll<number>().as('n')])
      .where('d.call_id', '=', callId).where('d.state', 'in', [...ALLOCATED_STATES]).groupBy('d.academie_code').execute(),
    db.selectFrom('dossiers').select((eb) => ['academie_code', eb.fn.countAll<number>().as('n')])
      .where('call_id', '=', callId).where('state', '=', 'waiting_list').groupBy('academie_code').execute(),
    db.selectFrom('waves').select((eb) => ['academie_code', eb.fn.countAll<number>().as('n')]).where('call_id', '=', callId).groupBy('academie_code').execute(),
  ]);
  return academies.map((a) => {
    const s = set.find((x) => x.academie_code === a.code);
    const defaultCents = call.envelope.perAcademyCents[a.code] ?? 0;
    const al = allocated.find((x) => x.academie_code === a.code);
    return {
      academieCode: a.code,
      academieName: a.name,
      envelope: s ? { amountCents: num(s.amount_cents), source: 'set', updatedAt: s.updated_at } : { amountCents: defaultCents, source: 'default', updatedAt: null },
      defaultCents,
      committedCents: al ? num(al.e) + num(al.s) : 0,
      acceptedCount: al ? num(al.n) : 0,
      waitingCount: num(counts.find((x) => x.academie_code === a.code)?.n ?? 0),
      wavesCount: num(waves.find((x) => x.academie_code === a.code)?.n ?? 0),
    };
  });
}

export interface CommitteeCandidate extends WaveCandidate {
  readonly rank: number;
  readonly organisationName: string;
  readonly departementCode: string;
  readonly schoolCount: number;
  /** The engine's grant per volet (what the applicant asked, as computed). */
  readonly engineEquipmentCents: number;
  readonly engineServicesCents: number;
  readonly submittedAt: string | null;
  /** The stored priority score (0..100); its explanation is read on demand (`loadCommitteeEntry`). */
  readonly score: number;
  readonly proposedAt: string | null;
}

export interface CommitteeView {
  readonly callId: string;
  readonly academieCode: string;
  readonly academieName: string;
  readonly envelope: EnvelopeInfo;
  readonly committedCents: number;
  /** Ranked by priority: dossiers proposed for acceptance or the waiting list, and those waiting. */
  readonly candidates: readonly CommitteeCandidate[];
  /** Dossiers proposed for rejection (the committee confirms them). */
  readonly rejections: readonly CommitteeCandidate[];
  /** Dossiers under review without a proposal yet (not in the wave). */
  readonly withoutProposal: number;
  readonly nextWaveNumber: number;
  readonly waves: readonly Wave[];
}

export type Wave = WaveTable;

function normaliseWave(w: WaveTable): WaveTable {
  return {
    ...w, number: num(w.number), envelope_cents: num(w.envelope_cents), committed_before_cents: num(w.committed_before_cents),
    allocated_cents: num(w.allocated_cents), accepted_count: num(w.accepted_count), waiting_count: num(w.waiting_count), rejected_count: num(w.rejected_count),
  };
}

export { prioritySchools } from './priority';

/**
 * The committee's view of an académie for a call: candidates ranked, rejections, envelope, waves.
 * One query for the candidates, reading the stored score (not its explanation: the list shows
 * « Pourquoi ce rang ? » on demand, `loadCommitteeEntry`) and the stored amounts; nothing is
 * recomputed per request but the score of a dossier whose score was never stored.
 */
export async function loadCommittee(db: Reader, callId: string, academieCode: string, calls?: CallRegistry): Promise<CommitteeView> {
  const k = withProposals(db);
  const [academie, envelope, committed, rows, withoutProposal, waves] = await Promise.all([
    db.selectFrom('academies').select('name').where('code', '=', academieCode).executeTakeFirst(),
    envelopeOf(db, callId, academieCode, calls),
    committedCents(db, callId, academieCode),
    k.selectFrom('dossiers as d')
      .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
      .leftJoin('decision_proposals as p', 'p.dossier_id', 'd.id')
      .select(['d.id', 'd.reference', 'd.state', 'd.departement_code', 'd.school_count', 'd.equipment_grant_cents', 'd.services_grant_cents', 'd.submitted_at',
        'd.priority_score', 'o.name as organisation_name', 'p.kind', 'p.equipment_max_cents', 'p.services_max_cents', 'p.reason', 'p.proposed_at'])
      .where('d.call_id', '=', callId).where('d.academie_code', '=', academieCode)
      .where((eb) => eb.or([eb('d.state', '=', 'waiting_list'), eb.and([eb('d.state', '=', 'under_review'), eb('p.kind', 'is not', null)])]))
      .execute(),
    k.selectFrom('dossiers as d').leftJoin('decision_proposals as p', 'p.dossier_id', 'd.id').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('d.call_id', '=', callId).where('d.academie_code', '=', academieCode).where('d.state', '=', 'under_review').where('p.kind', 'is', null)
      .executeTakeFirst(),
    db.selectFrom('waves').selectAll().where('call_id', '=', callId).where('academie_code', '=', academieCode).orderBy('number').execute(),
  ]);
  // The score stored on the dossier (src/data/priority.ts), the same the queue sorts on; one never
  // stored (a dossier written before migration 006) is computed with the same function.
  const missing = await computePriorityScores(db, rows.filter((r) => r.priority_score === null).map((r) => r.id), calls);
  const scored = rows.map((r) => ({ r, reference: r.reference, submittedAt: r.submitted_at, score: r.priority_score === null ? (missing.get(r.id)?.score ?? 0) : num(r.priority_score) }));
  const ranked = rankByPriority(scored).map(({ r, score, rank }): CommitteeCandidate => {
    const engineE = num(r.equipment_grant_cents);
    const engineS = num(r.services_grant_cents);
    return {
      rank, dossierId: r.id, reference: r.reference, state: r.state, proposal: (r.kind ?? null) as ProposalKind | null,
      equipmentMaxCents: numOrNull(r.equipment_max_cents) ?? engineE,
      servicesMaxCents: numOrNull(r.services_max_cents) ?? engineS,
      reason: r.reason ?? null,
      organisationName: r.organisation_name, departementCode: r.departement_code, schoolCount: num(r.school_count),
      engineEquipmentCents: engineE, engineServicesCents: engineS, submittedAt: r.submitted_at, score, proposedAt: r.proposed_at ?? null,
    };
  });
  const ws = waves.map(normaliseWave);
  return {
    callId, academieCode, academieName: academie?.name ?? academieCode, envelope, committedCents: committed,
    candidates: ranked.filter((c) => c.proposal !== 'reject'),
    rejections: ranked.filter((c) => c.proposal === 'reject'),
    withoutProposal: num(withoutProposal?.n ?? 0),
    nextWaveNumber: (ws.at(-1)?.number ?? 0) + 1,
    waves: ws,
  };
}

export interface CommitteeEntry {
  readonly view: CommitteeView;
  readonly candidate: CommitteeCandidate;
  /** The score with its explanation (« Pourquoi ce rang ? »). */
  readonly priority: PriorityScore;
}

/** One dossier before the committee, with the explanation of its score; undefined when it is not before this committee. */
export async function loadCommitteeEntry(db: Reader, callId: string, academieCode: string, dossierId: string, calls?: CallRegistry): Promise<CommitteeEntry | undefined> {
  const view = await loadCommittee(db, callId, academieCode, calls);
  const candidate = view.candidates.find((c) => c.dossierId === dossierId) ?? view.rejections.find((c) => c.dossierId === dossierId);
  if (candidate === undefined) return undefined;
  const priority = (await loadPriority(db, dossierId)) ?? (await computePriorityScores(db, [dossierId], calls)).get(dossierId);
  return priority === undefined ? undefined : { view, candidate, priority };
}

export interface DossierDecision {
  readonly decision: DecisionTable;
  readonly agreement: AgreementTable | null;
}

/** The latest decision on a dossier (with its wave number) and its convention, if any. */
export async function loadDecision(db: Reader, dossierId: string): Promise<DossierDecision | undefined> {
  const d = await db.selectFrom('decisions').selectAll().where('dossier_id', '=', dossierId).orderBy('decided_at', 'desc').orderBy('wave_number', 'desc').limit(1).executeTakeFirst();
  if (d === undefined) return undefined;
  const a = await db.selectFrom('agreements').selectAll().where('dossier_id', '=', dossierId).executeTakeFirst();
  return {
    decision: { ...d, wave_number: num(d.wave_number), equipment_max_cents: numOrNull(d.equipment_max_cents), services_max_cents: numOrNull(d.services_max_cents), priority_score: numOrNull(d.priority_score) },
    agreement: a === undefined ? null : { ...a, equipment_max_cents: num(a.equipment_max_cents), services_max_cents: num(a.services_max_cents) },
  };
}

/** « Décidé en vague N » for many dossiers at once (queues, lists). */
export async function waveNumbersOf(db: Reader, dossierIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (dossierIds.length === 0) return out;
  const rows = await db.selectFrom('decisions').select(['dossier_id', 'wave_number', 'decided_at']).where('dossier_id', 'in', [...dossierIds]).orderBy('decided_at').execute();
  for (const r of rows) out.set(r.dossier_id, num(r.wave_number));
  return out;
}
