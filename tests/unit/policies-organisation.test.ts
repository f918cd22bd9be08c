// The organisation rules with resources: members see their organisation; only its admins change the
// legal details; only its admins invite, change roles and remove members, once the claim is confirmed;
// a non-member sees nothing; the platform admin sees all and decides claims.
import { describe, expect, it } from 'vitest';
import { can, type Actor, type OrganisationAccess } from '../../src/policies';

const applicant: Actor = { id: 'u1', role: 'applicant', scope: null };
const admin: Actor = { id: 'a1', role: 'admin', scope: null };
const org = (memberRole: OrganisationAccess['memberRole'], confirmed = true): OrganisationAccess => ({ id: 'o1', confirmed, memberRole });

describe('organisation policy', () => {
  it.each([
    ['admin', true, true, true],
    ['editor', true, false, false],
    ['reader', true, false, false],
    [null, false, false, false],
  ] as const)('member role %s: read %s, update legal details %s, manage members %s', (role, read, update, manage) => {
    expect(can(applicant, 'read', 'organisation', org(role))).toBe(read);
    expect(can(applicant, 'read', 'membership', org(role))).toBe(read);
    expect(can(applicant, 'update', 'organisation', org(role))).toBe(update);
    for (const action of ['create', 'update', 'delete'] as const) expect(can(applicant, action, 'membership', org(role))).toBe(manage);
  });

  it('an unconfirmed claim: its admin edits legal details but invites nobody yet (nor revokes an invitation)', () => {
    expect(can(applicant, 'update', 'organisation', org('admin', false))).toBe(true);
    expect(can(applicant, 'create', 'membership', org('admin', false))).toBe(false);
    expect(can(applicant, 'delete', 'membership', org('admin', false))).toBe(false);
  });

  it('a school member of an organisation is governed by the membership, not the platform role', () => {
    const school: Actor = { id: 's1', role: 'school', scope: null };
    expect(can(school, 'read', 'organisation', org('reader'))).toBe(true);
    expect(can(school, 'read', 'organisation', org(null))).toBe(false);
    expect(can(school, 'create', 'organisation')).toBe(false);
  });

  it('the platform admin reads every organisation and decides claims, without changing them', () => {
    expect(can(admin, 'read', 'organisation', org(null))).toBe(true);
    expect(can(admin, 'decide', 'organisation', org(null, false))).toBe(true);
    expect(can(admin, 'update', 'organisation', org(null))).toBe(false);
    expect(can(admin, 'create', 'membership', org(null))).toBe(false);
    expect(can(applicant, 'decide', 'organisation', org('admin', false))).toBe(false);
    expect(can(null, 'read', 'organisation', org(null))).toBe(false);
  });
});
