import { describe, expect, it } from 'vitest';
import {
  DOSSIER_STATES,
  STATE_DISPLAY,
  TRANSITION_NAMES,
  availableTransitions,
  isEditable,
  transition,
  type ActorKind,
  type DossierState,
  type FindingLike,
  type TransitionContext,
  type TransitionName,
} from '../../../src/domain/dossier/lifecycle';

// The 2021 call: from 14 January 2021 00:00 to 31 March 2021 23:59:59, Paris time (UTC+1 in winter,
// UTC+2 from 28 March 2021: summer time).
const SNEE_2021 = [{ opensAt: '2021-01-13T23:00:00.000Z', closesAt: '2021-03-31T21:59:59.000Z' }];
const DURING = '2021-02-15T10:00:00.000Z';

/** The life of a dossier (DOMAIN.md §4), written out independently of the code's table. */
const ALLOWED: readonly [DossierState, TransitionName, DossierState][] = [
  ['draft', 'submit', 'submitted'],
  ['submitted', 'take', 'under_review'],
  ['under_review', 'return_for_changes', 'returned_for_changes'],
  ['returned_for_changes', 'resubmit', 'submitted'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['under_review', 'withdraw', 'withdrawn'],
  ['returned_for_changes', 'withdraw', 'withdrawn'],
  ['waiting_list', 'withdraw', 'withdrawn'],
  ['under_review', 'accept', 'accepted'],
  ['waiting_list', 'accept', 'accepted'],
  ['under_review', 'put_on_waiting_list', 'waiting_list'],
  ['under_review', 'reject', 'rejected'],
  ['waiting_list', 'reject', 'rejected'],
  ['accepted', 'sign_agreement', 'agreement_signed'],
  ['agreement_signed', 'pay_advance', 'advance_paid'],
  ['agreement_signed', 'pay_instalment', 'instalment_paid'],
  ['advance_paid', 'pay_instalment', 'instalment_paid'],
  ['instalment_paid', 'pay_instalment', 'instalment_paid'],
  ['agreement_signed', 'pay_balance', 'balance_paid'],
  ['advance_paid', 'pay_balance', 'balance_paid'],
  ['instalment_paid', 'pay_balance', 'balance_paid'],
  ['balance_paid', 'close', 'closed'],
];

const ACTOR: Record<TransitionName, ActorKind> = {
  submit: 'applicant',
  resubmit: 'applicant',
  withdraw: 'applicant',
  sign_agreement: 'applicant',
  take: 'reviewer',
  return_for_changes: 'reviewer',
  accept: 'decider',
  put_on_waiting_list: 'decider',
  reject: 'decider',
  pay_advance: 'system',
  pay_instalment: 'system',
  pay_balance: 'system',
  close: 'system',
};

/** A context that satisfies every guard. */
function fullContext(name: TransitionName): TransitionContext {
  return {
    now: DURING,
    actor: ACTOR[name],
    periods: SNEE_2021,
    findings: [],
    reason: 'Motif détaillé',
    allocation: { equipmentCents: 2_450_00, servicesCents: 1_000_00 },
    payment: { amountCents: 100_00, allocatedMaximumCents: 3_450_00, paidBeforeCents: 0 },
  };
}

describe('transitions table', () => {
  it('has a French label and a DSFR badge for every state', () => {
    expect(Object.keys(STATE_DISPLAY).sort()).toEqual([...DOSSIER_STATES].sort());
    expect(STATE_DISPLAY.draft.label).toBe('Brouillon');
    expect(STATE_DISPLAY.submitted.label).toBe('Déposé');
    expect(STATE_DISPLAY.under_review.label).toBe('En instruction');
    expect(STATE_DISPLAY.returned_for_changes.label).toBe('À compléter');
    expect(STATE_DISPLAY.accepted).toMatchObject({ label: 'Retenu', badge: 'success' });
    expect(STATE_DISPLAY.waiting_list).toMatchObject({ label: "Liste d'attente", badge: 'warning' });
    expect(STATE_DISPLAY.rejected).toMatchObject({ label: 'Non retenu', badge: 'error' });
    expect(STATE_DISPLAY.withdrawn.label).toBe('Retiré');
    expect(STATE_DISPLAY.agreement_signed.label).toBe('Convention signée');
    for (const s of DOSSIER_STATES) expect(['info', 'success', 'warning', 'error', 'new']).toContain(STATE_DISPLAY[s].badge);
  });

  for (const [from, name, to] of ALLOWED) {
    it(`${from} —${name}→ ${to} (by the ${ACTOR[name]})`, () => {
      const result = transition(from, name, fullContext(name));
      expect(result).toMatchObject({ ok: true, from, to });
    });
  }

  const allowed = new Set(ALLOWED.map(([from, name]) => `${from}/${name}`));
  for (const from of DOSSIER_STATES) {
    for (const name of TRANSITION_NAMES) {
      if (allowed.has(`${from}/${name}`)) continue;
      it(`refuses ${name} from ${from}, saying so in French`, () => {
        const result = transition(from, name, fullContext(name));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.refusals).toHaveLength(1);
        expect(result.refusals[0].code).toBe('NOT_ALLOWED_FROM_STATE');
        expect(result.refusals[0].message).toContain(`à l'état « ${STATE_DISPLAY[from].label} »`);
      });
    }
  }

  it('lists what each kind of actor can do from a state', () => {
    expect(availableTransitions('under_review', 'decider').map((t) => t.name)).toEqual(['accept', 'put_on_waiting_list', 'reject']);
    expect(availableTransitions('under_review', 'applicant').map((t) => t.name)).toEqual(['withdraw']);
    expect(availableTransitions('closed')).toEqual([]);
    expect(isEditable('draft')).toBe(true);
    expect(isEditable('returned_for_changes')).toBe(true);
    expect(isEditable('submitted')).toBe(false);
  });

  it('refuses an unknown action and the wrong kind of actor', () => {
    const unknown = transition('draft', 'approve', fullContext('submit'));
    expect(unknown).toMatchObject({ ok: false, refusals: [{ code: 'UNKNOWN_TRANSITION', message: 'Action inconnue : « approve ».' }] });
    const wrong = transition('submitted', 'take', { ...fullContext('take'), actor: 'applicant' });
    expect(wrong).toMatchObject({ ok: false, refusals: [{ code: 'WRONG_ACTOR' }] });
    if (!wrong.ok) expect(wrong.refusals[0].message).toBe("Action impossible : « Prendre en charge l'instruction » revient à l'instructeur, pas à la collectivité.");
  });
});

describe('submission and the closing instant (Europe/Paris)', () => {
  const submitAt = (now: string, periods = SNEE_2021) => transition('draft', 'submit', { now, actor: 'applicant', periods, findings: [] });

  it('accepts a submission at 23:59:59 on 31 March 2021 Paris time (21:59:59Z), to the end of that second', () => {
    expect(submitAt('2021-03-31T21:59:59.000Z')).toMatchObject({ ok: true, to: 'submitted' });
    expect(submitAt('2021-03-31T21:59:59.999Z')).toMatchObject({ ok: true });
  });

  it('refuses it at midnight Paris time (22:00:00Z), naming the closing instant in Paris time', () => {
    const result = submitAt('2021-03-31T22:00:00.000Z');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusals.map((r) => r.code)).toEqual(['APPLICATION_CLOSED']);
    expect(result.refusals[0].message).toBe(
      'Le dépôt des dossiers est clos depuis le 31 mars 2021 à 23:59:59 (heure de Paris) : le dossier ne peut plus être déposé.',
    );
  });

  it('refuses it before the opening, and says when it opens (00:00 on 14 January 2021 Paris = 23:00Z the day before)', () => {
    const result = submitAt('2021-01-13T22:59:59.000Z');
    expect(result).toMatchObject({ ok: false, refusals: [{ code: 'APPLICATION_NOT_OPEN' }] });
    if (!result.ok) expect(result.refusals[0].message).toContain('il ouvrira le 14 janvier 2021 à 00:00:00 (heure de Paris)');
    expect(submitAt('2021-01-13T23:00:00.000Z')).toMatchObject({ ok: true });
  });

  it('handles a call that reopens: closed between its periods, open again in the second', () => {
    const periods = [...SNEE_2021, { opensAt: '2021-09-01T22:00:00.000Z', closesAt: '2021-10-15T21:59:59.000Z' }];
    const between = submitAt('2021-06-01T10:00:00.000Z', periods);
    expect(between).toMatchObject({ ok: false, refusals: [{ code: 'APPLICATION_NOT_OPEN' }] });
    if (!between.ok) expect(between.refusals[0].message).toContain('2 septembre 2021 à 00:00:00');
    expect(submitAt('2021-10-15T21:59:59.000Z', periods)).toMatchObject({ ok: true });
  });

  it('refuses when the call has no period', () => {
    expect(submitAt(DURING, [])).toMatchObject({ ok: false, refusals: [{ code: 'APPLICATION_NOT_OPEN', message: "Aucune période de dépôt n'est ouverte pour cet appel à projets." }] });
  });

  const blocking: FindingLike = {
    code: 'SCHOOL_BELOW_MINIMUM',
    severity: 'blocking',
    uai: '0350149X',
    message: "L'école Jean de la Varende déclare 3 000,00 € d'équipement, moins que le minimum de 3 500,00 € par école.",
  };
  const warning: FindingLike = { code: 'EQUIPMENT_ABOVE_CLASS_CAP', severity: 'warning', uai: '0350103X', message: 'Plafond dépassé.' };
  const signature: FindingLike = { code: 'MISSING_SIGNATURE', severity: 'blocking', uai: '0350103X', message: "Le projet de l'école 0350103X attend la cosignature de son directeur." };

  it('refuses while blocking findings stand, listing them; warnings do not block', () => {
    const result = transition('draft', 'submit', { now: DURING, actor: 'applicant', periods: SNEE_2021, findings: [warning, blocking] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusals).toHaveLength(1);
    expect(result.refusals[0]).toMatchObject({ code: 'BLOCKING_FINDINGS', items: [blocking] });
    expect(result.refusals[0].message).toContain('un point bloquant reste à corriger');
    expect(result.refusals[0].message).toContain(blocking.message);
    expect(transition('draft', 'submit', { now: DURING, actor: 'applicant', periods: SNEE_2021, findings: [warning] })).toMatchObject({ ok: true });
  });

  it('reports missing co-signatures apart, and every reason at once', () => {
    const result = transition('draft', 'submit', { now: '2021-04-01T08:00:00.000Z', actor: 'applicant', periods: SNEE_2021, findings: [blocking, signature] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusals.map((r) => r.code)).toEqual(['APPLICATION_CLOSED', 'BLOCKING_FINDINGS', 'MISSING_SIGNATURES']);
    expect(result.refusals[2].message).toContain('une cosignature manque');
    expect(result.refusals[2].items).toEqual([signature]);
  });

  it('lets a returned dossier be submitted again after the closing instant, but not with blocking findings', () => {
    const after = { now: '2021-05-10T08:00:00.000Z', actor: 'applicant' as const, periods: SNEE_2021 };
    expect(transition('returned_for_changes', 'resubmit', { ...after, findings: [] })).toMatchObject({ ok: true, to: 'submitted' });
    expect(transition('returned_for_changes', 'resubmit', { ...after, findings: [blocking] })).toMatchObject({ ok: false, refusals: [{ code: 'BLOCKING_FINDINGS' }] });
    expect(transition('returned_for_changes', 'submit', { ...after, findings: [] })).toMatchObject({ ok: false, refusals: [{ code: 'NOT_ALLOWED_FROM_STATE' }] });
  });
});

describe('reasons, decisions and payments', () => {
  it('needs a message to return for changes, a reason to withdraw, a motivation to reject', () => {
    const cases: [DossierState, TransitionName, string][] = [
      ['under_review', 'return_for_changes', 'Écrivez le message à la collectivité'],
      ['submitted', 'withdraw', 'Indiquez la raison du retrait'],
      ['under_review', 'reject', 'Motivez la décision'],
    ];
    for (const [from, name, text] of cases) {
      const result = transition(from, name, { ...fullContext(name), reason: '   ' });
      expect(result).toMatchObject({ ok: false, refusals: [{ code: 'REASON_REQUIRED' }] });
      if (!result.ok) expect(result.refusals[0].message).toContain(text);
    }
  });

  it('needs the maximum amount allocated per volet to accept', () => {
    const { allocation: _, ...ctx } = fullContext('accept');
    expect(transition('under_review', 'accept', ctx)).toMatchObject({ ok: false, refusals: [{ code: 'ALLOCATION_REQUIRED' }] });
    expect(transition('under_review', 'accept', { ...ctx, allocation: { equipmentCents: 0, servicesCents: 0 } })).toMatchObject({ ok: false });
    expect(transition('under_review', 'accept', { ...ctx, allocation: { equipmentCents: 10.5, servicesCents: 0 } })).toMatchObject({ ok: false });
  });

  it('keeps the advance within 30 % of the maximum, advance and instalments within 80 %, all payments within the maximum', () => {
    const pay = (from: DossierState, name: TransitionName, amountCents: number, paidBeforeCents: number) =>
      transition(from, name, { now: DURING, actor: 'system', payment: { amountCents, allocatedMaximumCents: 3_450_00, paidBeforeCents } });
    expect(pay('agreement_signed', 'pay_advance', 1_035_00, 0)).toMatchObject({ ok: true }); // exactly 30 %
    const advance = pay('agreement_signed', 'pay_advance', 1_035_01, 0);
    expect(advance).toMatchObject({ ok: false, refusals: [{ code: 'PAYMENT_ABOVE_LIMIT' }] });
    if (!advance.ok) expect(advance.refusals[0].message).toMatch(/l'avance à 1\s035,01\s€, au-delà de la limite de 1\s035,00\s€/);
    expect(pay('advance_paid', 'pay_instalment', 1_725_00, 1_035_00)).toMatchObject({ ok: true }); // 2 760 € = 80 %
    expect(pay('advance_paid', 'pay_instalment', 1_725_01, 1_035_00)).toMatchObject({ ok: false });
    expect(pay('instalment_paid', 'pay_balance', 690_00, 2_760_00)).toMatchObject({ ok: true, to: 'balance_paid' });
    expect(pay('instalment_paid', 'pay_balance', 690_01, 2_760_00)).toMatchObject({ ok: false });
    expect(pay('agreement_signed', 'pay_advance', 0, 0)).toMatchObject({ ok: false, refusals: [{ code: 'PAYMENT_REQUIRED' }] });
  });
});
