// Organisations (collectivités) and their members. Decisions:
// - a clerk (role `applicant`) claims a collectivité (`create`); the platform's administrators see
//   every organisation (`read`) and confirm or refuse claims (`decide`);
// - members see their organisation, whatever their role (admin, editor, reader); nobody else does;
// - the legal details (SIRET, signatory, IBAN, address) are changed by the organisation's admins
//   only: the IBAN is where the State pays, so its change stays with those who manage the space;
//   editors build dossiers, readers read;
// - only admins invite, revoke a pending invitation (`delete` membership), change roles and remove
//   members, and only once the claim is confirmed (an unconfirmed claimant cannot bring others in).
import { allow, ROLES } from './policy';

/** An organisation as the rules see it: whether it is confirmed and the actor's role in it. */
export interface OrganisationAccess {
  id: string;
  confirmed: boolean;
  /** The actor's membership role, or null when the actor is not a member. */
  memberRole: 'admin' | 'editor' | 'reader' | null;
}

const isMember = (_u: unknown, o: OrganisationAccess | undefined) => o?.memberRole != null;
const isAdmin = (_u: unknown, o: OrganisationAccess | undefined) => o?.memberRole === 'admin';
const isConfirmedAdmin = (_u: unknown, o: OrganisationAccess | undefined) => o?.memberRole === 'admin' && o.confirmed;

// Membership decides, whatever the platform role of the member (a member is usually a clerk).
const MEMBERS = ROLES.filter((r) => r !== 'admin');

allow('applicant', 'create', 'organisation');
allow(MEMBERS, 'read', 'organisation', isMember);
allow('admin', ['read', 'decide'], 'organisation');
allow(ROLES, 'update', 'organisation', isAdmin);

allow(MEMBERS, 'read', 'membership', isMember);
allow('admin', 'read', 'membership');
allow(ROLES, ['create', 'update', 'delete'], 'membership', isConfirmedAdmin);
