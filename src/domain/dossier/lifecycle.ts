// The life of a dossier (DOMAIN.md §4) as data: states, named transitions, who performs them and
// which conditions they check. `transition()` is pure: the clock, the call's periods, the findings
// and the amounts are passed in. Recording who/when/why is the command's job (src/commands).

import { applyRate, formatEuros, type Cents } from '../money';
import { formatParis } from '../paris-time';

export const DOSSIER_STATES = [
  'draft',
  'submitted',
  'under_review',
  'returned_for_changes',
  'accepted',
  'waiting_list',
  'rejected',
  'withdrawn',
  'agreement_signed',
  'advance_paid',
  'instalment_paid',
  'balance_paid',
  'closed',
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

/** DSFR badge types (`fr-badge--info`, …). */
export type BadgeType = 'info' | 'success' | 'warning' | 'error' | 'new';

export interface StateDisplay {
  readonly label: string;
  readonly badge: BadgeType;
  /** One sentence for the applicant: where the dossier stands. */
  readonly description: string;
}

export const STATE_DISPLAY: Readonly<Record<DossierState, StateDisplay>> = {
  draft: { label: 'Brouillon', badge: 'new', description: "Le dossier est en cours de préparation ; il n'a pas été déposé." },
  submitted: { label: 'Déposé', badge: 'info', description: "Le dossier est déposé ; il attend d'être pris en charge par un instructeur." },
  under_review: { label: 'En instruction', badge: 'info', description: "Le dossier est en cours d'instruction par les services de l'académie." },
  returned_for_changes: { label: 'À compléter', badge: 'warning', description: "L'instructeur demande des compléments : modifiez le dossier puis déposez-le à nouveau." },
  accepted: { label: 'Retenu', badge: 'success', description: 'Le dossier est retenu, avec un montant maximum de subvention alloué ; la convention est à signer.' },
  waiting_list: { label: "Liste d'attente", badge: 'warning', description: "Le dossier n'a pas pu être retenu dans cette vague ; il sera réexaminé à la vague suivante." },
  rejected: { label: 'Non retenu', badge: 'error', description: "Le dossier n'est pas retenu ; la décision est motivée." },
  withdrawn: { label: 'Retiré', badge: 'error', description: 'Le dossier a été retiré par la collectivité.' },
  agreement_signed: { label: 'Convention signée', badge: 'success', description: 'La convention est signée ; les paiements se font sur justificatifs.' },
  advance_paid: { label: 'Avance versée', badge: 'success', description: "L'avance a été versée." },
  instalment_paid: { label: 'Acompte versé', badge: 'success', description: 'Un acompte a été versé.' },
  balance_paid: { label: 'Solde versé', badge: 'success', description: 'Le solde a été versé.' },
  closed: { label: 'Clôturé', badge: 'info', description: 'Le dossier est clôturé.' },
};

export const stateLabel = (state: DossierState): string => STATE_DISPLAY[state].label;

/** How any stored state shows: a state this version does not know shows as itself, neutral. */
export const displayOf = (state: string): StateDisplay => (isDossierState(state) ? STATE_DISPLAY[state] : { label: state, badge: 'info', description: '' });
export const stateBadge = (state: DossierState): BadgeType => STATE_DISPLAY[state].badge;

export function isDossierState(value: string): value is DossierState {
  return (DOSSIER_STATES as readonly string[]).includes(value);
}

/** Whether the applicant may edit the dossier's content in this state. */
export function isEditable(state: DossierState): boolean {
  return state === 'draft' || state === 'returned_for_changes';
}

export type ActorKind = 'applicant' | 'reviewer' | 'decider' | 'system';

export const ACTOR_LABELS: Readonly<Record<ActorKind, string>> = {
  applicant: 'la collectivité',
  reviewer: "l'instructeur",
  decider: "le décideur de l'académie",
  system: 'la plateforme',
};

/** Conditions a transition checks, besides its from-states and its actor. */
export type Guard =
  /** `ctx.now` falls in one of the call's application periods. */
  | 'application-open'
  /** No blocking item in `ctx.findings` (engine findings and completeness list). */
  | 'no-blocking-findings'
  /** `ctx.reason` is a non-empty text (message, motivation). */
  | 'reason'
  /** `ctx.allocation` gives the maximum amount per volet. */
  | 'allocation'
  /** `ctx.payment` fits the payment limits of décret 2018-514 art. 12. */
  | 'payment';

export const TRANSITION_NAMES = [
  'submit',
  'take',
  'return_for_changes',
  'resubmit',
  'withdraw',
  'accept',
  'put_on_waiting_list',
  'reject',
  'sign_agreement',
  'pay_advance',
  'pay_instalment',
  'pay_balance',
  'close',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

export interface TransitionDefinition {
  readonly name: TransitionName;
  readonly from: readonly DossierState[];
  readonly to: DossierState;
  readonly actor: ActorKind;
  readonly guards: readonly Guard[];
  /** French label of the action (button, history). */
  readonly label: string;
}

const PAYABLE: readonly DossierState[] = ['agreement_signed', 'advance_paid', 'instalment_paid'];

export const TRANSITIONS: Readonly<Record<TransitionName, TransitionDefinition>> = {
  submit: { name: 'submit', from: ['draft'], to: 'submitted', actor: 'applicant', guards: ['application-open', 'no-blocking-findings'], label: 'Déposer le dossier' },
  take: { name: 'take', from: ['submitted'], to: 'under_review', actor: 'reviewer', guards: [], label: "Prendre en charge l'instruction" },
  return_for_changes: { name: 'return_for_changes', from: ['under_review'], to: 'returned_for_changes', actor: 'reviewer', guards: ['reason'], label: 'Demander des compléments' },
  // After a return for changes the call is usually closed: the deadline does not apply again.
  resubmit: { name: 'resubmit', from: ['returned_for_changes'], to: 'submitted', actor: 'applicant', guards: ['no-blocking-findings'], label: 'Déposer à nouveau le dossier' },
  withdraw: { name: 'withdraw', from: ['submitted', 'under_review', 'returned_for_changes', 'waiting_list'], to: 'withdrawn', actor: 'applicant', guards: ['reason'], label: 'Retirer le dossier' },
  accept: { name: 'accept', from: ['under_review', 'waiting_list'], to: 'accepted', actor: 'decider', guards: ['allocation'], label: 'Retenir le dossier' },
  put_on_waiting_list: { name: 'put_on_waiting_list', from: ['under_review'], to: 'waiting_list', actor: 'decider', guards: [], label: "Placer sur liste d'attente" },
  reject: { name: 'reject', from: ['under_review', 'waiting_list'], to: 'rejected', actor: 'decider', guards: ['reason'], label: 'Ne pas retenir le dossier' },
  sign_agreement: { name: 'sign_agreement', from: ['accepted'], to: 'agreement_signed', actor: 'applicant', guards: [], label: 'Accepter la convention' },
  pay_advance: { name: 'pay_advance', from: ['agreement_signed'], to: 'advance_paid', actor: 'system', guards: ['payment'], label: "Verser l'avance" },
  pay_instalment: { name: 'pay_instalment', from: PAYABLE, to: 'instalment_paid', actor: 'system', guards: ['payment'], label: 'Verser un acompte' },
  pay_balance: { name: 'pay_balance', from: PAYABLE, to: 'balance_paid', actor: 'system', guards: ['payment'], label: 'Verser le solde' },
  close: { name: 'close', from: ['balance_paid'], to: 'closed', actor: 'system', guards: [], label: 'Clôturer le dossier' },
};

export function isTransitionName(value: string): value is TransitionName {
  return (TRANSITION_NAMES as readonly string[]).includes(value);
}

/** The transitions possible from a state, optionally for one kind of actor (to show the buttons). */
export function availableTransitions(state: DossierState, actor?: ActorKind): TransitionDefinition[] {
  return TRANSITION_NAMES.map((n) => TRANSITIONS[n]).filter((t) => t.from.includes(state) && (actor === undefined || t.actor === actor));
}

/** Application period of a call: UTC ISO instants, the closing second included whole. */
export interface PeriodLike {
  readonly opensAt: string;
  readonly closesAt: string;
}

/** A finding or a completeness item, typed structurally (engine findings and checks.ts items fit). */
export interface FindingLike {
  readonly code: string;
  readonly severity: 'blocking' | 'warning';
  readonly message: string;
  readonly uai?: string;
  readonly commune?: string;
  readonly field?: string;
}

/** An exact fraction: 30 % is {numerator: 30, denominator: 100}. */
export interface RateLike {
  readonly numerator: number;
  readonly denominator: number;
}

export interface PaymentLimits {
  /** Advance at the start: at most this share of the maximum allocated (décret 2018-514: 30 %). */
  readonly advance: RateLike;
  /** Advance and instalments together: at most this share before the balance (80 %). */
  readonly beforeBalance: RateLike;
}

export const DEFAULT_PAYMENT_LIMITS: PaymentLimits = {
  advance: { numerator: 30, denominator: 100 },
  beforeBalance: { numerator: 80, denominator: 100 },
};

export interface TransitionContext {
  /** The instant of the request, UTC ISO. */
  readonly now: string;
  /** Who performs it. */
  readonly actor: ActorKind;
  /** The call's application periods (for `submit`). */
  readonly periods?: readonly PeriodLike[];
  /**
   * Engine findings and the completeness list (checks.ts): the blocking ones refuse a submission.
   * Items coded `MISSING_SIGNATURE` are reported as missing co-signatures.
   */
  readonly findings?: readonly FindingLike[];
  /** Message, motivation or reason, for the transitions that need one. */
  readonly reason?: string;
  /** Maximum amount allocated per volet (for `accept`). */
  readonly allocation?: { readonly equipmentCents: Cents; readonly servicesCents: Cents };
  /** The payment being recorded (for `pay_*`). */
  readonly payment?: {
    readonly amountCents: Cents;
    readonly allocatedMaximumCents: Cents;
    /** Sum of the payments already made on this dossier. */
    readonly paidBeforeCents: Cents;
  };
  readonly paymentLimits?: PaymentLimits;
}

export type RefusalCode =
  | 'UNKNOWN_TRANSITION'
  | 'NOT_ALLOWED_FROM_STATE'
  | 'WRONG_ACTOR'
  | 'APPLICATION_NOT_OPEN'
  | 'APPLICATION_CLOSED'
  | 'BLOCKING_FINDINGS'
  | 'MISSING_SIGNATURES'
  | 'REASON_REQUIRED'
  | 'ALLOCATION_REQUIRED'
  | 'PAYMENT_REQUIRED'
  | 'PAYMENT_ABOVE_LIMIT';

export interface Refusal {
  readonly code: RefusalCode;
  /** French, says why and what to do. */
  readonly message: string;
  /** The findings behind it (blocking findings, missing signatures), with their fields. */
  readonly items?: readonly FindingLike[];
}

export type TransitionResult =
  | { readonly ok: true; readonly from: DossierState; readonly to: DossierState; readonly transition: TransitionDefinition }
  | { readonly ok: false; readonly from: DossierState; readonly refusals: readonly [Refusal, ...Refusal[]] };

/** « 31 mars 2021 à 23:59:59 », Paris time. */
export function formatParisInstant(iso: string): string {
  return formatParis(iso, 'instant');
}

/** Whether `now` is in a period: from `opensAt` to the end of the second `closesAt` names. */
export function isWithinPeriod(period: PeriodLike, now: string): boolean {
  const t = Date.parse(now);
  return t >= Date.parse(period.opensAt) && t < Date.parse(period.closesAt) + 1000;
}

function checkApplicationOpen(periods: readonly PeriodLike[] | undefined, now: string): Refusal | undefined {
  const list = periods ?? [];
  if (list.some((p) => isWithinPeriod(p, now))) return undefined;
  const t = Date.parse(now);
  const next = list.filter((p) => Date.parse(p.opensAt) > t).sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt))[0];
  if (next !== undefined) {
    return { code: 'APPLICATION_NOT_OPEN', message: `Le dépôt des dossiers n'est pas ouvert : il ouvrira le ${formatParisInstant(next.opensAt)} (heure de Paris).` };
  }
  const last = list.filter((p) => Date.parse(p.closesAt) < t).sort((a, b) => Date.parse(b.closesAt) - Date.parse(a.closesAt))[0];
  if (last !== undefined) {
    return { code: 'APPLICATION_CLOSED', message: `Le dépôt des dossiers est clos depuis le ${formatParisInstant(last.closesAt)} (heure de Paris) : le dossier ne peut plus être déposé.` };
  }
  return { code: 'APPLICATION_NOT_OPEN', message: "Aucune période de dépôt n'est ouverte pour cet appel à projets." };
}

export const MISSING_SIGNATURE_CODE = 'MISSING_SIGNATURE';

function checkFindings(findings: readonly FindingLike[] | undefined): Refusal[] {
  const blocking = (findings ?? []).filter((f) => f.severity === 'blocking');
  const signatures = blocking.filter((f) => f.code === MISSING_SIGNATURE_CODE);
  const others = blocking.filter((f) => f.code !== MISSING_SIGNATURE_CODE);
  const refusals: Refusal[] = [];
  if (others.length > 0) {
    refusals.push({
      code: 'BLOCKING_FINDINGS',
      message: `Le dossier ne peut pas être déposé : ${others.length === 1 ? 'un point bloquant reste' : `${others.length} points bloquants restent`} à corriger. ${others.map((f) => f.message).join(' ')}`,
      items: others,
    });
  }
  if (signatures.length > 0) {
    refusals.push({
      code: 'MISSING_SIGNATURES',
      message: `Le dossier ne peut pas être déposé : ${signatures.length === 1 ? 'une cosignature manque' : `${signatures.length} cosignatures manquent`}. ${signatures.map((f) => f.message).join(' ')}`,
      items: signatures,
    });
  }
  return refusals;
}

const REASON_MESSAGES: Partial<Record<TransitionName, string>> = {
  return_for_changes: 'Écrivez le message à la collectivité : il dit ce qui est à compléter ou à corriger.',
  withdraw: 'Indiquez la raison du retrait du dossier.',
  reject: 'Motivez la décision de ne pas retenir le dossier.',
};

function checkAllocation(allocation: TransitionContext['allocation']): Refusal | undefined {
  const ok =
    allocation !== undefined &&
    Number.isSafeInteger(allocation.equipmentCents) &&
    Number.isSafeInteger(allocation.servicesCents) &&
    allocation.equipmentCents >= 0 &&
    allocation.servicesCents >= 0 &&
    allocation.equipmentCents + allocation.servicesCents > 0;
  return ok ? undefined : { code: 'ALLOCATION_REQUIRED', message: 'Indiquez le montant maximum de subvention alloué pour chaque volet, en centimes entiers, non nul au total.' };
}

const eur = formatEuros;

function checkPayment(name: TransitionName, ctx: TransitionContext): Refusal | undefined {
  const p = ctx.payment;
  const valid = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
  if (p === undefined || !valid(p.amountCents) || !valid(p.allocatedMaximumCents) || !valid(p.paidBeforeCents) || p.amountCents === 0) {
    return { code: 'PAYMENT_REQUIRED', message: 'Indiquez le montant du versement, en centimes entiers positifs, avec le montant maximum alloué et les versements déjà faits.' };
  }
  const limits = ctx.paymentLimits ?? DEFAULT_PAYMENT_LIMITS;
  const total = p.paidBeforeCents + p.amountCents;
  const [limit, what] =
    name === 'pay_advance'
      ? [applyRate(p.allocatedMaximumCents, limits.advance), "l'avance"]
      : name === 'pay_instalment'
        ? [applyRate(p.allocatedMaximumCents, limits.beforeBalance), "l'avance et les acomptes"]
        : [p.allocatedMaximumCents, 'les versements'];
  if (total <= limit) return undefined;
  return {
    code: 'PAYMENT_ABOVE_LIMIT',
    message: `Ce versement porterait ${what} à ${eur(total)}, au-delà de la limite de ${eur(limit)} pour un montant maximum alloué de ${eur(p.allocatedMaximumCents)}.`,
  };
}

/**
 * Applies a named transition to a state. Returns the new state, or every reason of refusal (in
 * French, with the findings behind them). Pure: `ctx` carries the instant and the facts checked.
 */
export function transition(state: DossierState, name: string, ctx: TransitionContext): TransitionResult {
  if (!isTransitionName(name)) {
    return { ok: false, from: state, refusals: [{ code: 'UNKNOWN_TRANSITION', message: `Action inconnue : « ${name} ».` }] };
  }
  const def = TRANSITIONS[name];
  if (!def.from.includes(state)) {
    return {
      ok: false,
      from: state,
      refusals: [{ code: 'NOT_ALLOWED_FROM_STATE', message: `Action impossible : « ${def.label} » n'est pas permis pour un dossier à l'état « ${stateLabel(state)} ».` }],
    };
  }
  if (ctx.actor !== def.actor) {
    return {
      ok: false,
      from: state,
      refusals: [{ code: 'WRONG_ACTOR', message: `Action impossible : « ${def.label} » revient à ${ACTOR_LABELS[def.actor]}, pas à ${ACTOR_LABELS[ctx.actor]}.` }],
    };
  }
  const refusals: Refusal[] = [];
  for (const guard of def.guards) {
    switch (guard) {
      case 'application-open': {
        const r = checkApplicationOpen(ctx.periods, ctx.now);
        if (r) refusals.push(r);
        break;
      }
      case 'no-blocking-findings':
        refusals.push(...checkFindings(ctx.findings));
        break;
      case 'reason':
        if ((ctx.reason ?? '').trim() === '') refusals.push({ code: 'REASON_REQUIRED', message: REASON_MESSAGES[name] ?? 'Indiquez la raison de cette action.' });
        break;
      case 'allocation': {
        const r = checkAllocation(ctx.allocation);
        if (r) refusals.push(r);
        break;
      }
      case 'payment': {
        const r = checkPayment(name, ctx);
        if (r) refusals.push(r);
        break;
      }
    }
  }
  if (refusals.length > 0) return { ok: false, from: state, refusals: refusals as [Refusal, ...Refusal[]] };
  return { ok: true, from: state, to: def.to, transition: def };
}
