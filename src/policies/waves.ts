// Waves within the envelope, decisions and conventions (issue 5). Decisions:
// - the national administrator (`admin`) sets each académie's envelope; the national steering
//   (`steering`) reads them;
// - the committee of an académie is seen by the reviewers whose scope is that académie
//   (`academie:NN`); a wave is decided only by the académie's decision maker: a reviewer of the
//   académie listed in the `deciders` table (migration 005) — the resource says whether the actor is;
// - the convention of a dossier is read by the applicant's members and the reviewers of its
//   territory; it is accepted (`submit`) only by an admin of the applicant organisation, who commits
//   the collectivité (as for its IBAN).
import { reviewerCovers, type DossierResource } from './dossier';
import { allow, type Actor } from './policy';

/** The committee of an académie, with whether the actor is one of its decision makers. */
export interface WaveResource {
  readonly academieCode: string;
  /** True when the actor is listed as a decision maker of this académie. */
  readonly decider: boolean;
}

/** A reviewer whose scope is exactly the académie (`academie:NN`). */
export function academieReviewer(user: Actor | null, academieCode: string | undefined): boolean {
  if (user === null || academieCode === undefined || user.scope === null) return false;
  const [kind, value = ''] = user.scope.split(':');
  return kind === 'academie' && value === academieCode;
}

allow('admin', ['read', 'update'], 'envelope');
allow('steering', 'read', 'envelope');

allow('reviewer', 'read', 'wave', (u, r) => academieReviewer(u, r?.academieCode));
allow('reviewer', 'decide', 'wave', (u, r) => academieReviewer(u, r?.academieCode) && r?.decider === true);

const PEOPLE = ['applicant', 'school'] as const;
const decided = (r: DossierResource | undefined): boolean => r !== undefined && r.state !== 'draft';
allow(PEOPLE, 'read', 'agreement', (_u, r) => r?.membership != null);
allow(PEOPLE, 'submit', 'agreement', (_u, r) => r?.membership === 'admin');
allow('reviewer', 'read', 'agreement', (u, r) => reviewerCovers(u, r) && decided(r));
