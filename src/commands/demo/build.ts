// One dossier of the national demo campaign, built in memory as the dossier commands would have
// written it, command after command: createDossier, addSchools, updateSchool, saveProject,
// saveDiagnostic, saveBudgetLine, attachFile (the deliberation), inviteSchoolMember,
// acceptSchoolInvitation, signProject, submitDossier, then takeDossier and returnForChanges (the
// académie's later commands on submitted dossiers are ./review.ts's). Each command increases the
// revision and appends its events to the dossier's hash chain (./chain.ts: the same rows and hash as
// src/commands/events.ts); the engine (compileFunding through computeDossier) gives the
// amounts_recomputed events and the cached amounts; the frozen version is the same canonical JSON
// and SHA-256 as submitDossier's (no proof PDF in the demo: `proof_path` is empty).
import { expectedQuantity, type DiagnosticEntry, type Referential } from '../../domain/baseline';
import type { CallDefinition } from '../../domain/calls';
import { canonicalJson } from '../../domain/digest';
import { compileFunding, type DossierSchool } from '../../domain/funding';
import { frenchIban } from '../../domain/iban';
import { luhnValid } from '../../domain/identifiers';
import { OBJECTIVE_CODES, type ObjectiveCode } from '../../domain/objectives';
import { signedContentOf, type DossierSchoolRow } from '../../data/dossier-facts';
import { computeDossier } from '../dossier/compute';
import type {
  AgreementTable, AttachmentTable, BudgetLineTable, DeciderTable, DecisionProposalTable, DecisionTable, DossierEventTable, DossierMemberTable,
  DossierSchoolTable, DossierTable, DossierVersionTable, EnvelopeChangeTable, EnvelopeTable, MembershipTable, MessageTable, OrganisationTable,
  ReviewAssignmentTable, ReviewFollowTable, SignatureTable, UserTable, WaveTable,
} from '../../data/schema';
import { dossierReference } from '../dossier/create';
import { versionContent } from '../dossier/submit';
import type { EventDraft, EventKind } from '../events';
import { sha256Hex } from '../storage';
import { command as runCommand, newChain, type Actor, type DemoChain } from './chain';
import { pupilsOf, type PlannedDossier, type RefSchool } from './plan';
import type { Rng } from './random';
import { LINE_CATALOGUE, lendingPlan, objectiveText, personName, projectSummary, returnMessage, supportText } from './texts';

/** Synthetic people of the campaign have addresses under this domain: it marks the campaign's rows. */
export const DEMO_DOMAIN = 'national.demo.socle.invalid';

export type DemoState = 'draft' | 'submitted' | 'returned_for_changes';

export interface DemoRows {
  users: UserTable[];
  organisations: OrganisationTable[];
  memberships: MembershipTable[];
  dossiers: DossierTable[];
  dossier_schools: DossierSchoolTable[];
  budget_lines: BudgetLineTable[];
  attachments: AttachmentTable[];
  messages: MessageTable[];
  dossier_members: DossierMemberTable[];
  signatures: SignatureTable[];
  dossier_versions: DossierVersionTable[];
  // The académie's side (./review.ts; takes of returned dossiers here).
  deciders: DeciderTable[];
  envelopes: EnvelopeTable[];
  envelope_changes: EnvelopeChangeTable[];
  review_assignments: ReviewAssignmentTable[];
  review_follows: ReviewFollowTable[];
  decision_proposals: DecisionProposalTable[];
  waves: WaveTable[];
  decisions: DecisionTable[];
  agreements: AgreementTable[];
  dossier_events: DossierEventTable[];
}

/** The tables in an order that satisfies their foreign keys. */
export const TABLE_ORDER: readonly (keyof DemoRows)[] = [
  'users', 'organisations', 'memberships', 'dossiers', 'dossier_schools', 'budget_lines', 'attachments', 'messages', 'dossier_members', 'signatures',
  'dossier_versions', 'deciders', 'envelopes', 'envelope_changes', 'review_assignments', 'review_follows', 'decision_proposals', 'waves', 'decisions',
  'agreements', 'dossier_events',
];

export const emptyRows = (): DemoRows => ({
  users: [], organisations: [], memberships: [], dossiers: [], dossier_schools: [], budget_lines: [], attachments: [], messages: [],
  dossier_members: [], signatures: [], dossier_versions: [], deciders: [], envelopes: [], envelope_changes: [], review_assignments: [],
  review_follows: [], decision_proposals: [], waves: [], decisions: [], agreements: [], dossier_events: [],
});

export interface DeliberationFile { path: string; size: number; sha256: string }

export interface BuildContext {
  call: CallDefinition;
  referential: Referential;
  academieOf: (departement: string) => string | null;
  communeName: (code: string) => string | null;
  /** A reviewer of the académie (a synthetic person), created on first use. */
  reviewerOf: (academie: string | null, rows: DemoRows) => { id: string; label: string };
  deliberation: DeliberationFile;
  /** When the campaign's data is written (created_at of the people and organisations). */
  createdAt: string;
}

/** A dossier once written: its row as it stands and the end of its chain, for the académie's commands that follow. */
export interface WrittenDossier {
  readonly chain: DemoChain;
  /** The applicant's clerk (admin of the organisation): who accepts the convention. */
  readonly clerk: Actor;
}

export interface BuiltDossier {
  id: string;
  state: DemoState;
  /** Times of the first and last commands (the number is given by the creation order). */
  createdAt: string;
  plan: PlannedDossier;
  /** Called once the dossier's number is known: produces its rows. */
  write: (number: number, rows: DemoRows) => WrittenDossier;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const VAT = 1.2;

/** A SIRET of the collectivité: its SIREN, establishment 0001x, the last digit making the Luhn key. */
export function siretFor(siren: string): string {
  for (let k = 0; k < 10; k++) if (luhnValid(`${siren}0001${k}`)) return `${siren}0001${k}`;
  return `${siren}00010`;
}

/** A fictitious but well-formed French IBAN at the Trésor public (bank 30001): RIB key and IBAN key computed. */
export function ibanFor(rng: Rng): string {
  const bank = '30001';
  const branch = String(rng.int(10000, 99999));
  const account = `${String(rng.int(1000000, 9999999))}${String(rng.int(1000, 9999))}`;
  return frenchIban(bank, branch, account);
}

const euro = (rng: Rng, min: number, max: number): number => Math.round(min + rng.next() * (max - min)) * 100;

interface LineDraft { category: string; volet: 1 | 2; label: string; quantity: number; ttc: number }

/** What the school has and what the project adds, for every item of the référentiel. */
function diagnosticFor(rng: Rng, referential: Referential, classes: number): DiagnosticEntry[] {
  // One school in ten plans an ambitious renewal (well above the cap per class); the others complete what they have.
  const ambitious = rng.chance(0.1);
  const entries: DiagnosticEntry[] = [];
  for (const item of referential.items) {
    const expected = expectedQuantity(item, classes);
    let present: number;
    if (item.scope === 'class' || 'classes' in item.per) {
      present = Math.round(expected * (ambitious ? 0.25 * rng.next() : 0.55 + 0.45 * rng.next()));
    } else {
      present = rng.chance(item.volet === 2 ? 0.35 : ambitious ? 0.2 : 0.65) ? expected : 0;
    }
    present = Math.min(present, expected);
    let added = expected - present;
    if (!item.mandatory) added = rng.chance(0.5) ? added : 0;
    if (item.alternatives !== undefined) {
      const old = item.alternatives[0];
      const next = rng.weighted(item.alternatives.slice(1), ambitious ? [2, 2, 6] : [5, 2, 3]);
      if (present > 0) entries.push({ item: item.code, alternative: old, present, added: 0 });
      if (added > 0 || present === 0) entries.push({ item: item.code, alternative: next, present: 0, added });
    } else {
      entries.push({ item: item.code, present, added, ...(!item.mandatory && added === 0 && present < expected ? { notPlanned: true } : {}) });
    }
  }
  return entries;
}

/** Budget lines covering what the diagnostic adds (volet 1), and two years of services (volet 2). */
function linesFor(rng: Rng, entries: readonly DiagnosticEntry[], pupils: number): LineDraft[] {
  const lines: LineDraft[] = [];
  for (const e of entries) {
    if (e.item.startsWith('SERVICES_')) continue;
    if (e.added <= 0) continue;
    const options = LINE_CATALOGUE[e.item] ?? [];
    const option = e.alternative !== undefined ? options.find((o) => o.alternative === e.alternative) ?? options[0] : rng.pick(options);
    if (option === undefined) continue;
    lines.push({ category: e.item, volet: 1, label: option.label, quantity: e.added, ttc: euro(rng, option.min, option.max) });
  }
  const equipment = lines.reduce((s, l) => s + l.quantity * l.ttc, 0);
  if (equipment < 360_000) {
    // Below the minimum per school: the collectivité completes the mobile pool.
    const o = LINE_CATALOGUE.SCHOOL_MOBILE_POOL[0];
    const ttc = euro(rng, o.min, o.max);
    lines.push({ category: 'SCHOOL_MOBILE_POOL', volet: 1, label: o.label, quantity: Math.ceil((360_000 - equipment) / ttc) + rng.int(0, 3), ttc });
  }
  const ent = LINE_CATALOGUE.SERVICES_ENT[0];
  lines.push({ category: 'SERVICES_ENT', volet: 2, label: ent.label, quantity: pupils, ttc: euro(rng, ent.min, ent.max) });
  if (rng.chance(0.8)) {
    const r = LINE_CATALOGUE.SERVICES_RESOURCES[0];
    lines.push({ category: 'SERVICES_RESOURCES', volet: 2, label: r.label, quantity: 1, ttc: euro(rng, r.min, r.max) });
  }
  if (rng.chance(0.3)) {
    const o = LINE_CATALOGUE.SERVICES_OTHER[0];
    lines.push({ category: 'SERVICES_OTHER', volet: 2, label: o.label, quantity: 1, ttc: euro(rng, o.min, o.max) });
  }
  return lines;
}

const slug = (s: string): string => s.toLowerCase();

/** Plans one dossier: its state, people, content and the sequence of its commands. */
export function buildDossier(ctx: BuildContext, rng: Rng, plan: PlannedDossier, state: DemoState): BuiltDossier {
  const id = rng.uuid();
  const call = ctx.call;
  const basisTtc = call.funding.amountBasis === 'TTC';
  const period = call.periods[0];
  const opens = Date.parse(period.opensAt);
  const closes = Date.parse(period.closesAt);

  // People (synthetic, no password: nobody signs in as them).
  const clerk: Actor = { id: rng.uuid(), label: personName(rng) };
  const schools = plan.schools;
  const directors: Actor[] = schools.map(() => ({ id: rng.uuid(), label: personName(rng) }));

  // Content.
  const classesOf = (s: RefSchool): number => s.classes ?? Math.max(1, Math.round((pupilsOf(s) ?? 0) / 24));
  const diagnostics = schools.map((s) => diagnosticFor(rng, ctx.referential, classesOf(s)));
  const lineDrafts = schools.map((s, i) => linesFor(rng, diagnostics[i], pupilsOf(s)!));
  const objectiveCodes: ObjectiveCode[] = rng.shuffle(OBJECTIVE_CODES).slice(0, rng.int(3, 6)).sort((a, b) => OBJECTIVE_CODES.indexOf(a) - OBJECTIVE_CODES.indexOf(b));
  const project = {
    project_summary: projectSummary(rng, plan.name, schools.length, plan.communes),
    objectives: JSON.stringify(objectiveCodes.map((code) => ({ code, text: objectiveText(rng, code) }))),
    lending_plan: lendingPlan(rng),
    support_text: supportText(rng),
    co_funding: '[]',
  };
  const coFundingShare = rng.chance(0.06) ? rng.int(5, 10) : 0;

  // The commands, in order; a draft stops somewhere after its schools were added.
  type Step = { kind: string; school?: number; line?: number };
  const steps: Step[] = [{ kind: 'create' }];
  for (let i = 0; i < schools.length; i += 200) steps.push({ kind: 'schools', school: i });
  schools.forEach((s, i) => { if (s.classes === null) steps.push({ kind: 'headcount', school: i }); });
  steps.push({ kind: 'project' });
  schools.forEach((_, i) => steps.push({ kind: 'diagnostic', school: i }));
  schools.forEach((_, i) => lineDrafts[i].forEach((_l, j) => steps.push({ kind: 'line', school: i, line: j })));
  if (coFundingShare > 0) steps.push({ kind: 'cofunding' });
  steps.push({ kind: 'attachment' });
  schools.forEach((_, i) => steps.push({ kind: 'invite', school: i }, { kind: 'join', school: i }, { kind: 'sign', school: i }));
  let count = steps.length;
  if (state === 'draft') {
    const minimum = 1 + Math.ceil(schools.length / 200);
    count = rng.int(minimum, steps.length - 1);
  } else {
    steps.push({ kind: 'submit' });
    count = steps.length;
  }
  // Times: minutes to days between commands, the whole within the application period.
  const gaps = steps.slice(0, count).map(() => (rng.chance(0.08) ? rng.int(1, 6) * DAY : rng.int(1, 25) * MINUTE) + rng.int(0, 59_000));
  const total = gaps.reduce((s, g) => s + g, 0);
  const window = closes - opens - DAY;
  const scale = total > window * 0.8 ? (window * 0.8) / total : 1;
  const start = opens + 6 * 3600_000 + Math.floor(rng.next() * Math.max(0, window - total * scale));
  const times: string[] = [];
  let t = start;
  for (const g of gaps) { t += Math.max(1000, Math.floor(g * scale)); times.push(new Date(t).toISOString()); }
  // After the call: the académie takes the dossier and returns it for changes.
  const reviewTimes = state === 'returned_for_changes'
    ? (() => { const taken = closes + rng.int(2, 40) * DAY + rng.int(0, 8 * 3600) * 1000; return [taken, taken + rng.int(1, 72) * 3600_000].map((x) => new Date(x).toISOString()); })()
    : [];
  const messageSchool = rng.int(0, schools.length - 1);
  const messageText = returnMessage(rng, schools[messageSchool].name);
  const lineIds = lineDrafts.map((ls) => ls.map(() => rng.uuid()));
  const memberIds = schools.map(() => rng.uuid());
  const signatureIds = schools.map(() => rng.uuid());
  const attachmentId = rng.uuid();
  const messageId = rng.uuid();
  const signatory = personName(rng);
  const iban = ibanFor(rng);

  const write = (number: number, rows: DemoRows): WrittenDossier => {
    const reference = dossierReference(call.id, plan.seat.departement_code, number);
    const orgId = rng.uuid();
    const academie = ctx.academieOf(plan.seat.departement_code);
    const seatName = plan.seat.name;
    const postal = plan.seat.postal_codes.split(/[,;\s]+/)[0] ?? '';
    const organisation: OrganisationTable = {
      id: orgId, kind: plan.kind, commune_code: plan.kind === 'commune' ? plan.seat.code : null, epci_siren: plan.kind === 'epci' ? plan.siren : null,
      siren: plan.siren, name: plan.name, departement_code: plan.seat.departement_code, siret: siretFor(plan.siren),
      signatory_name: signatory,
      signatory_capacity: plan.kind === 'commune' ? rng.pick(['Maire', 'Maire', 'Adjoint au maire chargé des affaires scolaires']) : `Président de la ${plan.epciType === 'CA' ? "communauté d'agglomération" : plan.epciType === 'CU' ? 'communauté urbaine' : plan.epciType === 'METRO' || plan.epciType === 'MET69' ? 'métropole' : 'communauté de communes'}`,
      iban,
      address: plan.kind === 'commune' ? `Hôtel de ville, 1 place de la Mairie, ${postal} ${seatName}` : `Siège communautaire, 2 rue de la République, ${postal} ${seatName}`,
      confirmed_at: ctx.createdAt, confirmed_by: null, created_at: ctx.createdAt, updated_at: ctx.createdAt,
    };
    rows.organisations.push(organisation);
    const person = (a: Actor, email: string, role: UserTable['role'], scope: string | null): UserTable => ({
      id: a.id, email, display_name: a.label, password_hash: null, role, scope, created_at: ctx.createdAt, email_verified_at: ctx.createdAt,
      oidc_issuer: null, oidc_subject: null, disabled_at: null,
    });
    rows.users.push(person(clerk, `${plan.kind === 'commune' ? 'mairie' : 'epci'}-${plan.siren}@${DEMO_DOMAIN}`, 'applicant', null));
    rows.memberships.push({ organisation_id: orgId, user_id: clerk.id, role: 'admin', created_at: ctx.createdAt });

    // The dossier as it evolves.
    const dossier: DossierTable = {
      id, call_id: call.id, organisation_id: orgId, number, reference, state: 'draft', revision: 0,
      project_summary: '', objectives: '[]', support_text: '', lending_plan: '', co_funding: '[]',
      school_count: 0, equipment_cents: 0, services_cents: 0, eligible_cents: 0, equipment_grant_cents: 0, services_grant_cents: 0, grant_cents: 0, blocking_count: 0,
      departement_code: plan.seat.departement_code, academie_code: academie, created_by: clerk.id, created_at: times[0], updated_at: times[0], submitted_at: null,
    };
    const schoolRows: DossierSchoolTable[] = [];
    const lines: BudgetLineTable[] = [];
    const signatures: SignatureTable[] = [];
    const attachments: AttachmentTable[] = [];
    const chain = newChain(dossier);
    const events: DossierEventTable[] = [];
    const command = (actor: Actor, at: string, drafts: readonly EventDraft[]): void => runCommand(chain, actor, at, drafts, events, rng.uuid);
    // The engine on the lines so far: the amounts_recomputed event of a command, as refreshAmounts writes it.
    const compute = compileFunding(call.funding);
    const perSchool = schools.map(() => ({ e: 0, s: 0 }));
    const cached = { equipment_cents: 0, services_cents: 0, eligible_cents: 0, equipment_grant_cents: 0, services_grant_cents: 0, grant_cents: 0 };
    const refresh = (): EventDraft[] => {
      const engine: DossierSchool[] = schoolRows.map((r, i) => ({
        uai: r.uai, commune: schools[i].commune_code, classes: r.classes ?? 0, pupils: r.pupils ?? 0, equipmentCents: perSchool[i].e, servicesCents: perSchool[i].s,
      }));
      const a = compute(engine);
      const after = {
        equipment_cents: perSchool.reduce((x, p) => x + p.e, 0), services_cents: perSchool.reduce((x, p) => x + p.s, 0),
        eligible_cents: a.equipment.eligibleCents + a.services.eligibleCents, equipment_grant_cents: a.equipment.grantCents,
        services_grant_cents: a.services.grantCents, grant_cents: a.grantCents,
      };
      const changed: Record<string, { from: number; to: number }> = {};
      for (const k of Object.keys(after) as (keyof typeof after)[]) if (cached[k] !== after[k]) changed[k] = { from: cached[k], to: after[k] };
      Object.assign(cached, after);
      return Object.keys(changed).length === 0 ? [] : [{ kind: 'amounts_recomputed', section: 'amounts', payload: changed }];
    };
    let signedSha256: string | undefined;
    const ev = (kind: EventKind, section: string, payload: EventDraft['payload'], extra: Partial<EventDraft> = {}): EventDraft => ({ kind, section, payload, ...extra });

    for (let k = 0; k < count; k++) {
      const step = steps[k];
      const at = times[k];
      const i = step.school ?? 0;
      switch (step.kind) {
        case 'create':
          command(clerk, at, [ev('dossier_created', 'state', { reference, callId: call.id, organisationId: orgId }, { toState: 'draft' })]);
          break;
        case 'schools': {
          const drafts: EventDraft[] = [];
          schools.slice(i, i + 200).forEach((s, j) => {
            const pupils = pupilsOf(s);
            const row: DossierSchoolTable = {
              dossier_id: id, call_id: call.id, uai: s.uai, position: i + j + 1, classes: s.classes, pupils, prefilled_classes: s.classes, prefilled_pupils: pupils,
              headcount_reason: null, private_school: s.sector === 'private' ? 1 : 0, diagnostic: null, diagnostic_updated_at: null, diagnostic_updated_by: null, added_at: at,
            };
            schoolRows.push(row);
            drafts.push(ev('school_added', `school/${s.uai}`, { uai: s.uai, name: s.name, private: row.private_school === 1, classes: row.classes, pupils: row.pupils }));
          });
          command(clerk, at, [...drafts, ...refresh()]);
          break;
        }
        case 'headcount': {
          const row = schoolRows[i];
          const classes = classesOf(schools[i]);
          const from = { classes: row.classes, pupils: row.pupils };
          row.classes = classes;
          command(clerk, at, [ev('school_headcount_updated', `school/${row.uai}/headcount`, { uai: row.uai, from, to: { classes, pupils: row.pupils } }), ...refresh()]);
          break;
        }
        case 'project': {
          const from: Record<string, string> = {};
          const to: Record<string, string> = {};
          for (const key of Object.keys(project) as (keyof typeof project)[]) {
            if (dossier[key] !== project[key]) { from[key] = dossier[key]; to[key] = project[key]; }
            dossier[key] = project[key];
          }
          command(clerk, at, [ev('project_saved', 'project', { from, to }), ...refresh()]);
          break;
        }
        case 'diagnostic': {
          const row = schoolRows[i];
          const entries = diagnostics[i];
          row.diagnostic = JSON.stringify(entries);
          row.diagnostic_updated_at = at;
          row.diagnostic_updated_by = clerk.id;
          command(clerk, at, [ev('diagnostic_saved', `school/${row.uai}/diagnostic`, { uai: row.uai, entries: entries as never }), ...refresh()]);
          break;
        }
        case 'line': {
          const l = lineDrafts[i][step.line!];
          const lineId = lineIds[i][step.line!];
          const uai = schoolRows[i].uai;
          const values = { uai, volet: l.volet, category: l.category, label: l.label, quantity: l.quantity, unit_ht_cents: Math.round(l.ttc / VAT), unit_ttc_cents: l.ttc };
          lines.push({ id: lineId, dossier_id: id, ...values, eligible_adjustment_cents: null, excluded: 0, adjustment_reason: null, adjusted_by: null, adjusted_at: null, created_at: at, updated_at: at });
          const amount = l.quantity * (basisTtc ? values.unit_ttc_cents : values.unit_ht_cents);
          if (l.volet === 1) perSchool[i].e += amount; else perSchool[i].s += amount;
          command(clerk, at, [ev('budget_line_created', `school/${uai}/line/${lineId}`, { lineId, to: { ...values, amountCents: amount } }), ...refresh()]);
          break;
        }
        case 'cofunding': {
          const next = JSON.stringify([{ funder: 'Conseil départemental', amountCents: Math.floor((cached.eligible_cents * coFundingShare) / 100) }]);
          const from = { co_funding: dossier.co_funding };
          dossier.co_funding = next;
          command(clerk, at, [ev('project_saved', 'project', { from, to: { co_funding: next } }), ...refresh()]);
          break;
        }
        case 'attachment': {
          const name = plan.kind === 'commune' ? 'deliberation-conseil-municipal.pdf' : 'deliberation-conseil-communautaire.pdf';
          attachments.push({ id: attachmentId, dossier_id: id, kind: 'deliberation', original_name: name, mime: 'application/pdf', size: ctx.deliberation.size, sha256: ctx.deliberation.sha256, storage_path: ctx.deliberation.path, uploaded_by: clerk.id, uploaded_at: at });
          command(clerk, at, [ev('attachment_added', 'attachments', { attachmentId, kind: 'deliberation', name, mime: 'application/pdf', size: ctx.deliberation.size, sha256: ctx.deliberation.sha256 }), ...refresh()]);
          break;
        }
        case 'invite': {
          const email = `direction-${slug(schools[i].uai)}@${DEMO_DOMAIN}`;
          rows.dossier_members.push({ id: memberIds[i], dossier_id: id, uai: schools[i].uai, role: 'director', email, user_id: null, invited_by: clerk.id, invited_at: at, joined_at: null });
          command(clerk, at, [ev('member_invited', 'members', { memberId: memberIds[i], uai: schools[i].uai, role: 'director', email })]);
          break;
        }
        case 'join': {
          const member = rows.dossier_members.find((m) => m.id === memberIds[i])!;
          member.user_id = directors[i].id;
          member.joined_at = at;
          rows.users.push(person(directors[i], member.email, 'school', `school:${schools[i].uai}`));
          command(directors[i], at, [ev('member_joined', 'members', { memberId: memberIds[i], uai: schools[i].uai, role: 'director' })]);
          break;
        }
        case 'sign': {
          // What every co-signer signs is the same until the next change: computed once.
          signedSha256 ??= sha256Hex(canonicalJson(signedContentOf(dossier, schoolRows, [...lines].sort(byCreation))));
          const contentSha256 = signedSha256;
          signatures.push({ id: signatureIds[i], dossier_id: id, uai: schools[i].uai, role: 'director', user_id: directors[i].id, signer_name: directors[i].label, signed_at: at, content_sha256: contentSha256, voided_at: null, voided_reason: null });
          command(directors[i], at, [ev('signature_given', `school/${schools[i].uai}/signature`, { signatureId: signatureIds[i], uai: schools[i].uai, role: 'director', contentSha256 }), ...refresh()]);
          break;
        }
        case 'submit': {
          const facts = factsOf(dossier, organisation, schoolRows, schools, lines, signatures, attachments, ctx);
          const computed = computeDossier(facts);
          if (!computed.canSubmit) {
            throw new Error(`Dossier de démonstration ${reference} non déposable : ${computed.checks.filter((c) => c.severity === 'blocking').map((c) => c.code).join(', ')}`);
          }
          const content = versionContent(call, dossier, 1, at, clerk.label, facts, computed);
          const text = canonicalJson(content);
          const sha256 = sha256Hex(text);
          rows.dossier_versions.push({ dossier_id: id, number: 1, content: text, sha256, submitted_at: at, submitted_by: clerk.label, proof_path: '' });
          dossier.state = 'submitted';
          dossier.submitted_at = at;
          command(clerk, at, [ev('submitted', 'state', { version: 1, sha256 }, { fromState: 'draft', toState: 'submitted' }), ...refresh()]);
          break;
        }
      }
    }
    if (state === 'returned_for_changes') {
      // takeDossier: the reviewer takes it (assignment, follow), then returns it for changes.
      const reviewer = ctx.reviewerOf(academie, rows);
      dossier.state = 'under_review';
      command(reviewer, reviewTimes[0], [ev('taken_for_review', 'state', {}, { fromState: 'submitted', toState: 'under_review' })]);
      rows.review_assignments.push({ dossier_id: id, reviewer_id: reviewer.id, taken_at: reviewTimes[0] });
      rows.review_follows.push({ dossier_id: id, user_id: reviewer.id, created_at: reviewTimes[0] });
      dossier.state = 'returned_for_changes';
      rows.messages.push({ id: messageId, dossier_id: id, author_id: reviewer.id, author_label: reviewer.label, body: messageText, at: reviewTimes[1], attachment_id: null });
      command(reviewer, reviewTimes[1], [ev('returned_for_changes', 'state', { messageId }, { fromState: 'under_review', toState: 'returned_for_changes', reason: messageText })]);
    }
    // The cached amounts and completeness list, as refreshAmounts leaves them.
    const computed = computeDossier(factsOf(dossier, organisation, schoolRows, schools, lines, signatures, attachments, ctx));
    Object.assign(dossier, computed.cache);
    rows.dossiers.push(dossier);
    rows.dossier_schools.push(...schoolRows);
    rows.budget_lines.push(...lines);
    rows.signatures.push(...signatures);
    rows.attachments.push(...attachments);
    rows.dossier_events.push(...events);
    return { chain, clerk };
  };
  return { id, state, createdAt: times[0], plan, write };
}

const byCreation = (a: BudgetLineTable, b: BudgetLineTable): number =>
  (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function factsOf(
  dossier: DossierTable, organisation: OrganisationTable, schoolRows: readonly DossierSchoolTable[], schools: readonly RefSchool[],
  lines: readonly BudgetLineTable[], signatures: readonly SignatureTable[], attachments: readonly AttachmentTable[], ctx: BuildContext,
): Parameters<typeof computeDossier>[0] {
  const rows: DossierSchoolRow[] = schoolRows.map((r, i) => {
    const s = schools[i];
    return {
      ...r, name: s.name, commune_code: s.commune_code, commune_name: ctx.communeName(s.commune_code), sector: s.sector, nature_label: s.nature_label,
      education_priority: s.education_priority, ips: s.ips, reference_classes: s.classes, reference_pupils: s.elementary_pupils,
    };
  });
  return {
    dossier: { ...dossier }, organisation, schools: rows, lines: [...lines].sort(byCreation),
    signatures: [...signatures].sort((a, b) => (a.signed_at < b.signed_at ? -1 : a.signed_at > b.signed_at ? 1 : 0)), attachments: [...attachments],
  };
}
