// The who-may-what matrix of src/policies, read as a table: every (audience, action, subject)
// not listed here as allowed must be refused.
import { describe, expect, it } from 'vitest';
import {
  AUDIENCES, authorize, can, declaredRules, ForbiddenError,
  type Action, type Actor, type Audience, type Subject,
} from '../../src/policies';

const ACTIONS: Action[] = ['read', 'create', 'update', 'delete', 'submit', 'review', 'decide', 'import'];
const SUBJECTS: Subject[] = ['reference'];

/** The expected matrix: audience → subject → allowed actions. */
const ALLOWED: Record<Audience, Partial<Record<Subject, Action[]>>> = {
  anonymous: { reference: ['read'] },
  applicant: { reference: ['read'] },
  school: { reference: ['read'] },
  reviewer: { reference: ['read'] },
  steering: { reference: ['read'] },
  admin: { reference: ['read'] },
};

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
      expect(ALLOWED[r.audience][r.subject], `${r.audience} ${r.action} ${r.subject}`).toContain(r.action);
    }
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
