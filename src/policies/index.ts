// Entry point of the policies: loads every subject's rules, then exposes the mechanism.
// Import from here (not from ./policy) so that all rules are registered.
import './reference';
import './account';
import './organisation';
import './dossier';
import './simulation';
import './review';
import './waves';

export {
  allow, authorize, can, declaredRules, ForbiddenError,
  AUDIENCES, EVERYONE, ROLES,
  type Action, type Actor, type Audience, type Role, type Subject, type Subjects,
} from './policy';
export { type OrganisationAccess } from './organisation';
export { type OpinionAccess } from './review';
export { type WaveResource } from './waves';
