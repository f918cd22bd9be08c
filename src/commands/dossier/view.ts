// The dossier page's read: every row the page shows, in ten queries whatever the dossier's size,
// with the engine's amounts (and explanation), findings, diagnostics and completeness list
// (compute.ts).
import type { Selectable } from 'kysely';
import type { CallRegistry } from '../../domain/calls';
import { displayOf } from '../../domain/dossier/lifecycle';
import {
  callOf, lineAmount, loadDossierFacts, parseJsonArray, type CoFunding, type DossierSchoolRow, type ObjectiveText, type Reader,
} from '../../data/dossier-facts';
import type {
  AttachmentTable, BudgetLineTable, DossierEventTable, DossierMemberTable, DossierTable, DossierVersionTable,
  MessageTable, OrganisationTable, SignatureTable,
} from '../../data/schema';
import { computeDossier, type DossierComputed } from './compute';

export interface DossierLineView extends Selectable<BudgetLineTable> {
  /** Declared amount on the call's basis. */
  amountCents: number;
}

export interface DossierSchoolView extends DossierSchoolRow {
  computed: DossierComputed['schools'][number];
  amounts: DossierComputed['amounts']['schools'][number];
}

export interface DossierView {
  dossier: Selectable<DossierTable> & { stateLabel: string; objectiveList: ObjectiveText[]; coFundingList: CoFunding[] };
  call: { id: string; title: string; referentialVersion: string; amountBasis: 'TTC' | 'HT'; periods: readonly { opensAt: string; closesAt: string }[] };
  organisation: Selectable<OrganisationTable>;
  schools: DossierSchoolView[];
  lines: DossierLineView[];
  computed: DossierComputed;
  members: (Selectable<DossierMemberTable> & { display_name: string | null })[];
  signatures: Selectable<SignatureTable>[];
  attachments: Omit<Selectable<AttachmentTable>, 'storage_path'>[];
  messages: Selectable<MessageTable>[];
  versions: Omit<Selectable<DossierVersionTable>, 'content'>[];
  events: Selectable<DossierEventTable>[];
}

/**
 * Everything a dossier page shows, in ten queries whatever its size: the dossier, its applicant,
 * schools with their reference data, lines, signatures, attachments, members, messages, versions,
 * history; with the engine's amounts (and explanation), findings, diagnostics and completeness list.
 * No permission check here: the caller authorizes first (loadDossierAccess + authorize).
 */
export async function loadDossier(db: Reader, dossierId: string, opts: { calls?: CallRegistry; explain?: boolean } = {}): Promise<DossierView | undefined> {
  const facts = await loadDossierFacts(db, dossierId);
  if (facts === undefined) return undefined;
  const [members, messages, versions, events] = await Promise.all([
    db.selectFrom('dossier_members as m').leftJoin('users as u', 'u.id', 'm.user_id').selectAll('m').select('u.display_name')
      .where('m.dossier_id', '=', dossierId).orderBy('m.invited_at').execute(),
    db.selectFrom('messages').selectAll().where('dossier_id', '=', dossierId).orderBy('at').orderBy('id').execute(),
    db.selectFrom('dossier_versions').select(['dossier_id', 'number', 'sha256', 'submitted_at', 'submitted_by', 'proof_path'])
      .where('dossier_id', '=', dossierId).orderBy('number').execute(),
    db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', dossierId).orderBy('seq').execute(),
  ]);
  const call = callOf(facts.dossier.call_id, opts.calls);
  const computed = computeDossier(facts, { calls: opts.calls, explain: opts.explain ?? true });
  const d = facts.dossier;
  return {
    dossier: {
      ...d,
      stateLabel: displayOf(d.state).label,
      objectiveList: parseJsonArray<ObjectiveText>(d.objectives),
      coFundingList: parseJsonArray<CoFunding>(d.co_funding),
    },
    call: { id: call.id, title: call.title, referentialVersion: call.referentialVersion, amountBasis: call.funding.amountBasis, periods: call.periods },
    organisation: facts.organisation,
    schools: facts.schools.map((s, i) => ({ ...s, computed: computed.schools[i], amounts: computed.amounts.schools[i] })),
    lines: facts.lines.map((l) => ({ ...l, amountCents: lineAmount(l, call.funding.amountBasis) })),
    computed,
    members,
    signatures: [...facts.signatures],
    attachments: facts.attachments.map(({ storage_path: _p, ...a }) => a),
    messages,
    versions: versions.map((v) => ({ ...v, number: Number(v.number) })),
    events: events.map((e) => ({ ...e, seq: Number(e.seq), revision: Number(e.revision) })),
  };
}
