// A dossier's computation on its facts (src/data/dossier-facts.ts): the engine's amounts and
// findings with the reviewer's adjustments, each school's diagnostic, the completeness list, and the
// values the dossier's cached columns hold. Used by the commands (to refresh the cached amounts,
// to submit) and by loadDossier (the dossier page).
import type { CallRegistry } from '../../domain/calls';
import { diagnoseSchool, summarizeDiagnostics, type DiagnosticEntry, type DossierDiagnosticSummary, type Referential, type SchoolDiagnostic } from '../../domain/baseline';
import { canSubmit, dossierChecks, FIELDS, type CheckItem } from '../../domain/dossier/checks';
import type { CoSignature, SignerRole } from '../../domain/dossier/signers';
import { compileFunding, describeFindings, explainAdjustments, explainFunding, type DossierSchool, type ExplanationEntry, type Finding, type FundingAmounts } from '../../domain/funding';
import { callOf, lineAmount, parseJsonArray, type CoFunding, type DossierFacts, type DossierSchoolRow, type ObjectiveText } from '../../data/dossier-facts';
import { referentialFor } from '../../data/dossier-referential';
import type { BudgetLineTable } from '../../data/schema';

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
