// The authorization mechanism (DESIGN.md, after Outline's server/policies): a list of small
// declarative rules `allow(role, action, subject, condition?)`, one file per subject, and
// `authorize(user, action, subject, resource?)` called by every route. Nothing is allowed unless a
// rule says so.
import type { DossierResource } from './dossier';

import type { OrganisationAccess } from './organisation';
import type { OpinionAccess } from './review';
import type { WaveResource } from './waves';

export const ROLES = ['admin', 'steering', 'reviewer', 'applicant', 'school'] as const;
export type Role = (typeof ROLES)[number];
/** Who a rule is written for: a role of a signed-in user, or a visitor without an account. */
export type Audience = Role | 'anonymous';
export const AUDIENCES: readonly Audience[] = ['anonymous', ...ROLES];
/** Everyone, signed in or not. */
export const EVERYONE: readonly Audience[] = AUDIENCES;

/** The part of a user the rules look at. */
export interface Actor {
  id: string;
  role: Role;
  /** Territory or organisation the user acts for (an académie code, a SIREN, a UAI…), when any. */
  scope: string | null;
  /** The signed-in user's e-mail and name (set by the session; absent in hand-built actors). */
  email?: string;
  displayName?: string;
}

/**
 * The subjects rules are written about, with the resource a condition receives.
 * A later subject adds itself here (e.g. `dossier: Dossier`).
 */
export interface Subjects {
  /** A dossier, with the person's relation to it (src/policies/dossier.ts). */
  dossier: DossierResource;
  /** A school's diagnostic in a dossier (`uai` set). */
  dossier_diagnostic: DossierResource;
  /** The dossier's message thread. */
  dossier_message: DossierResource;
  /** The dossier's attachments (download, upload). */
  dossier_attachment: DossierResource;
  /** A co-signature of the pedagogical project (`uai` and `role` set). */
  dossier_signature: DossierResource;
  /** A pending invitation to a school team of the dossier (revoked with `delete`). */
  dossier_invitation: DossierResource;
  /** The public reference data: communes, EPCI, académies, schools. */
  reference: undefined;
  /** One's own account (sign-up is `create` by a visitor; reading and changing it, by its owner). */
  account: undefined;
  /** A signed-in session: sign-in (`create`) and sign-out (`delete`). */
  session: undefined;
  /** The demo's outbox of sent e-mails (the route exists only in demo mode). */
  outbox: undefined;
  /** A collectivité's space on the platform, seen through the actor's membership of it (src/policies/organisation.ts). */
  organisation: OrganisationAccess;
  /** The members and invitations of an organisation. */
  membership: OrganisationAccess;
  /** A grant simulation (computed on demand, never stored). */
  simulation: undefined;
  /** The reviewers' queues of a territory and their exports (src/policies/review.ts). */
  review_queue: undefined;
  /** A reviewer's private notes on a dossier (never shown to the applicant). */
  review_note: DossierResource;
  /** Opinions asked of IEN, ERUN or anyone about a dossier. */
  opinion: DossierResource;
  /** An opinion as its expert answers it through the link. */
  opinion_answer: OpinionAccess;
  /** The reviewer's decision proposal for the committee. */
  decision_proposal: DossierResource;
  /** Reviewer accounts (created by a platform administrator). */
  reviewer_account: undefined;
  /** The envelopes of the académies for a call (src/policies/waves.ts). */
  envelope: undefined;
  /** The committee of an académie and its waves (src/policies/waves.ts). */
  wave: WaveResource;
  /** The convention of a decided dossier: read, accept (`submit`) (src/policies/waves.ts). */
  agreement: DossierResource;
}
export type Subject = keyof Subjects;
export type Action = 'read' | 'create' | 'update' | 'delete' | 'submit' | 'review' | 'decide' | 'import';

export type Condition<S extends Subject> = (user: Actor | null, resource: Subjects[S] | undefined) => boolean;

interface Rule {
  audience: Audience;
  action: Action;
  subject: Subject;
  condition?: Condition<Subject>;
}

const rules: Rule[] = [];

/** Declares that `who` may do `action` on `subject`, optionally only when `condition` holds. */
export function allow<S extends Subject>(
  who: Audience | readonly Audience[],
  action: Action | readonly Action[],
  subject: S,
  condition?: Condition<S>,
): void {
  const audiences = typeof who === 'string' ? [who] : who;
  const actions = typeof action === 'string' ? [action] : action;
  for (const audience of audiences) {
    for (const a of actions) {
      rules.push({ audience, action: a, subject, condition: condition as Condition<Subject> | undefined });
    }
  }
}

/** Thrown by `authorize`; the web layer answers 403 with a French page or problem. */
export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(readonly action: Action, readonly subject: Subject) {
    super(`Action « ${action} » non autorisée sur « ${subject} ».`);
    this.name = 'ForbiddenError';
  }
}

export function can<S extends Subject>(user: Actor | null, action: Action, subject: S, resource?: Subjects[S]): boolean {
  const audience: Audience = user ? user.role : 'anonymous';
  return rules.some((r) => r.audience === audience && r.action === action && r.subject === subject
    && (r.condition === undefined || r.condition(user, resource)));
}

export function authorize<S extends Subject>(user: Actor | null, action: Action, subject: S, resource?: Subjects[S]): void {
  if (!can(user, action, subject, resource)) throw new ForbiddenError(action, subject);
}

/** The declared rules, for the matrix test and documentation. */
export function declaredRules(): ReadonlyArray<Readonly<Omit<Rule, 'condition'> & { conditional: boolean }>> {
  return rules.map((r) => ({ audience: r.audience, action: r.action, subject: r.subject, conditional: r.condition !== undefined }));
}
