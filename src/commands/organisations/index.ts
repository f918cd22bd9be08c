// Organisation commands: claim a collectivité, confirm or refuse a claim (platform admin), invite
// colleagues, revoke a pending invitation, accept an invitation, change a member's role, remove a
// member, record the legal details. Each checks the policy, then writes in one transaction (mails included).
import { z } from 'zod';
import type { Db } from '../../data/db';
import {
  countAdmins, deleteMembership, deleteOrganisation, findCollectivite, findOrganisationBySiren, findOrganisationInvitation, getOrganisation, insertOrganisation,
  membershipRole, membersOf, revokeOrganisationInvitation, setConfirmed, setMembershipRole, updateLegalDetails, upsertMembership, countMembers,
  type MemberRole, type Organisation,
} from '../../data/organisations';
import { consumeAuthToken, createAuthToken, findAuthToken, normalizeEmail, type Exec } from '../../data/users';
import { validateIban } from '../../domain/iban';
import { isValidSiret } from '../../domain/identifiers';
import type { Mailer } from '../../mail/mailer';
import { claimConfirmedMail, claimRefusedMail, invitationMail } from '../../mail/templates';
import { authorize, type Actor, type OrganisationAccess } from '../../policies';
import { CommandError } from '../accounts/errors';
import { INVITE_TTL_MS } from '../accounts';
import { emailField, text, validate } from '../accounts/validation';
import { formatParis } from '../../domain/paris-time';

export interface OrgDeps { db: Db; mailer: Mailer; demo: boolean; now?: () => Date }
const nowOf = (d: OrgDeps) => (d.now ? d.now() : new Date());

/** The organisation and the actor's access to it, as the policies see it; undefined when it does not exist. */
export async function loadOrganisation(db: Exec, actor: Actor | null, id: string): Promise<{ organisation: Organisation; access: OrganisationAccess } | undefined> {
  const organisation = await getOrganisation(db, id);
  if (!organisation) return undefined;
  const memberRole = actor ? await membershipRole(db, id, actor.id) : null;
  return { organisation, access: { id, confirmed: organisation.confirmedAt !== null, memberRole } };
}

async function loadOrFail(db: Exec, actor: Actor, id: string) {
  const found = await loadOrganisation(db, actor, id);
  if (!found) throw new CommandError('Cette collectivité n’existe pas sur la plateforme.', undefined, 404);
  return found;
}

const admins = async (tx: Exec, organisationId: string) => (await membersOf(tx, organisationId)).filter((m) => m.role === 'admin');

// ---------------------------------------------------------------------------------------------

export const claimSchema = z.object({
  kind: z.enum(['commune', 'epci'], { error: 'Choisissez une commune ou une intercommunalité dans la liste.' }),
  code: text('le code de la collectivité', 9),
});

/**
 * Claims a collectivité of the reference data for the actor, who becomes its first admin. The
 * claim waits for a platform administrator's confirmation, except in the demo where it is
 * confirmed at once. A collectivité that already has members is not claimed again: its admins
 * invite their colleagues.
 */
export async function claimOrganisation(deps: OrgDeps, actor: Actor, input: { kind: 'commune' | 'epci'; code: string }): Promise<Organisation> {
  authorize(actor, 'create', 'organisation');
  const now = nowOf(deps);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const c = await findCollectivite(tx, input.kind, input.code);
    if (!c) throw new CommandError('Cette collectivité est introuvable dans le référentiel : recherchez-la par son nom ou son SIREN.', 'collectivite');
    const existing = await findOrganisationBySiren(tx, c.siren);
    if (existing) {
      const role = await membershipRole(tx, existing.id, actor.id);
      if (role) return existing;
      if (await countMembers(tx, existing.id) > 0) {
        throw new CommandError(`${c.name} a déjà un espace sur la plateforme : demandez à l’un de ses administrateurs de vous inviter.`, 'collectivite', 409);
      }
      await upsertMembership(tx, existing.id, actor.id, 'admin', now);
      return existing;
    }
    const org = await insertOrganisation(tx, {
      kind: c.kind, communeCode: c.kind === 'commune' ? c.code : null, epciSiren: c.kind === 'epci' ? c.siren : null,
      siren: c.siren, name: c.name, departementCode: c.departementCode,
      confirmedAt: deps.demo ? now.toISOString() : null, confirmedBy: null,
    }, now);
    await upsertMembership(tx, org.id, actor.id, 'admin', now);
    return org;
  });
}

/** A platform administrator confirms a claim; the organisation's admins are told by mail. */
export async function confirmClaim(deps: OrgDeps, actor: Actor, organisationId: string): Promise<void> {
  const now = nowOf(deps);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'decide', 'organisation', access);
    if (!await setConfirmed(tx, organisation.id, actor.id, now)) throw new CommandError(`${organisation.name} est déjà confirmée.`, undefined, 409);
    for (const a of await admins(tx, organisation.id)) {
      await deps.mailer.send(tx, claimConfirmedMail(a.email, organisation.name, deps.mailer.link(`/organisations/${organisation.id}`)), now);
    }
  });
}

/** A platform administrator refuses a pending claim: the organisation is removed, its admins told. */
export async function refuseClaim(deps: OrgDeps, actor: Actor, organisationId: string): Promise<void> {
  const now = nowOf(deps);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'decide', 'organisation', access);
    if (organisation.confirmedAt) throw new CommandError(`${organisation.name} est déjà confirmée : elle ne peut plus être refusée ici.`, undefined, 409);
    for (const a of await admins(tx, organisation.id)) await deps.mailer.send(tx, claimRefusedMail(a.email, organisation.name), now);
    await deleteOrganisation(tx, organisation.id);
  });
}

// ---------------------------------------------------------------------------------------------

export const ROLE_ERROR = 'Choisissez le rôle : administrateur, rédacteur ou lecteur.';
export const inviteSchema = z.object({
  email: emailField,
  role: z.enum(['admin', 'editor', 'reader'], { error: ROLE_ERROR }),
});

/** An organisation admin invites a colleague by e-mail with a role. */
export async function inviteMember(deps: OrgDeps, actor: Actor, organisationId: string, input: { email: string; role: MemberRole }): Promise<void> {
  const now = nowOf(deps);
  const email = normalizeEmail(input.email);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'create', 'membership', access);
    if ((await membersOf(tx, organisation.id)).some((m) => m.email === email)) {
      throw new CommandError(`${email} est déjà membre de ${organisation.name}.`, 'email', 409);
    }
    const token = await createAuthToken(tx, {
      kind: 'invite_organisation', email, payload: { organisationId: organisation.id, role: input.role, invitedBy: actor.id }, ttlMs: INVITE_TTL_MS,
    }, now);
    await deps.mailer.send(tx, invitationMail(email, actor.displayName ?? actor.email ?? 'Un membre', organisation.name, input.role, deps.mailer.link(`/invitations/${token}`)), now);
  });
}

/** The French message of a revoked invitation's link. */
export const revokedInvitationMessage = (organisationName: string, revokedAt: string): string =>
  `Cette invitation a été annulée le ${formatParis(revokedAt, 'date')} ` +
  `par un administrateur de ${organisationName} : son lien ne fonctionne plus. Si vous devez rejoindre la collectivité, demandez-lui de vous inviter de nouveau.`;

/** An administrator of the organisation revokes an invitation not yet accepted: its link stops working and says why. */
export async function revokeInvitation(deps: OrgDeps, actor: Actor, organisationId: string, tokenHash: string): Promise<{ email: string }> {
  const now = nowOf(deps);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'delete', 'membership', access);
    const invitation = /^[0-9a-f]{64}$/.test(tokenHash) ? await findOrganisationInvitation(tx, organisation.id, tokenHash) : undefined;
    if (!invitation) throw new CommandError('Cette invitation n’existe pas (ou plus) : rechargez la page.', undefined, 404);
    if (invitation.revokedAt) throw new CommandError(`L’invitation de ${invitation.email} est déjà annulée.`, undefined, 409);
    if (invitation.usedAt) throw new CommandError(`${invitation.email} a déjà accepté l’invitation : pour lui retirer l’accès, retirez-le des membres.`, undefined, 409);
    if (invitation.expiresAt <= now.toISOString()) throw new CommandError(`L’invitation de ${invitation.email} a expiré : son lien ne fonctionne déjà plus.`, undefined, 409);
    if (!await revokeOrganisationInvitation(tx, invitation, actor.id, now)) throw new CommandError(`${invitation.email} vient d’accepter l’invitation : rechargez la page.`, undefined, 409);
    return { email: invitation.email };
  });
}

export interface InvitationView {
  status: 'valid' | 'used' | 'expired' | 'unknown' | 'revoked'; email?: string; role?: MemberRole; organisation?: Organisation;
  /** For a revoked invitation: what its page says. */
  message?: string;
}

/** What an invitation link offers, without using it. */
export async function viewInvitation(deps: OrgDeps, secret: string): Promise<InvitationView> {
  const state = await findAuthToken(deps.db.kysely, 'invite_organisation', secret, nowOf(deps));
  if (state.status === 'unknown') return { status: 'unknown' };
  const p = state.token.payload as { organisationId?: string; role?: MemberRole; revokedAt?: string };
  const organisation = p.organisationId ? await getOrganisation(deps.db.kysely, p.organisationId) : undefined;
  if (!organisation) return { status: 'unknown' };
  if (p.revokedAt) return { status: 'revoked', email: state.token.email, role: p.role, organisation, message: revokedInvitationMessage(organisation.name, p.revokedAt) };
  return { status: state.status, email: state.token.email, role: p.role, organisation };
}

/**
 * The signed-in invitee joins the organisation with the role of the invitation (single use,
 * expiring). The invitation is for its address: another account cannot use it.
 */
export async function acceptInvitation(deps: OrgDeps, actor: Actor, secret: string): Promise<Organisation> {
  const now = nowOf(deps);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const before = await findAuthToken(tx, 'invite_organisation', secret, now);
    if (before.status === 'unknown') throw new CommandError('Ce lien d’invitation n’est pas valable : vérifiez qu’il est complet.', undefined, 404);
    if (before.status === 'expired') throw new CommandError('Cette invitation a expiré : demandez à l’administrateur de la collectivité de vous inviter de nouveau.', undefined, 410);
    if (before.status === 'used') {
      const p = before.token.payload as { organisationId?: string; revokedAt?: string };
      if (p.revokedAt) {
        const organisation = p.organisationId ? await getOrganisation(tx, p.organisationId) : undefined;
        throw new CommandError(revokedInvitationMessage(organisation?.name ?? 'la collectivité', p.revokedAt), undefined, 410);
      }
      throw new CommandError('Cette invitation a déjà été utilisée.', undefined, 410);
    }
    if (normalizeEmail(actor.email ?? '') !== before.token.email) {
      throw new CommandError(`Cette invitation a été envoyée à ${before.token.email} : connectez-vous avec le compte de cette adresse.`, undefined, 403);
    }
    const state = await consumeAuthToken(tx, 'invite_organisation', secret, now);
    if (state.status !== 'valid') throw new CommandError('Cette invitation a déjà été utilisée.', undefined, 410);
    const p = state.token.payload as { organisationId: string; role: MemberRole };
    const organisation = await getOrganisation(tx, p.organisationId);
    if (!organisation) throw new CommandError('La collectivité de cette invitation n’existe plus.', undefined, 404);
    const current = await membershipRole(tx, organisation.id, actor.id);
    // Already a member: an invitation never lowers a role.
    const rank = { reader: 0, editor: 1, admin: 2 } as const;
    if (!current || rank[p.role] > rank[current]) await upsertMembership(tx, organisation.id, actor.id, p.role, now);
    return organisation;
  });
}

export const roleSchema = z.object({ role: z.enum(['admin', 'editor', 'reader'], { error: ROLE_ERROR }) });

/** An organisation admin changes a member's role; the last admin cannot be demoted. */
export async function changeMemberRole(deps: OrgDeps, actor: Actor, organisationId: string, userId: string, role: MemberRole): Promise<void> {
  await deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'update', 'membership', access);
    const current = await membershipRole(tx, organisation.id, userId);
    if (!current) throw new CommandError('Cette personne n’est pas membre de la collectivité.', 'role', 404);
    if (current === 'admin' && role !== 'admin' && await countAdmins(tx, organisation.id) <= 1) {
      throw new CommandError('La collectivité doit garder au moins un administrateur : nommez-en un autre d’abord.', 'role', 409);
    }
    await setMembershipRole(tx, organisation.id, userId, role);
  });
}

/** An organisation admin removes a member; the last admin cannot be removed. */
export async function removeMember(deps: OrgDeps, actor: Actor, organisationId: string, userId: string): Promise<void> {
  await deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'delete', 'membership', access);
    const current = await membershipRole(tx, organisation.id, userId);
    if (!current) throw new CommandError('Cette personne n’est pas membre de la collectivité.', undefined, 404);
    if (current === 'admin' && await countAdmins(tx, organisation.id) <= 1) {
      throw new CommandError('La collectivité doit garder au moins un administrateur : nommez-en un autre d’abord.', undefined, 409);
    }
    await deleteMembership(tx, organisation.id, userId);
  });
}

// ---------------------------------------------------------------------------------------------

export const legalDetailsSchema = z.object({
  siret: z.string({ error: 'Saisissez le SIRET de la collectivité (14 chiffres).' }).transform((s) => s.replace(/[\s.\u00a0]/g, ''))
    .pipe(z.string().regex(/^\d{14}$/, { error: 'Le SIRET compte 14 chiffres : vérifiez la saisie.' })
      .refine(isValidSiret, { error: 'Ce SIRET n’est pas valide (sa clé de contrôle ne correspond pas) : recopiez-le depuis l’avis de situation SIRENE.' })),
  signatoryName: text('le nom du signataire', 120, 2),
  signatoryCapacity: text('la qualité du signataire (par exemple « Maire » ou « Président »)', 120, 2),
  iban: z.string({ error: 'Saisissez l’IBAN du compte de la collectivité.' }).superRefine((v, ctx) => {
    const r = validateIban(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  }).transform((v) => (validateIban(v) as { iban: string }).iban),
  address: text('l’adresse postale de la collectivité', 300, 5),
});

export type LegalDetailsInput = z.input<typeof legalDetailsSchema>;

/**
 * Records the legal details: the SIRET must be valid and belong to the organisation (start with
 * its SIREN), the IBAN valid by its keys; the signatory and address required.
 */
export async function saveLegalDetails(deps: OrgDeps, actor: Actor, organisationId: string, input: unknown): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const now = nowOf(deps);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const { organisation, access } = await loadOrFail(tx, actor, organisationId);
    authorize(actor, 'update', 'organisation', access);
    const v = validate(legalDetailsSchema, input);
    const errors: Record<string, string> = v.ok ? {} : { ...v.errors };
    if (v.ok && !v.data.siret.startsWith(organisation.siren)) {
      errors.siret = `Le SIRET doit commencer par le SIREN de ${organisation.name} (${organisation.siren}) : celui saisi appartient à une autre entité.`;
    }
    if (!v.ok || Object.keys(errors).length) return { ok: false as const, errors };
    await updateLegalDetails(tx, organisation.id, v.data, now);
    return { ok: true as const };
  });
}
