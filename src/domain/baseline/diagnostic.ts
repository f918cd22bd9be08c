// The shared diagnostic of a school against the référentiel (DOMAIN.md §3, issue 4): what exists
// today, what the project adds, and the gaps, computed (never typed). Pure functions.

import { expectedQuantity, type BaselineItem, type BaselineScope, type ExpectedQuantityParameters, type Referential } from './referential';

/**
 * One answer of a school's diagnostic for an item of the référentiel. An item with alternatives
 * (projector | VPI | TNI | ENI) may have one entry per alternative: their quantities add up to
 * one need. `notPlanned` says that what is still missing after the project is knowingly not
 * planned (« non prévu »).
 */
export interface DiagnosticEntry {
  readonly item: string;
  readonly alternative?: string;
  /** Quantity in place today (« présent »). */
  readonly present: number;
  /** Quantity the project brings (« apporté par le projet »). */
  readonly added: number;
  readonly notPlanned?: boolean;
}

export interface SchoolDiagnosticInput {
  readonly uai: string;
  readonly name?: string;
  /** Classes of cycles 2-3. */
  readonly classes: number;
  readonly entries: readonly DiagnosticEntry[];
}

export type ItemStatus =
  /** No entry for the item. */
  | 'unanswered'
  /** Covered today. */
  | 'present'
  /** Covered once the project is done. */
  | 'added'
  /** Still missing after the project, declared not planned. */
  | 'not_planned'
  /** Still missing after the project, not declared as such. */
  | 'partial';

export interface AlternativeQuantities {
  readonly code: string;
  readonly present: number;
  readonly added: number;
}

export interface ItemDiagnostic {
  readonly item: string;
  readonly label: string;
  readonly scope: BaselineScope;
  readonly volet: 1 | 2;
  readonly mandatory: boolean;
  readonly answered: boolean;
  readonly expected: number;
  readonly present: number;
  readonly added: number;
  /** max(0, expected − present). */
  readonly gapBefore: number;
  /** max(0, expected − present − added). */
  readonly gapAfter: number;
  readonly status: ItemStatus;
  /** Quantities per alternative, for items that have alternatives. */
  readonly alternatives?: readonly AlternativeQuantities[];
}

export interface DiagnosticProblem {
  readonly item: string;
  readonly message: string;
}

export interface SchoolDiagnostic {
  readonly uai: string;
  readonly name?: string;
  readonly classes: number;
  readonly items: readonly ItemDiagnostic[];
  /** Every mandatory item answered and no malformed entry. */
  readonly filled: boolean;
  /** Codes of the mandatory items without an answer. */
  readonly unanswered: readonly string[];
  /** Malformed entries (unknown item or alternative, bad quantities); they are ignored. */
  readonly problems: readonly DiagnosticProblem[];
  /** All mandatory items covered today (« socle déjà atteint »). */
  readonly atBaselineBefore: boolean;
  /** All mandatory items covered after the project (« socle atteint après le projet »). */
  readonly atBaselineAfter: boolean;
  /** Mandatory items still missing today / after the project. */
  readonly missingBefore: readonly string[];
  readonly missingAfter: readonly string[];
  /**
   * Distance from the socle before the project, 0..1: the share of mandatory needs missing, each
   * mandatory item counting as one need, partly missing in proportion (gapBefore / expected).
   */
  readonly distance: number;
  /** Number of mandatory needs the distance is computed on (items expected in quantity > 0). */
  readonly mandatoryNeeds: number;
}

export type DiagnosticParameters = ExpectedQuantityParameters;

const isQuantity = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function itemDiagnostic(item: BaselineItem, classes: number, entries: readonly DiagnosticEntry[], params: DiagnosticParameters): ItemDiagnostic {
  const expected = expectedQuantity(item, classes, params);
  const present = entries.reduce((s, e) => s + e.present, 0);
  const added = entries.reduce((s, e) => s + e.added, 0);
  const answered = entries.length > 0;
  const gapBefore = Math.max(0, expected - present);
  const gapAfter = Math.max(0, expected - present - added);
  const notPlanned = entries.some((e) => e.notPlanned === true);
  const status: ItemStatus = !answered
    ? 'unanswered'
    : gapBefore === 0
      ? 'present'
      : gapAfter === 0
        ? 'added'
        : notPlanned
          ? 'not_planned'
          : 'partial';
  const alternatives = item.alternatives?.map((code) => {
    const own = entries.filter((e) => e.alternative === code);
    return { code, present: own.reduce((s, e) => s + e.present, 0), added: own.reduce((s, e) => s + e.added, 0) };
  });
  return {
    item: item.code,
    label: item.label,
    scope: item.scope,
    volet: item.volet,
    mandatory: item.mandatory,
    answered,
    expected,
    present,
    added,
    gapBefore,
    gapAfter,
    status,
    ...(alternatives === undefined ? {} : { alternatives }),
  };
}

/** Sorts a school's entries by item, setting aside (and describing) the malformed ones. */
function groupEntries(referential: Referential, entries: readonly DiagnosticEntry[]): { byItem: Map<string, DiagnosticEntry[]>; problems: DiagnosticProblem[] } {
  const byItem = new Map<string, DiagnosticEntry[]>();
  const problems: DiagnosticProblem[] = [];
  for (const entry of entries) {
    const item = referential.items.find((i) => i.code === entry.item);
    if (item === undefined) {
      problems.push({ item: entry.item, message: `L'élément « ${entry.item} » n'existe pas dans le référentiel ${referential.id}.` });
      continue;
    }
    if (entry.alternative !== undefined && !(item.alternatives ?? []).includes(entry.alternative)) {
      problems.push({ item: item.code, message: `« ${entry.alternative} » n'est pas une variante de l'élément « ${item.label} ».` });
      continue;
    }
    if (!isQuantity(entry.present) || !isQuantity(entry.added)) {
      problems.push({ item: item.code, message: `Les quantités de « ${item.label} » doivent être des nombres entiers positifs ou nuls.` });
      continue;
    }
    const list = byItem.get(item.code) ?? [];
    list.push(entry);
    byItem.set(item.code, list);
  }
  return { byItem, problems };
}

/** The diagnostic of one school: per item, expected quantity, gaps and status; the socle before and after. */
export function diagnoseSchool(referential: Referential, school: SchoolDiagnosticInput, params: DiagnosticParameters = {}): SchoolDiagnostic {
  const classes = isQuantity(school.classes) ? school.classes : 0;
  const { byItem, problems } = groupEntries(referential, school.entries);
  const items = referential.items.map((item) => itemDiagnostic(item, classes, byItem.get(item.code) ?? [], params));
  const mandatory = items.filter((i) => i.mandatory);
  const needs = mandatory.filter((i) => i.expected > 0);
  const missing = needs.reduce((s, i) => s + i.gapBefore / i.expected, 0);
  const unanswered = mandatory.filter((i) => !i.answered).map((i) => i.item);
  return {
    uai: school.uai,
    ...(school.name === undefined ? {} : { name: school.name }),
    classes,
    items,
    filled: unanswered.length === 0 && problems.length === 0,
    unanswered,
    problems,
    atBaselineBefore: mandatory.every((i) => i.gapBefore === 0),
    atBaselineAfter: mandatory.every((i) => i.gapAfter === 0),
    missingBefore: mandatory.filter((i) => i.gapBefore > 0).map((i) => i.item),
    missingAfter: mandatory.filter((i) => i.gapAfter > 0).map((i) => i.item),
    distance: needs.length === 0 ? 0 : missing / needs.length,
    mandatoryNeeds: needs.length,
  };
}

export interface ItemTotals {
  readonly item: string;
  readonly label: string;
  readonly mandatory: boolean;
  readonly expected: number;
  readonly present: number;
  readonly added: number;
  readonly gapBefore: number;
  readonly gapAfter: number;
}

export interface DossierDiagnosticSummary {
  readonly schools: number;
  /** Schools whose diagnostic is filled. */
  readonly filled: number;
  readonly atBaselineBefore: number;
  readonly atBaselineAfter: number;
  /** Every school reaches the socle after the project (false for a dossier without schools). */
  readonly allAtBaselineAfter: boolean;
  /** Mean of the schools' distances from the socle (0..1), 0 without schools. */
  readonly averageDistance: number;
  /** Quantities added up over the schools, per item of the référentiel. */
  readonly items: readonly ItemTotals[];
}

/** The dossier's view of its schools' diagnostics. */
export function summarizeDiagnostics(referential: Referential, schools: readonly SchoolDiagnostic[]): DossierDiagnosticSummary {
  const items = referential.items.map((item): ItemTotals => {
    const rows = schools.map((s) => s.items.find((i) => i.item === item.code)!);
    const sum = (k: 'expected' | 'present' | 'added' | 'gapBefore' | 'gapAfter'): number => rows.reduce((t, r) => t + r[k], 0);
    return {
      item: item.code,
      label: item.label,
      mandatory: item.mandatory,
      expected: sum('expected'),
      present: sum('present'),
      added: sum('added'),
      gapBefore: sum('gapBefore'),
      gapAfter: sum('gapAfter'),
    };
  });
  const count = (f: (s: SchoolDiagnostic) => boolean): number => schools.filter(f).length;
  return {
    schools: schools.length,
    filled: count((s) => s.filled),
    atBaselineBefore: count((s) => s.atBaselineBefore),
    atBaselineAfter: count((s) => s.atBaselineAfter),
    allAtBaselineAfter: schools.length > 0 && schools.every((s) => s.atBaselineAfter),
    averageDistance: schools.length === 0 ? 0 : schools.reduce((t, s) => t + s.distance, 0) / schools.length,
    items,
  };
}

/** Diagnoses every school of a dossier and sums them up. */
export function diagnoseDossier(
  referential: Referential,
  schools: readonly SchoolDiagnosticInput[],
  params: DiagnosticParameters = {},
): { readonly schools: readonly SchoolDiagnostic[]; readonly summary: DossierDiagnosticSummary } {
  const diagnosed = schools.map((s) => diagnoseSchool(referential, s, params));
  return { schools: diagnosed, summary: summarizeDiagnostics(referential, diagnosed) };
}
