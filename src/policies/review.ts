// Who may do what in the review of dossiers (issue 5: teams, queues, reviewing a dossier).
//
//   reviewer with a territory (scope)   → the queues of their territory and their exports
//   reviewer of the dossier's territory → private notes, opinions (ask, read, withdraw), decision proposals,
//                                         once the dossier is submitted (never a draft)
//   expert holding an opinion link      → read the dossier asked about and answer, while open
//                                         (any audience: the link is the credential)
//   platform administrator              → reviewer accounts
//
// Applicants and school teams have no rule here: they never see private notes, opinions or proposals.
import { reviewerCovers, type DossierResource } from './dossier';
import { allow, EVERYONE } from './policy';

/** An opinion as its expert reaches it through the link. */
export interface OpinionAccess {
  /** Not answered, not withdrawn, deadline not passed. */
  readonly open: boolean;
}

const reviewable = (user: Parameters<typeof reviewerCovers>[0], r: DossierResource | undefined): boolean =>
  reviewerCovers(user, r) && r!.state !== 'draft';

allow('reviewer', 'read', 'review_queue', (user) => user !== null && user.scope !== null && user.scope !== '');
allow('reviewer', ['read', 'create'], 'review_note', reviewable);
allow('reviewer', ['read', 'create'], 'opinion', reviewable);
// Withdrawing an opinion request (`delete`): the reviewer who asked it or their team, that is the reviewers
// of the dossier's territory; the command refuses one no longer open.
allow('reviewer', 'delete', 'opinion', reviewable);
allow('reviewer', ['read', 'create'], 'decision_proposal', reviewable);
allow(EVERYONE, ['read', 'update'], 'opinion_answer', (_u, r) => r?.open === true);
// `update`: the administrator makes a reviewer of a whole académie its decider (committee), or not.
allow('admin', ['read', 'create', 'update'], 'reviewer_account');
