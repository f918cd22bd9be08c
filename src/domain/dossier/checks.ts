// The completeness list of a dossier before submission (issue 4): the funding engine's findings
// plus the dossier's own requirements, each with a French message saying what to do and the anchor
// of the field that fixes it. A blocking item refuses the submission (lifecycle.ts).

import { isValidSiret } from '../identifiers';
import { validateIban } from '../iban';
import { formatEuros, type Cents } from '../money';
import { isObjectiveCode, objectiveLabel } from '../objectives';
import { MISSING_SIGNATURE_CODE, type RateLike } from './lifecycle';
import { DEFAULT_REQUIRED_SIGNER_ROLES, SIGNER_ROLE_LABELS, type CoSignature, type SignerRole } from './signers';

export type CheckSeverity = 'blocking' | 'warning';

export interface CheckItem {
  readonly code: string;
  readonly severity: CheckSeverity;
  /** French: what is wrong and what to do. */
  readonly message: string;
  /** Anchor id of the field that fixes it (see FIELDS). */
  readonly field: string;
  readonly uai?: string;
  readonly commune?: string;
}

/** A finding of the funding engine, typed structurally. */
export interface FundingFindingLike {
  readonly code: string;
  readonly severity: CheckSeverity;
  readonly uai?: string;
  readonly commune?: string;
  readonly message: string;
}

export type SchoolPart = 'diagnostic' | 'budget' | 'signatures' | 'effectifs';

/** Anchor ids of the dossier's pages: the web gives these ids to its fields and sections. */
export const FIELDS = {
  schools: 'ecoles',
  budget: 'budget',
  equipment: 'budget-equipement',
  services: 'budget-services',
  coFunding: 'budget-cofinancements',
  support: 'projet-accompagnement',
  objectives: 'projet-objectifs',
  lendingPlan: 'projet-pret',
  deliberation: 'pieces-deliberation',
  signatory: 'organisation-signataire',
  siret: 'organisation-siret',
  address: 'organisation-adresse',
  iban: 'organisation-iban',
  /** `ecole-0350023G-diagnostic`. */
  school: (uai: string, part: SchoolPart): string => `ecole-${uai}-${part}`,
  /** `projet-objectif-inclusion`. */
  objective: (code: string): string => `projet-objectif-${code.toLowerCase().replace(/_/g, '-')}`,
} as const;

/** Where each engine finding is fixed; a school's budget when the finding names a school. */
const FINDING_FIELDS: Readonly<Record<string, string>> = {
  MISSING_EQUIPMENT_VOLET: FIELDS.equipment,
  MISSING_SERVICES_VOLET: FIELDS.services,
  COMMUNE_ABOVE_TIER_TOP: FIELDS.equipment,
};

export function findingField(finding: Pick<FundingFindingLike, 'code' | 'uai'>): string {
  if (finding.uai !== undefined) return FIELDS.school(finding.uai, 'budget');
  return FINDING_FIELDS[finding.code] ?? FIELDS.budget;
}

/** What the checks read of a school's diagnostic (diagnoseSchool's result fits). */
export interface DiagnosticStatus {
  readonly filled: boolean;
  readonly unanswered: readonly string[];
  readonly problems: readonly { readonly message: string }[];
  readonly atBaselineBefore: boolean;
  readonly atBaselineAfter: boolean;
}

export interface CheckedSchool {
  readonly uai: string;
  readonly name?: string;
  /** Undefined while the school's team has not started it. */
  readonly diagnostic?: DiagnosticStatus;
}

export interface DossierForChecks {
  readonly schools: readonly CheckedSchool[];
  /** Declared spending per volet over all the dossier's schools. */
  readonly equipmentSpendingCents: Cents;
  readonly servicesSpendingCents: Cents;
  /** Volet 3: the support planned with the académie. */
  readonly supportText: string;
  readonly objectives: readonly { readonly code: string; readonly text: string }[];
  readonly lendingPlan: string;
  readonly deliberationAttached: boolean;
  readonly organisation: {
    readonly siret?: string;
    readonly signatoryName?: string;
    readonly signatoryCapacity?: string;
    readonly address?: string;
    readonly iban?: string;
  };
  /** Co-signatures in force (the voided ones removed). */
  readonly signatures: readonly CoSignature[];
  readonly funding: {
    /** Subsidisable spending: the engine's eligible amounts, volet 1 + volet 2. */
    readonly subsidisableCents: Cents;
    /** The State's grant the engine computes. */
    readonly grantCents: Cents;
    /** Other public co-funders declared (région, département, État other programmes, EU…). */
    readonly otherPublicFunding: readonly { readonly funder: string; readonly amountCents: Cents }[];
  };
}

export interface PublicAidLimits {
  /** All public aid together at most this share of the subsidisable spending (décret 2018-514: 100 %). */
  readonly maxPublicShare: RateLike;
  /** With other public co-funders, the applicant keeps at least this share at its charge (20 %). */
  readonly minOwnShareWithCoFunders: RateLike;
}

export const DEFAULT_PUBLIC_AID_LIMITS: PublicAidLimits = {
  maxPublicShare: { numerator: 100, denominator: 100 },
  minOwnShareWithCoFunders: { numerator: 20, denominator: 100 },
};

export interface CheckParameters {
  /** Who must co-sign for each school (a parameter of the call). */
  readonly requiredSignerRoles?: readonly SignerRole[];
  readonly publicAidLimits?: PublicAidLimits;
}

const blank = (s: string | undefined): boolean => (s ?? '').trim() === '';
const isCents = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
const eur = formatEuros;

function schoolName(s: CheckedSchool): string {
  return s.name === undefined || s.name.trim() === '' ? `l'école ${s.uai}` : `l'école ${s.name} (${s.uai})`;
}

/** amount ≤ rate × total, exactly, for non-negative integers (BigInt: no rounding ever). */
function shareAtMost(amount: Cents, total: Cents, rate: RateLike): boolean {
  return BigInt(amount) * BigInt(rate.denominator) <= BigInt(total) * BigInt(rate.numerator);
}

function pct(rate: RateLike): string {
  return `${(rate.numerator * 100) / rate.denominator} %`;
}

function schoolChecks(d: DossierForChecks): CheckItem[] {
  const items: CheckItem[] = [];
  if (d.schools.length === 0) {
    items.push({ code: 'NO_SCHOOL', severity: 'blocking', field: FIELDS.schools, message: 'Ajoutez au moins une école au dossier.' });
  }
  for (const s of d.schools) {
    const field = FIELDS.school(s.uai, 'diagnostic');
    const where = { uai: s.uai, field };
    const diag = s.diagnostic;
    if (diag === undefined) {
      items.push({ code: 'DIAGNOSTIC_INCOMPLETE', severity: 'blocking', ...where, message: `Remplissez le diagnostic de ${schoolName(s)} avec son équipe.` });
      continue;
    }
    if (!diag.filled) {
      const parts: string[] = [];
      if (diag.unanswered.length > 0) parts.push(`${diag.unanswered.length} élément${diag.unanswered.length > 1 ? 's' : ''} obligatoire${diag.unanswered.length > 1 ? 's' : ''} sans réponse`);
      for (const p of diag.problems) parts.push(p.message.charAt(0).toLowerCase() + p.message.slice(1).replace(/\.$/, ''));
      items.push({ code: 'DIAGNOSTIC_INCOMPLETE', severity: 'blocking', ...where, message: `Complétez le diagnostic de ${schoolName(s)} : ${parts.join(' ; ')}.` });
      continue;
    }
    if (diag.atBaselineBefore) {
      items.push({
        code: 'SCHOOL_ALREADY_AT_BASELINE',
        severity: 'warning',
        ...where,
        message: `D'après son diagnostic, ${schoolName(s)} atteint déjà le socle numérique de base : l'appel vise les écoles qui ne l'ont pas atteint. Vérifiez le diagnostic.`,
      });
    } else if (!diag.atBaselineAfter) {
      items.push({
        code: 'SCHOOL_BELOW_BASELINE_AFTER',
        severity: 'warning',
        ...where,
        message: `Après le projet, ${schoolName(s)} n'atteindra pas le socle numérique de base : des éléments obligatoires restent non couverts.`,
      });
    }
  }
  return items;
}

function budgetChecks(d: DossierForChecks, findings: readonly FundingFindingLike[], limits: PublicAidLimits): CheckItem[] {
  const items: CheckItem[] = findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    field: findingField(f),
    ...(f.uai === undefined ? {} : { uai: f.uai }),
    ...(f.commune === undefined ? {} : { commune: f.commune }),
  }));
  const has = (code: string): boolean => findings.some((f) => f.code === code);
  if (d.equipmentSpendingCents <= 0 && !has('MISSING_EQUIPMENT_VOLET')) {
    items.push({ code: 'MISSING_EQUIPMENT_VOLET', severity: 'blocking', field: FIELDS.equipment, message: "Ajoutez les dépenses d'équipement (volet 1) : un dossier doit couvrir le volet 1 et le volet 2." });
  }
  if (d.servicesSpendingCents <= 0 && !has('MISSING_SERVICES_VOLET')) {
    items.push({ code: 'MISSING_SERVICES_VOLET', severity: 'blocking', field: FIELDS.services, message: 'Ajoutez les dépenses de services et ressources numériques (volet 2) : un dossier doit couvrir le volet 1 et le volet 2.' });
  }
  if (blank(d.supportText)) {
    items.push({ code: 'MISSING_SUPPORT', severity: 'blocking', field: FIELDS.support, message: "Décrivez l'accompagnement prévu avec l'académie (volet 3) : formation et prise en main des équipements et des services." });
  }
  items.push(...publicAidChecks(d.funding, limits));
  return items;
}

/** Décret 2018-514: public aid within the subsidisable spending; 20 % kept by the applicant with co-funders. */
export function publicAidChecks(funding: DossierForChecks['funding'], limits: PublicAidLimits = DEFAULT_PUBLIC_AID_LIMITS): CheckItem[] {
  const field = FIELDS.coFunding;
  const bad = funding.otherPublicFunding.filter((f) => !isCents(f.amountCents) || blank(f.funder));
  if (bad.length > 0 || !isCents(funding.subsidisableCents) || !isCents(funding.grantCents)) {
    return [{ code: 'CO_FUNDING_INVALID', severity: 'blocking', field, message: 'Pour chaque cofinancement public, indiquez le financeur et un montant positif en euros et centimes.' }];
  }
  const others = funding.otherPublicFunding.reduce((s, f) => s + f.amountCents, 0);
  const publicAid = funding.grantCents + others;
  const spending = funding.subsidisableCents;
  const items: CheckItem[] = [];
  if (!shareAtMost(publicAid, spending, limits.maxPublicShare)) {
    items.push({
      code: 'PUBLIC_AID_ABOVE_SPENDING',
      severity: 'blocking',
      field,
      message:
        `Les aides publiques (${eur(publicAid)}, dont ${eur(funding.grantCents)} de subvention de l'État) dépassent ${pct(limits.maxPublicShare)} ` +
        `de la dépense subventionnable (${eur(spending)}) : réduisez les cofinancements déclarés.`,
    });
  } else if (funding.otherPublicFunding.length > 0) {
    const own = spending - publicAid;
    if (!shareAtMost(publicAid, spending, { numerator: limits.minOwnShareWithCoFunders.denominator - limits.minOwnShareWithCoFunders.numerator, denominator: limits.minOwnShareWithCoFunders.denominator })) {
      items.push({
        code: 'OWN_SHARE_BELOW_MINIMUM',
        severity: 'blocking',
        field,
        message:
          `Avec des cofinancements publics, la collectivité doit garder au moins ${pct(limits.minOwnShareWithCoFunders)} de la dépense subventionnable ` +
          `(${eur(spending)}) à sa charge ; il lui en reste ${eur(own)}. Réduisez les cofinancements déclarés.`,
      });
    }
  }
  return items;
}

function projectChecks(d: DossierForChecks): CheckItem[] {
  const items: CheckItem[] = [];
  if (d.objectives.length === 0) {
    items.push({ code: 'NO_OBJECTIVE', severity: 'blocking', field: FIELDS.objectives, message: 'Choisissez au moins un objectif du projet pédagogique et décrivez comment le projet le poursuit.' });
  }
  for (const o of d.objectives) {
    if (!isObjectiveCode(o.code)) {
      items.push({ code: 'UNKNOWN_OBJECTIVE', severity: 'blocking', field: FIELDS.objectives, message: `L'objectif « ${o.code} » n'existe pas : choisissez parmi les dix objectifs de l'appel.` });
    } else if (blank(o.text)) {
      items.push({ code: 'OBJECTIVE_TEXT_MISSING', severity: 'blocking', field: FIELDS.objective(o.code), message: `Décrivez comment le projet poursuit l'objectif « ${objectiveLabel(o.code)} ».` });
    }
  }
  if (blank(d.lendingPlan)) {
    items.push({ code: 'MISSING_LENDING_PLAN', severity: 'blocking', field: FIELDS.lendingPlan, message: 'Décrivez le plan de prêt des équipements mobiles aux familles non équipées.' });
  }
  if (!d.deliberationAttached) {
    items.push({ code: 'MISSING_DELIBERATION', severity: 'blocking', field: FIELDS.deliberation, message: "Joignez la délibération de l'assemblée (conseil municipal ou communautaire) qui approuve le projet." });
  }
  return items;
}

function organisationChecks(o: DossierForChecks['organisation']): CheckItem[] {
  const items: CheckItem[] = [];
  if (blank(o.signatoryName) || blank(o.signatoryCapacity)) {
    items.push({ code: 'MISSING_SIGNATORY', severity: 'blocking', field: FIELDS.signatory, message: 'Indiquez le nom et la qualité du signataire de la convention (par exemple : le maire).' });
  }
  if (blank(o.siret)) {
    items.push({ code: 'MISSING_SIRET', severity: 'blocking', field: FIELDS.siret, message: 'Indiquez le SIRET de la collectivité (14 chiffres).' });
  } else if (!isValidSiret(o.siret!.replace(/\s+/g, ''))) {
    items.push({ code: 'INVALID_SIRET', severity: 'blocking', field: FIELDS.siret, message: "Le SIRET de la collectivité n'est pas valide : vérifiez les 14 chiffres." });
  }
  if (blank(o.address)) {
    items.push({ code: 'MISSING_ADDRESS', severity: 'blocking', field: FIELDS.address, message: "Indiquez l'adresse de la collectivité." });
  }
  if (blank(o.iban)) {
    items.push({ code: 'MISSING_IBAN', severity: 'warning', field: FIELDS.iban, message: "Indiquez l'IBAN de la collectivité : il sera nécessaire pour les versements." });
  } else {
    const iban = validateIban(o.iban!);
    if (!iban.ok) items.push({ code: 'INVALID_IBAN', severity: 'blocking', field: FIELDS.iban, message: iban.message });
  }
  return items;
}

/** The co-signatures still required: one per school and required role. */
export function missingSignatures(
  schools: readonly Pick<CheckedSchool, 'uai' | 'name'>[],
  signatures: readonly Pick<CoSignature, 'uai' | 'role'>[],
  requiredRoles: readonly SignerRole[] = DEFAULT_REQUIRED_SIGNER_ROLES,
): { readonly uai: string; readonly role: SignerRole }[] {
  const missing: { uai: string; role: SignerRole }[] = [];
  for (const s of schools) {
    for (const role of requiredRoles) {
      if (!signatures.some((sig) => sig.uai === s.uai && sig.role === role)) missing.push({ uai: s.uai, role });
    }
  }
  return missing;
}

function signatureChecks(d: DossierForChecks, roles: readonly SignerRole[]): CheckItem[] {
  return missingSignatures(d.schools, d.signatures, roles).map(({ uai, role }) => {
    const school = d.schools.find((s) => s.uai === uai)!;
    return {
      code: MISSING_SIGNATURE_CODE,
      severity: 'blocking' as const,
      uai,
      field: FIELDS.school(uai, 'signatures'),
      message: `Le projet pédagogique de ${schoolName(school)} attend la cosignature de son ${SIGNER_ROLE_LABELS[role]} : invitez-le ou relancez-le.`,
    };
  });
}

/**
 * The completeness list, in the order of the dossier's pages: schools and diagnostics, budget (the
 * engine's findings first), pedagogical project, attachments, organisation, co-signatures.
 */
export function dossierChecks(dossier: DossierForChecks, findings: readonly FundingFindingLike[], params: CheckParameters = {}): CheckItem[] {
  return [
    ...schoolChecks(dossier),
    ...budgetChecks(dossier, findings, params.publicAidLimits ?? DEFAULT_PUBLIC_AID_LIMITS),
    ...projectChecks(dossier),
    ...organisationChecks(dossier.organisation),
    ...signatureChecks(dossier, params.requiredSignerRoles ?? DEFAULT_REQUIRED_SIGNER_ROLES),
  ];
}

export function blockingChecks(items: readonly CheckItem[]): CheckItem[] {
  return items.filter((i) => i.severity === 'blocking');
}

export function canSubmit(items: readonly CheckItem[]): boolean {
  return items.every((i) => i.severity !== 'blocking');
}
