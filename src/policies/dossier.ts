// Who may do what on a dossier (issue 4; reviewers' rules grow with issue 5). The resource a rule
// receives carries the person's relation to the dossier, computed by src/data/dossiers.ts
// (`loadDossierAccess`): their role in the applicant organisation and their school-team roles.
//
//   applicant organisation: admin, editor → read, create, update, delete, submit; reader → read;
//     admin only → revoke a pending invitation to a school team (as only admins manage the
//     organisation's own members and invitations, src/policies/organisation.ts)
//   school team (director, IEN, ERUN of a school named in the dossier) → read; their school's
//     diagnostic; comment (messages); co-sign for their school and role
//   reviewer of the dossier's académie or département → read and review once submitted
import { allow, type Actor } from './policy';

export type OrganisationRole = 'admin' | 'editor' | 'reader';
export type SchoolTeamRole = 'director' | 'ien' | 'erun';

export interface DossierResource {
  readonly organisationId: string;
  readonly state: string;
  readonly departementCode: string;
  readonly academieCode: string | null;
  /** The person's role in the applicant organisation, if any. */
  readonly membership: OrganisationRole | null;
  /** The person's school-team roles in this dossier (invitations accepted). */
  readonly schoolRoles: readonly { readonly uai: string; readonly role: SchoolTeamRole }[];
  /** The school concerned (a diagnostic, a signature). */
  readonly uai?: string;
  /** The role signed for (a signature). */
  readonly role?: SchoolTeamRole;
}

const PEOPLE = ['applicant', 'school'] as const;

const member = (r: DossierResource | undefined): boolean => r?.membership != null;
const writer = (r: DossierResource | undefined): boolean => r?.membership === 'admin' || r?.membership === 'editor';
const team = (r: DossierResource | undefined): boolean => (r?.schoolRoles.length ?? 0) > 0;
const teamOfSchool = (r: DossierResource | undefined): boolean =>
  r?.uai !== undefined && r.schoolRoles.some((s) => s.uai === r.uai);
const signerFor = (r: DossierResource | undefined): boolean =>
  r?.uai !== undefined && r.role !== undefined && r.schoolRoles.some((s) => s.uai === r.uai && s.role === r.role);

/** A reviewer's scope: `academie:14` or `departements:35,56`. */
export function reviewerCovers(user: Actor | null, r: DossierResource | undefined): boolean {
  if (user === null || r === undefined || user.scope === null) return false;
  const [kind, value = ''] = user.scope.split(':');
  if (kind === 'academie') return r.academieCode !== null && value === r.academieCode;
  if (kind === 'departements') return value.split(',').map((v) => v.trim()).includes(r.departementCode);
  return false;
}
const reviewable = (user: Actor | null, r: DossierResource | undefined): boolean =>
  reviewerCovers(user, r) && r!.state !== 'draft';

allow(PEOPLE, 'read', 'dossier', (_u, r) => member(r) || team(r));
allow(PEOPLE, ['create', 'update', 'delete', 'submit'], 'dossier', (_u, r) => writer(r));
allow('reviewer', ['read', 'review'], 'dossier', reviewable);

allow(PEOPLE, 'update', 'dossier_diagnostic', (_u, r) => writer(r) || teamOfSchool(r));

allow(PEOPLE, 'read', 'dossier_message', (_u, r) => member(r) || team(r));
allow(PEOPLE, 'create', 'dossier_message', (_u, r) => writer(r) || team(r));
allow('reviewer', ['read', 'create'], 'dossier_message', reviewable);

allow(PEOPLE, 'read', 'dossier_attachment', (_u, r) => member(r) || team(r));
allow(PEOPLE, 'create', 'dossier_attachment', (_u, r) => writer(r));
allow('reviewer', 'read', 'dossier_attachment', reviewable);

allow(PEOPLE, 'create', 'dossier_signature', (_u, r) => signerFor(r));

allow(PEOPLE, 'delete', 'dossier_invitation', (_u, r) => r?.membership === 'admin');
