// What a dossier's computation reads (its row, applicant, schools with their reference data, lines,
// signatures, attachments) in a fixed number of queries, and the computation itself: the engine's
// amounts and findings, the diagnostics, the completeness list. Used by the commands (to refresh the
// cached amounts) and by loadDossier (the dossier page).
import type { Kysely, Selectable, Transaction } from 'kysely';
import { getCall, type CallDefinition, type CallRegistry } from '../domain/calls';
import { diagnoseSchool, summarizeDiagnostics, type DiagnosticEntry, type DossierDiagnosticSummary, type Referential, type SchoolDiagnostic } from '../domain/baseline';
import { canSubmit, dossierChecks, FIELDS, type CheckItem } from '../domain/dossier/checks';
import type { CoSignature, SignerRole } from '../domain/dossier/signers';
import type { SignedContent } from '../domain/digest';
import { compileFunding, describeFindings, explainAdjustments, explainFunding, type DossierSchool, type ExplanationEntry, type Finding, type FundingAmounts } from '../domain/funding';
import { referentialFor } from './dossier-referential';
import type {
  AttachmentTable, BudgetLineTable, Database, DossierSchoolTable, DossierTable, OrganisationTable, SignatureTable,
} from './schema';

export type Reader = Kysely<Database> | Transaction<Database>;

export interface ObjectiveText { readonly code: string; readonly text: string }
export interface CoFunding { readonly funder: string; readonly amountCents: number }

export interface DossierSchoolRow extends Selectable<DossierSchoolTable> {
  name: string;
  commune_code: string;
  commune_name: string | null;
  sector: 'public' | 'private';
  nature_label: string | null;
  education_priority: 'REP' | 'REP+' | null;
  ips: number | null;
  reference_classes: number | null;
  reference_pupils: number | null;
}

export interface DossierFacts {
  readonly dossier: Selectable<DossierTable>;
  readonly organisation: Selectable<OrganisationTable>;
  readonly schools: readonly DossierSchoolRow[];
  readonly lines: readonly Selectable<BudgetLineTable>[];
  readonly signatures: readonly Selectable<SignatureTable>[];
  readonly attachments: readonly Selectable<AttachmentTable>[];
  /** Names of the reviewers who adjusted lines, by user id (the explanation says who). */
  readonly adjusterNames?: ReadonlyMap<string, string>;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** pg returns bigint columns as numbers through db.ts; SQLite returns them as numbers: normalise anyway. */
export function normaliseDossier(d: Selectable<DossierTable>): Selectable<DossierTable> {
  return {
    ...d,
    number: num(d.number), revision: num(d.revision), school_count: num(d.school_count),
    equipment_cents: num(d.equipment_cents), services_cents: num(d.services_cents), eligible_cents: num(d.eligible_cents),
    equipment_grant_cents: num(d.equipment_grant_cents), services_grant_cents: num(d.services_grant_cents),
    grant_cents: num(d.grant_cents), blocking_count: num(d.blocking_count),
  };
}

export function normaliseLine(l: Selectable<BudgetLineTable>): Selectable<BudgetLineTable> {
  return {
    ...l, volet: num(l.volet), quantity: num(l.quantity), unit_ht_cents: num(l.unit_ht_cents), unit_ttc_cents: num(l.unit_ttc_cents),
    eligible_adjustment_cents: numOrNull(l.eligible_adjustment_cents), excluded: num(l.excluded),
  };
}

export async function loadSchoolsOf(db: Reader, dossierId: string): Promise<DossierSchoolRow[]> {
  const rows = await db.selectFrom('dossier_schools as ds')
    .innerJoin('schools as s', 's.uai', 'ds.uai')
    .leftJoin('communes as c', 'c.code', 's.commune_code')
    .selectAll('ds')
    .select([
      's.name', 's.commune_code', 'c.name as commune_name', 's.sector', 's.nature_label', 's.education_priority', 's.ips',
      's.classes as reference_classes', 's.elementary_pupils as reference_pupils',
    ])
    .where('ds.dossier_id', '=', dossierId)
    .orderBy('ds.position')
    .execute();
  return rows.map((r) => ({
    ...r,
    position: num(r.position), classes: numOrNull(r.classes), pupils: numOrNull(r.pupils),
    prefilled_classes: numOrNull(r.prefilled_classes), prefilled_pupils: numOrNull(r.prefilled_pupils),
    private_school: num(r.private_school), ips: numOrNull(r.ips),
    reference_classes: numOrNull(r.reference_classes), reference_pupils: numOrNull(r.reference_pupils),
  }));
}

export async function loadLinesOf(db: Reader, dossierId: string): Promise<Selectable<BudgetLineTable>[]> {
  const rows = await db.selectFrom('budget_lines').selectAll().where('dossier_id', '=', dossierId)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map(normaliseLine);
}

/** Everything the computation reads, in six queries. */
export async function loadDossierFacts(db: Reader, dossierId: string): Promise<DossierFacts | undefined> {
  const dossier = await db.selectFrom('dossiers').selectAll().where('id', '=', dossierId).executeTakeFirst();
  if (dossier === undefined) return undefined;
  const organisation = await db.selectFrom('organisations').selectAll().where('id', '=', dossier.organisation_id).executeTakeFirstOrThrow();
  const schools = await loadSchoolsOf(db, dossierId);
  const lines = await loadLinesOf(db, dossierId);
  const signatures = await db.selectFrom('signatures').selectAll().where('dossier_id', '=', dossierId).orderBy('signed_at').execute();
  const attachments = await db.selectFrom('attachments').selectAll().where('dossier_id', '=', dossierId).orderBy('uploaded_at').execute();
  const adjusters = [...new Set(lines.map((l) => l.adjusted_by).filter((x): x is string => x !== null))];
  const adjusterNames = new Map<string, string>();
  if (adjusters.length > 0) {
    for (const u of await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', adjusters).execute()) adjusterNames.set(u.id, u.display_name);
  }
  return {
    adjusterNames,
    dossier: normaliseDossier(dossier),
    organisation,
    schools,
    lines,
    signatures,
    attachments: attachments.map((a) => ({ ...a, size: num(a.size) })),
  };
}

export function parseJsonArray<T>(text: string | null): T[] {
  if (text === null || text === '') return [];
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
}

export function callOf(callId: string, calls?: CallRegistry): CallDefinition {
  const call = getCall(callId, calls);
  if (call === undefined) throw new Error(`Appel à projets inconnu : ${callId}`);
  return call;
}

/** A line's declared amount on the call's basis (TTC or HT). */
export function lineAmount(line: Pick<BudgetLineTable, 'quantity' | 'unit_ht_cents' | 'unit_ttc_cents'>, basis: 'TTC' | 'HT'): number {
  return line.quantity * (basis === 'TTC' ? line.unit_ttc_cents : line.unit_ht_cents);
}

/** What the engine counts of a line: nothing when excluded, the reviewer's amount when adjusted. */
export function lineEligibleInput(line: Pick<BudgetLineTable, 'quantity' | 'unit_ht_cents' | 'unit_ttc_cents' | 'excluded' | 'eligible_adjustment_cents'>, basis: 'TTC' | 'HT'): number {
  if (line.excluded === 1) return 0;
  return line.eligible_adjustment_cents ?? lineAmount(line, basis);
}

export interface SchoolComputed {
  readonly uai: string;
  /** Declared spending per volet. */
  readonly equipmentDeclaredCents: number;
  readonly servicesDeclaredCents: number;
  readonly entries: readonly DiagnosticEntry[] | null;
  readonly diagnostic: SchoolDiagnostic | null;
}

export interface DossierComputed {
  readonly amounts: FundingAmounts;
  readonly findings: readonly Finding[];
  readonly explanation?: readonly ExplanationEntry[];
  readonly checks: readonly CheckItem[];
  readonly blockingCount: number;
  readonly canSubmit: boolean;
  readonly schools: readonly SchoolComputed[];
  readonly diagnosticSummary: DossierDiagnosticSummary;
  readonly equipmentDeclaredCents: number;
  readonly servicesDeclaredCents: number;
  /** What the cached columns of `dossiers` hold. */
  readonly cache: {
    school_count: number; equipment_cents: number; services_cents: number; eligible_cents: number;
    equipment_grant_cents: number; services_grant_cents: number; grant_cents: number; blocking_count: number;
  };
}

export function activeSignatures(facts: Pick<DossierFacts, 'signatures'>): CoSignature[] {
  return facts.signatures.filter((s) => s.voided_at === null).map((s) => ({
    uai: s.uai, role: s.role as SignerRole, signer: s.user_id, signerName: s.signer_name, signedAt: s.signed_at,
  }));
}

/**
 * A school's diagnostic read and computed from its stored text: a pure function of the référentiel,
 * the school and that text, so the last ones computed are kept (every save and every page of a
 * dossier computes all its schools again while their diagnostics rarely change). Bounded; the
 * values are shared, read-only.
 */
const DIAGNOSTIC_MEMO_SIZE = 1000;
const diagnosticMemo = new Map<string, { entries: readonly DiagnosticEntry[]; diagnostic: SchoolDiagnostic }>();

/** `text` null: the school has no diagnostic yet (it is summarised as answering nothing, without its name). */
function schoolDiagnosticOf(referentialVersion: string, referential: Referential, s: Pick<DossierSchoolRow, 'uai' | 'name' | 'classes'>, text: string | null) {
  const key = text === null
    ? `${referentialVersion}\u0000${s.uai}\u0000${s.classes ?? 0}\u0000none`
    : `${referentialVersion}\u0000${s.uai}\u0000${s.classes ?? 0}\u0000${s.name}\u0000text\u0000${text}`;
  let hit = diagnosticMemo.get(key);
  if (hit === undefined) {
    const entries = text === null ? [] : parseJsonArray<DiagnosticEntry>(text);
    const school = { uai: s.uai, ...(text === null ? {} : { name: s.name }), classes: s.classes ?? 0, entries };
    hit = { entries, diagnostic: diagnoseSchool(referential, school) };
    if (diagnosticMemo.size >= DIAGNOSTIC_MEMO_SIZE) diagnosticMemo.delete(diagnosticMemo.keys().next().value!);
  } else {
    diagnosticMemo.delete(key); // most recently used last
  }
  diagnosticMemo.set(key, hit);
  return hit;
}

/** The engine, the diagnostics and the completeness list on a dossier's facts. */
export function computeDossier(facts: DossierFacts, opts: { calls?: CallRegistry; explain?: boolean } = {}): DossierComputed {
  const call = callOf(facts.dossier.call_id, opts.calls);
  const basis = call.funding.amountBasis;
  const referential = referentialFor(call.referentialVersion);
  const engineSchools: DossierSchool[] = [];
  const schools: SchoolComputed[] = [];
  let equipmentDeclared = 0;
  let servicesDeclared = 0;
  for (const s of facts.schools) {
    let e = 0; let sv = 0; let de = 0; let ds = 0;
    for (const l of facts.lines) {
      if (l.uai !== s.uai) continue;
      const declared = lineAmount(l, basis);
      const counted = lineEligibleInput(l, basis);
      if (l.volet === 1) { e += counted; de += declared; } else { sv += counted; ds += declared; }
    }
    equipmentDeclared += de;
    servicesDeclared += ds;
    engineSchools.push({ uai: s.uai, commune: s.commune_code, classes: s.classes ?? 0, pupils: s.pupils ?? 0, equipmentCents: e, servicesCents: sv });
    const diagnosed = s.diagnostic === null ? null : schoolDiagnosticOf(call.referentialVersion, referential, s, s.diagnostic);
    schools.push({
      uai: s.uai, equipmentDeclaredCents: de, servicesDeclaredCents: ds, entries: diagnosed?.entries ?? null, diagnostic: diagnosed?.diagnostic ?? null,
    });
  }
  const compute = compileFunding(call.funding);
  const amounts = compute(engineSchools);
  const findings = describeFindings(call.funding, engineSchools, amounts);
  const d = facts.dossier;
  const o = facts.organisation;
  const coFunding = parseJsonArray<CoFunding>(d.co_funding);
  const checks: CheckItem[] = [
    ...facts.schools.filter((s) => !(s.classes !== null && s.classes >= 1 && s.pupils !== null && s.pupils >= 1)).map((s): CheckItem => ({
      code: 'SCHOOL_HEADCOUNT_MISSING',
      severity: 'blocking',
      uai: s.uai,
      field: FIELDS.school(s.uai, 'effectifs'),
      message: `Indiquez le nombre de classes (cycles 2 et 3) et d'élèves de l'école ${s.name} (${s.uai}).`,
    })),
    ...dossierChecks(
      {
        schools: facts.schools.map((s, i) => ({ uai: s.uai, name: s.name, ...(schools[i].diagnostic === null ? {} : { diagnostic: schools[i].diagnostic! }) })),
        equipmentSpendingCents: equipmentDeclared,
        servicesSpendingCents: servicesDeclared,
        supportText: d.support_text,
        objectives: parseJsonArray<ObjectiveText>(d.objectives),
        lendingPlan: d.lending_plan,
        deliberationAttached: facts.attachments.some((a) => a.kind === 'deliberation'),
        organisation: {
          ...(o.siret === null ? {} : { siret: o.siret }),
          ...(o.signatory_name === null ? {} : { signatoryName: o.signatory_name }),
          ...(o.signatory_capacity === null ? {} : { signatoryCapacity: o.signatory_capacity }),
          ...(o.address === null ? {} : { address: o.address }),
          ...(o.iban === null ? {} : { iban: o.iban }),
        },
        signatures: activeSignatures(facts),
        funding: {
          subsidisableCents: amounts.equipment.eligibleCents + amounts.services.eligibleCents,
          grantCents: amounts.grantCents,
          otherPublicFunding: coFunding,
        },
      },
      findings,
    ),
  ];
  const blockingCount = checks.filter((c) => c.severity === 'blocking').length;
  const diagnosed = schools.map((s, i) => s.diagnostic ?? schoolDiagnosticOf(call.referentialVersion, referential, facts.schools[i], null).diagnostic);
  return {
    amounts,
    findings,
    ...(opts.explain ? { explanation: [...explainAdjustments(adjustmentsOf(facts, basis)), ...explainFunding(call.funding, engineSchools)] } : {}),
    checks,
    blockingCount,
    canSubmit: canSubmit(checks),
    schools,
    diagnosticSummary: summarizeDiagnostics(referential, diagnosed),
    equipmentDeclaredCents: equipmentDeclared,
    servicesDeclaredCents: servicesDeclared,
    cache: {
      school_count: facts.schools.length,
      equipment_cents: equipmentDeclared,
      services_cents: servicesDeclared,
      eligible_cents: amounts.equipment.eligibleCents + amounts.services.eligibleCents,
      equipment_grant_cents: amounts.equipment.grantCents,
      services_grant_cents: amounts.services.grantCents,
      grant_cents: amounts.grantCents,
      blocking_count: blockingCount,
    },
  };
}

/** The lines a reviewer adjusted or excluded, for the explanation. */
function adjustmentsOf(facts: DossierFacts, basis: 'TTC' | 'HT') {
  return facts.lines.filter((l) => l.excluded === 1 || l.eligible_adjustment_cents !== null).map((l) => ({
    lineLabel: l.label, uai: l.uai, volet: l.volet, declaredCents: lineAmount(l, basis),
    eligibleCents: l.eligible_adjustment_cents, excluded: l.excluded === 1, reason: l.adjustment_reason ?? '',
    by: (l.adjusted_by !== null ? facts.adjusterNames?.get(l.adjusted_by) : undefined) ?? l.adjusted_by ?? "l'instructeur",
    at: l.adjusted_at ?? facts.dossier.updated_at,
  }));
}

/** What co-signers sign: the project's texts and objectives, the schools, each school's budget as declared. */
export function signedContentOf(
  dossier: Pick<DossierTable, 'project_summary' | 'objectives' | 'support_text' | 'lending_plan'>,
  schools: readonly Pick<DossierSchoolTable, 'uai'>[],
  lines: readonly Selectable<BudgetLineTable>[],
): SignedContent {
  const budgets: Record<string, { id: string; volet: number; category: string; label: string; quantity: number; unitHtCents: number; unitTtcCents: number }[]> = {};
  for (const s of schools) budgets[s.uai] = [];
  for (const l of [...lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    (budgets[l.uai] ??= []).push({
      id: l.id, volet: l.volet, category: l.category, label: l.label, quantity: l.quantity, unitHtCents: l.unit_ht_cents, unitTtcCents: l.unit_ttc_cents,
    });
  }
  return {
    texts: { summary: dossier.project_summary, lendingPlan: dossier.lending_plan, support: dossier.support_text },
    objectives: parseJsonArray<ObjectiveText>(dossier.objectives),
    schools: schools.map((s) => s.uai),
    schoolBudgets: budgets,
  };
}
