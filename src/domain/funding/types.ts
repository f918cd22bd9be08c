// Shapes of the funding computation: a dossier's schools in, amounts, findings and explanation out.
// These are the shapes of the frozen `socle simulate` / `POST /api/v1/simulations` contract.

import type { Cents } from '../money';

/** A school of a dossier once its lines are totalled: what the rules read. */
export interface DossierSchool {
  readonly uai?: string;
  readonly commune?: string;
  readonly classes: number;
  readonly pupils: number;
  /** E(s): volet 1 spending. */
  readonly equipmentCents: Cents;
  /** S(s): volet 2 spending over two years. */
  readonly servicesCents: Cents;
}

export const FINDING_CODES = [
  'SCHOOL_BELOW_MINIMUM',
  'EQUIPMENT_ABOVE_CLASS_CAP',
  'COMMUNE_ABOVE_TIER_TOP',
  'SERVICES_ABOVE_PUPIL_CAP',
  'MISSING_EQUIPMENT_VOLET',
  'MISSING_SERVICES_VOLET',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'blocking' | 'warning';

export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  SCHOOL_BELOW_MINIMUM: 'blocking',
  EQUIPMENT_ABOVE_CLASS_CAP: 'warning',
  COMMUNE_ABOVE_TIER_TOP: 'warning',
  SERVICES_ABOVE_PUPIL_CAP: 'warning',
  MISSING_EQUIPMENT_VOLET: 'blocking',
  MISSING_SERVICES_VOLET: 'blocking',
};

/** A finding as the compiled rules produce it: what and where, no message yet. */
export interface RawFinding {
  readonly code: FindingCode;
  /** Index of the school concerned in the dossier's schools. */
  readonly school?: number;
  /** Tier group concerned: a commune code, null for the schools given without one. Absent: the dossier. */
  readonly commune?: string | null;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly uai?: string;
  readonly commune?: string;
  /** Index of the school concerned in `schools` (also when it has no UAI). */
  readonly school?: number;
  /** French message for the applicant. */
  readonly message: string;
}

export interface VoletAmounts {
  readonly spendingCents: Cents;
  readonly eligibleCents: Cents;
  readonly grantCents: Cents;
}

export interface SchoolAmounts {
  readonly uai?: string;
  readonly commune?: string;
  readonly classes: number;
  readonly pupils: number;
  /** False when the school is below the minimum: its amounts count for nothing. */
  readonly eligible: boolean;
  /**
   * Volet 1: its spending, eligible amount (after the cap per class), and its share of its group's
   * grant (pro rata of eligible amounts, to the cent, shares adding up to the group's grant).
   */
  readonly equipment: VoletAmounts;
  /**
   * Volet 2: its spending, the amount it brings to the dossier (after the cap per pupil when that
   * cap is per school), and its share of the volet 2 grant (pro rata, adding up exactly).
   */
  readonly services: VoletAmounts;
}

export interface CommuneAmounts {
  /** INSEE code as given; null for the schools given without a commune. */
  readonly commune: string | null;
  /** Number of its schools retained (above the minimum). */
  readonly retainedSchools: number;
  /** Σ eligibleE(s) of its retained schools. */
  readonly eligibleCents: Cents;
  /** base(c) and grantE(c) when tiers apply per commune; null when they apply to the whole dossier. */
  readonly baseCents: Cents | null;
  readonly grantCents: Cents | null;
}

/** What the compiled rules compute: amounts and findings, without messages or explanation. */
export interface FundingAmounts {
  readonly grantCents: Cents;
  readonly equipment: VoletAmounts;
  readonly services: VoletAmounts;
  readonly schools: readonly SchoolAmounts[];
  readonly communes: readonly CommuneAmounts[];
  readonly findings: readonly RawFinding[];
}

/** One step of the explanation: which rule, on which figures, gave which amount. */
export interface ExplanationEntry {
  readonly rule:
    | 'school-minimum'
    | 'equipment-class-cap'
    | 'equipment-base'
    | 'equipment-tiers'
    | 'services-pupil-cap'
    | 'services-rate'
    | 'grant-total'
    /** A reviewer's adjustment or exclusion of a budget line, before the rules (issue 5). */
    | 'reviewer-adjustment';
  /** Short French name of the rule. */
  readonly label: string;
  /** The figures the rule read (cents, counts, percentages, labels). */
  readonly inputs: Readonly<Record<string, number | string | null>>;
  readonly resultCents: Cents;
  /** The step in a French sentence. */
  readonly text: string;
}

export interface SimulationResult extends Omit<FundingAmounts, 'findings'> {
  readonly call: string;
  readonly amountBasis: 'TTC' | 'HT';
  readonly findings: readonly Finding[];
  readonly explanation: readonly ExplanationEntry[];
}

export interface FieldError {
  /** Path of the field, e.g. `schools[0].classes`; empty for the whole input. */
  readonly path: string;
  readonly message: string;
}

export interface SimulationError {
  readonly error: string;
  readonly fields: readonly FieldError[];
}
