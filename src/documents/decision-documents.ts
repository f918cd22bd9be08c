// What the decision letter and the convention of a dossier both read (issue 5): the call, the
// académie that decides, the applicant, its schools, the maximum amount allocated per volet, the wave,
// and the payment terms of DOMAIN.md §4 (décret 2018-514 art. 12), computed from the maximum.
import { applyRate, isCents, type Cents, type Rate } from '../domain/money';
import { formatInteger } from './format';
import type { PdfBuilder } from './pdf';

export type ApplicantKind = 'commune' | 'epci' | 'syndicat';

export interface DecisionDocumentInput {
  readonly call: { readonly id: string; readonly title: string; readonly ministry?: string; readonly amountBasis: 'TTC' | 'HT' };
  readonly academie: { readonly code: string; readonly name: string };
  readonly dossier: { readonly reference: string };
  readonly applicant: {
    readonly name: string;
    readonly kind: ApplicantKind;
    readonly siren: string;
    readonly departement?: string;
    readonly address?: string;
  };
  readonly signatory?: { readonly name: string; readonly capacity: string };
  readonly schools: readonly { readonly uai: string; readonly name: string; readonly commune: string; readonly classes: number; readonly pupils: number }[];
  /** Maximum amount of subsidy allocated, per volet. */
  readonly allocation: { readonly equipmentCents: Cents; readonly servicesCents: Cents };
  /** Spending declared per volet (the subsidisable spending the maxima are computed on). */
  readonly spending?: { readonly equipmentCents: Cents; readonly servicesCents: Cents };
  readonly wave: { readonly number: number; readonly decidedAt: string; readonly decidedBy: string };
  /** Payment limits (defaults: advance 30 %, advance and instalments 80 %). */
  readonly payment?: { readonly advance: Rate; readonly beforeBalance: Rate };
}

export const DEFAULT_PAYMENT_RATES = {
  advance: { numerator: 30, denominator: 100 },
  beforeBalance: { numerator: 80, denominator: 100 },
} as const satisfies { advance: Rate; beforeBalance: Rate };

export const KIND_LABEL: Readonly<Record<ApplicantKind, string>> = {
  commune: 'Commune',
  epci: 'Établissement public de coopération intercommunale (EPCI)',
  syndicat: 'Syndicat de communes',
};

export interface PaymentTerms {
  readonly totalCents: Cents;
  readonly advanceRate: Rate;
  readonly beforeBalanceRate: Rate;
  /** Largest advance at the start. */
  readonly advanceMaxCents: Cents;
  /** Largest sum of advance and instalments before the balance. */
  readonly beforeBalanceMaxCents: Cents;
}

export function paymentTerms(input: Pick<DecisionDocumentInput, 'allocation' | 'payment'>): PaymentTerms {
  const totalCents = input.allocation.equipmentCents + input.allocation.servicesCents;
  const advanceRate = input.payment?.advance ?? DEFAULT_PAYMENT_RATES.advance;
  const beforeBalanceRate = input.payment?.beforeBalance ?? DEFAULT_PAYMENT_RATES.beforeBalance;
  return { totalCents, advanceRate, beforeBalanceRate, advanceMaxCents: applyRate(totalCents, advanceRate), beforeBalanceMaxCents: applyRate(totalCents, beforeBalanceRate) };
}

export const percentOf = (r: Rate): string => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format((r.numerator / r.denominator) * 100)}\u00a0%`;

/** Programming errors, not user input. */
export function assertDecisionInput(input: DecisionDocumentInput): void {
  for (const [k, v] of [['allocation.equipmentCents', input.allocation.equipmentCents], ['allocation.servicesCents', input.allocation.servicesCents]] as const) {
    if (!isCents(v)) throw new RangeError(`${k}: centimes entiers positifs attendus, reçu ${v}`);
  }
  if (Number.isNaN(Date.parse(input.wave.decidedAt))) throw new RangeError(`wave.decidedAt: instant ISO invalide « ${input.wave.decidedAt} »`);
  if (!Number.isSafeInteger(input.wave.number) || input.wave.number < 1) throw new RangeError(`wave.number: entier ≥ 1 attendu, reçu ${input.wave.number}`);
}

/** The table of the project's schools, the same in the decision letter and the convention. */
export function schoolsTable(pdf: PdfBuilder, schools: DecisionDocumentInput['schools'], caption: string): void {
  pdf.table({
    caption,
    rowHeaderColumn: 1,
    columns: [{ header: 'UAI', width: 60 }, { header: 'École', width: 180 }, { header: 'Commune', width: 100 }, { header: 'Classes', width: 50, align: 'right' }, { header: 'Élèves', width: 50, align: 'right' }],
    rows: schools.map((s) => [s.uai, s.name, s.commune, formatInteger(s.classes), formatInteger(s.pupils)]),
  });
}
