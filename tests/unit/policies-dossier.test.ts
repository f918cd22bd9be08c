// Who may do what on a dossier, given the person's relation to it (src/policies/dossier.ts).
import { describe, expect, it } from 'vitest';
import { can, type Action, type Actor, type Subject } from '../../src/policies';
import type { DossierResource } from '../../src/policies/dossier';

const base: DossierResource = {
  organisationId: 'org-rennes', state: 'draft', departementCode: '35', academieCode: '14', membership: null, schoolRoles: [],
};
const clerk: Actor = { id: 'u1', role: 'applicant', scope: null };
const director: Actor = { id: 'u2', role: 'school', scope: null };
const reviewerRennes: Actor = { id: 'u3', role: 'reviewer', scope: 'academie:14' };
const reviewerCreteil: Actor = { id: 'u4', role: 'reviewer', scope: 'academie:24' };
const reviewerIlleEtVilaine: Actor = { id: 'u5', role: 'reviewer', scope: 'departements:35,56' };

const may = (user: Actor | null, action: Action, subject: Subject, r: Partial<DossierResource>) =>
  can(user, action, subject as 'dossier', { ...base, ...r });

describe('dossier policies', () => {
  it('lets the organisation admins and editors write, its readers only read, others nothing', () => {
    for (const membership of ['admin', 'editor'] as const) {
      for (const action of ['read', 'update', 'submit', 'delete'] as const) expect(may(clerk, action, 'dossier', { membership })).toBe(true);
    }
    expect(may(clerk, 'read', 'dossier', { membership: 'reader' })).toBe(true);
    expect(may(clerk, 'update', 'dossier', { membership: 'reader' })).toBe(false);
    expect(may(clerk, 'read', 'dossier', {})).toBe(false);
    expect(may(null, 'read', 'dossier', { membership: 'admin' })).toBe(false);
  });

  it('lets a school team see the dossier naming its school, fill that school’s diagnostic and sign for it only', () => {
    const schoolRoles = [{ uai: '0350592D', role: 'director' as const }];
    expect(may(director, 'read', 'dossier', { schoolRoles })).toBe(true);
    expect(may(director, 'update', 'dossier', { schoolRoles })).toBe(false);
    expect(may(director, 'update', 'dossier_diagnostic', { schoolRoles, uai: '0350592D' })).toBe(true);
    expect(may(director, 'update', 'dossier_diagnostic', { schoolRoles, uai: '0350593E' })).toBe(false);
    expect(may(director, 'create', 'dossier_signature', { schoolRoles, uai: '0350592D', role: 'director' })).toBe(true);
    expect(may(director, 'create', 'dossier_signature', { schoolRoles, uai: '0350592D', role: 'ien' })).toBe(false);
    expect(may(director, 'create', 'dossier_attachment', { schoolRoles })).toBe(false);
    expect(may(director, 'create', 'dossier_message', { schoolRoles })).toBe(true);
  });

  it("lets only the applicant's administrators revoke a pending invitation to a school team", () => {
    expect(may(clerk, 'delete', 'dossier_invitation', { membership: 'admin' })).toBe(true);
    expect(may(clerk, 'delete', 'dossier_invitation', { membership: 'admin', state: 'submitted' })).toBe(true);
    for (const membership of ['editor', 'reader', null] as const) expect(may(clerk, 'delete', 'dossier_invitation', { membership })).toBe(false);
    expect(may(director, 'delete', 'dossier_invitation', { schoolRoles: [{ uai: '0350592D', role: 'director' }] })).toBe(false);
    expect(may(reviewerRennes, 'delete', 'dossier_invitation', { state: 'submitted', membership: 'admin' })).toBe(false);
    expect(may(null, 'delete', 'dossier_invitation', { membership: 'admin' })).toBe(false);
    for (const action of ['read', 'create', 'update'] as const) expect(may(clerk, action, 'dossier_invitation', { membership: 'admin' })).toBe(false);
  });

  it('lets reviewers of the territory read and review submitted dossiers only, and nothing elsewhere', () => {
    expect(may(reviewerRennes, 'read', 'dossier', { state: 'draft' })).toBe(false);
    expect(may(reviewerRennes, 'read', 'dossier', { state: 'submitted' })).toBe(true);
    expect(may(reviewerRennes, 'review', 'dossier', { state: 'submitted' })).toBe(true);
    expect(may(reviewerIlleEtVilaine, 'review', 'dossier', { state: 'submitted' })).toBe(true);
    expect(may(reviewerCreteil, 'read', 'dossier', { state: 'submitted' })).toBe(false);
    expect(may(reviewerRennes, 'update', 'dossier', { state: 'submitted' })).toBe(false);
    expect(may(reviewerRennes, 'create', 'dossier_attachment', { state: 'submitted' })).toBe(false);
  });
});
