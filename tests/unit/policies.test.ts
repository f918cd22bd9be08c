// The who-may-what matrix of src/policies, read as a table: every (audience, action, subject)
// not listed here as allowed must be refused.
import { describe, expect, it } from 'vitest';
import {
  AUDIENCES, authorize, can, declaredRules, ForbiddenError,
  type Action, type Actor, type Audience, type Subject,
} from '../../src/policies';

const ACTIONS: Action[] = ['read', 'create', 'update', 'delete', 'submit', 'review', 'decide', 'import'];
const SUBJECTS: Subject[] = [
  'reference', 'simulation', 'account', 'session', 'outbox', 'organisation', 'membership',
  'dossier', 'dossier_diagnostic', 'dossier_message', 'dossier_attachment', 'dossier_signature', 'dossier_invitation',
  'review_queue', 'review_note', 'opinion', 'opinion_answer', 'decision_proposal', 'reviewer_account',
  'envelope', 'wave', 'agreement',
];

const SIGNED_IN = { reference: ['read'], simulation: ['create'], account: ['read', 'update'], session: ['create', 'delete'], outbox: ['read'] } satisfies Partial<Record<Subject, Action[]>>;

/** The expected matrix: audience → subject → allowed actions. */
const ALLOWED: Record<Audience, Partial<Record<Subject, Action[]>>> = {
  anonymous: { reference: ['read'], simulation: ['create'], account: ['create'], session: ['create'], outbox: ['read'] },
  applicant: { ...SIGNED_IN, organisation: ['create'] },
  school: SIGNED_IN,
  reviewer: SIGNED_IN,
  steering: { ...SIGNED_IN, envelope: ['read'] },
  admin: { ...SIGNED_IN, organisation: ['read', 'decide'], membership: ['read'], reviewer_account: ['read', 'create', 'update'], envelope: ['read', 'update'] },
};

/**
 * Rules that hold only for some resources (`audience action subject`): refused above without a
 * resource, tested with resources in their subject's test (tests/unit/policies-organisation.test.ts).
 */
const CONDITIONAL = new Set([
  ...(['applicant', 'school', 'reviewer', 'steering'] as const).flatMap((a) => [`${a} read organisation`, `${a} read membership`]),
  ...(['applicant', 'school', 'reviewer', 'steering', 'admin'] as const).flatMap((a) => [
    `${a} update organisation`, `${a} create membership`, `${a} update membership`, `${a} delete membership`,
  ]),
  // Dossiers: always through the person's relation to the dossier (tests/unit/policies-dossier.test.ts).
  ...(['applicant', 'school'] as const).flatMap((a) => [
    ...['read', 'create', 'update', 'delete', 'submit'].map((x) => `${a} ${x} dossier`),
    `${a} update dossier_diagnostic`, `${a} read dossier_message`, `${a} create dossier_message`,
    `${a} read dossier_attachment`, `${a} create dossier_attachment`, `${a} create dossier_signature`, `${a} delete dossier_invitation`,
  ]),
  'reviewer read dossier', 'reviewer review dossier', 'reviewer read dossier_message', 'reviewer create dossier_message',
  'reviewer read dossier_attachment',
  // Review (tests/integration/review): the reviewer's territory; the expert's link while the opinion is open.
  'reviewer read review_queue',
  ...['review_note', 'opinion', 'decision_proposal'].flatMap((x) => [`reviewer read ${x}`, `reviewer create ${x}`]),
  'reviewer delete opinion',
  ...(['anonymous', 'applicant', 'school', 'reviewer', 'steering', 'admin'] as const).flatMap((a) => [`${a} read opinion_answer`, `${a} update opinion_answer`]),
  // Waves and conventions (tests/integration/waves): the committee of the reviewer's académie, its
  // decision makers; the convention through the person's relation to the dossier.
  'reviewer read wave', 'reviewer decide wave', 'reviewer read agreement',
  ...(['applicant', 'school'] as const).flatMap((a) => [`${a} read agreement`, `${a} submit agreement`]),
]);

const actorOf = (audience: Audience): Actor | null =>
  audience === 'anonymous' ? null : { id: `user-${audience}`, role: audience, scope: null };

describe('policies matrix', () => {
  for (const audience of AUDIENCES) {
    for (const subject of SUBJECTS) {
      for (const action of ACTIONS) {
        const expected = ALLOWED[audience][subject]?.includes(action) ?? false;
        it(`${audience} ${expected ? 'may' : 'may not'} ${action} ${subject}`, () => {
          const user = actorOf(audience);
          expect(can(user, action, subject)).toBe(expected);
          if (expected) expect(() => authorize(user, action, subject)).not.toThrow();
          else expect(() => authorize(user, action, subject)).toThrow(ForbiddenError);
        });
      }
    }
  }

  it('declares no rule beyond the matrix', () => {
    for (const r of declaredRules()) {
      const key = `${r.audience} ${r.action} ${r.subject}`;
      if (r.conditional && CONDITIONAL.has(key)) continue;
      expect(ALLOWED[r.audience][r.subject], key).toContain(r.action);
    }
  });

  it('lets the reviewers of the dossier’s territory withdraw an opinion request (`delete opinion`), no one else', () => {
    const dossier = { organisationId: 'o', state: 'under_review', departementCode: '35', academieCode: '14', membership: null, schoolRoles: [] };
    const reviewer = (scope: string | null): Actor => ({ id: 'r', role: 'reviewer', scope });
    expect(can(reviewer('academie:14'), 'delete', 'opinion', dossier)).toBe(true);
    expect(can(reviewer('departements:35,22'), 'delete', 'opinion', dossier)).toBe(true);
    expect(can(reviewer('academie:24'), 'delete', 'opinion', dossier)).toBe(false);
    expect(can(reviewer('departements:29'), 'delete', 'opinion', dossier)).toBe(false);
    expect(can(reviewer(null), 'delete', 'opinion', dossier)).toBe(false);
    expect(can({ id: 'a', role: 'applicant', scope: null }, 'delete', 'opinion', { ...dossier, membership: 'admin' })).toBe(false);
    expect(can({ id: 'x', role: 'admin', scope: null }, 'delete', 'opinion', dossier)).toBe(false);
  });

  it('refuses with a typed error naming the action and subject, in French', () => {
    try {
      authorize(null, 'import', 'reference');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ForbiddenError);
      expect((e as ForbiddenError).statusCode).toBe(403);
      expect((e as ForbiddenError).action).toBe('import');
      expect((e as ForbiddenError).message).toMatch(/non autorisée/);
    }
  });
});
