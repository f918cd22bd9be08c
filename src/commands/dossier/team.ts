// The school teams: the applicant invites a school's director, IEN or ERUN by e-mail (a member row
// and a single-use link); an administrator of the applicant may revoke the invitation until it is
// accepted; the person accepts once signed in; then co-signs the project for their
// school and role. A signature records the SHA-256 of what it signs (project, schools, the school's
// budget); an applicant's later change to those voids it (context.ts, `voids`).
import crypto from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../domain/digest';
import { formatParisInstant } from '../../domain/dossier/lifecycle';
import { SIGNER_ROLE_LABELS, SIGNER_ROLES, type SignerRole } from '../../domain/dossier/signers';
import { signedContentOf, loadLinesOf } from '../../data/dossier-facts';
import { ForbiddenError } from '../../policies';
import { appendEvents } from '../events';
import { sha256Hex } from '../storage';
import { actorLabel, DossierCommandError, DossierInputError, dossierCommand, inTransaction, iso, parseInput, sections, type CommandActor, type CommandEnv, type CommandOutcome } from './context';

export const INVITATION_DAYS = 14;

const role = z.enum(SIGNER_ROLES, { error: "Choisissez le rôle : directeur ou directrice d'école, IEN ou ERUN." });

const inviteSchema = z.strictObject({
  dossierId: z.string().min(1),
  uai: z.string({ error: "Choisissez l'école." }).min(1, { error: "Choisissez l'école." }),
  role,
  email: z.string({ error: 'Indiquez le courriel de la personne invitée.' }).trim().toLowerCase()
    .pipe(z.email({ error: 'Le courriel de la personne invitée est invalide (exemple : prenom.nom@ac-rennes.fr).' }).max(254)),
  revision: z.int().optional(),
});
export type InviteSchoolMemberInput = z.input<typeof inviteSchema>;

export interface Invitation {
  memberId: string;
  email: string;
  uai: string;
  schoolName: string;
  role: SignerRole;
  dossierReference: string;
  /** The single-use secret of the invitation link (only its hash is stored). */
  token: string;
  expiresAt: string;
  /** `${publicUrl}/dossiers/invitations/${token}` when the environment knows its public URL. */
  url: string | null;
}

export async function inviteSchoolMember(env: CommandEnv, actor: CommandActor | null, input: InviteSchoolMemberInput, now: Date | string): Promise<CommandOutcome<Invitation>> {
  const v = parseInput(inviteSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier', action: 'update', refresh: false }, async ({ tx, dossier, actor: who, actorLabel: label, now: at, record }) => {
    const school = await tx.selectFrom('dossier_schools as ds').innerJoin('schools as s', 's.uai', 'ds.uai').select(['s.uai', 's.name'])
      .where('ds.dossier_id', '=', dossier.id).where('ds.uai', '=', v.uai).executeTakeFirst();
    if (school === undefined) throw new DossierInputError([{ field: 'uai', message: `L'école ${v.uai} ne figure pas dans ce dossier.` }]);
    const existing = await tx.selectFrom('dossier_members').select('id').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai)
      .where('role', '=', v.role).where('email', '=', v.email).executeTakeFirst();
    if (existing !== undefined) {
      throw new DossierCommandError('ALREADY_INVITED', `${v.email} est déjà invité pour l'école ${school.name} comme ${SIGNER_ROLE_LABELS[v.role]}.`, [{ field: 'courriel', message: 'Cette personne est déjà invitée pour ce rôle.' }], 409);
    }
    const memberId = crypto.randomUUID();
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.parse(at) + INVITATION_DAYS * 86_400_000).toISOString();
    await tx.insertInto('dossier_members').values({ id: memberId, dossier_id: dossier.id, uai: v.uai, role: v.role, email: v.email, user_id: null, invited_by: who.id, invited_at: at, joined_at: null }).execute();
    await tx.insertInto('auth_tokens').values({
      token_hash: sha256Hex(token), kind: 'invite_dossier', user_id: null, email: v.email,
      payload: JSON.stringify({ dossierId: dossier.id, memberId, uai: v.uai, role: v.role }), created_at: at, expires_at: expiresAt, used_at: null,
    }).execute();
    const url = env.publicUrl ? `${env.publicUrl.replace(/\/+$/, '')}/dossiers/invitations/${token}` : null;
    record({ kind: 'member_invited', section: sections.members, payload: { memberId, uai: v.uai, role: v.role, email: v.email } });
    if (env.notify) {
      await env.notify(tx, {
        to: v.email,
        subject: `Invitation au dossier ${dossier.reference} — Socle numérique dans les écoles élémentaires`,
        text: `Bonjour,\n\n${label} vous invite, comme ${SIGNER_ROLE_LABELS[v.role]} de l'école ${school.name} (${v.uai}), à construire le projet ` +
          `du dossier ${dossier.reference} : remplir le diagnostic de l'école, échanger avec la collectivité et cosigner le projet pédagogique.\n\n` +
          (url ? `Pour accepter l'invitation, ouvrez ce lien (valable ${INVITATION_DAYS} jours) :\n${url}\n` : `Ce lien est valable ${INVITATION_DAYS} jours.\n`),
      });
    }
    return { memberId, email: v.email, uai: v.uai, schoolName: school.name, role: v.role, dossierReference: dossier.reference, token, expiresAt, url };
  });
}

const INVALID_INVITATION = "Ce lien d'invitation n'est pas valide ou a expiré : demandez à la collectivité de vous inviter à nouveau.";

/** What the link of an invitation to a dossier still does, and the French message when it does nothing. */
export type SchoolInvitationState = { status: 'valid' } | { status: 'revoked' | 'invalid'; message: string };

interface InvitationPayload { dossierId: string; memberId: string; uai: string; role: SignerRole; revokedAt?: string }

function invitationState(t: { used_at: string | null; expires_at: string; payload: string } | undefined, at: string): SchoolInvitationState {
  if (t === undefined) return { status: 'invalid', message: INVALID_INVITATION };
  const p = JSON.parse(t.payload) as Partial<InvitationPayload>;
  if (p.revokedAt !== undefined) {
    return {
      status: 'revoked',
      message: `Cette invitation a été annulée par la collectivité le ${formatParisInstant(p.revokedAt)} : son lien ne fonctionne plus. Si vous devez rejoindre le dossier, demandez à la collectivité de vous inviter à nouveau.`,
    };
  }
  if (t.used_at !== null || t.expires_at <= at) return { status: 'invalid', message: INVALID_INVITATION };
  return { status: 'valid' };
}

/** The state of an invitation link, without using it (the invitation page says at once when it no longer works). */
export async function schoolInvitationState(env: Pick<CommandEnv, 'kysely'>, token: string, now: Date | string): Promise<SchoolInvitationState> {
  if (typeof token !== 'string' || token.length > 100) return invitationState(undefined, iso(now));
  const t = await env.kysely.selectFrom('auth_tokens').select(['used_at', 'expires_at', 'payload']).where('token_hash', '=', sha256Hex(token)).where('kind', '=', 'invite_dossier').executeTakeFirst();
  return invitationState(t, iso(now));
}

export async function acceptSchoolInvitation(env: CommandEnv, actor: CommandActor | null, input: { token: string }, now: Date | string): Promise<{ dossierId: string; uai: string; role: SignerRole }> {
  if (actor === null) throw new ForbiddenError('read', 'dossier');
  const at = iso(now);
  const invalid = new DossierCommandError('INVITATION_INVALID', INVALID_INVITATION, [], 404);
  if (typeof input?.token !== 'string' || input.token.length > 100) throw invalid;
  return inTransaction(env, async (tx) => {
    const t = await tx.selectFrom('auth_tokens').selectAll().where('token_hash', '=', sha256Hex(input.token)).where('kind', '=', 'invite_dossier').executeTakeFirst();
    const state = invitationState(t, at);
    if (state.status === 'revoked') throw new DossierCommandError('INVITATION_REVOKED', state.message, [], 410);
    if (t === undefined || state.status !== 'valid') throw invalid;
    const user = await tx.selectFrom('users').select(['email']).where('id', '=', actor.id).executeTakeFirst();
    if (user === undefined || user.email.toLowerCase() !== t.email.toLowerCase()) {
      throw new DossierCommandError('INVITATION_OTHER_EMAIL', `Cette invitation est adressée à ${t.email} : connectez-vous avec ce compte pour l'accepter.`, [], 403);
    }
    const p = JSON.parse(t.payload) as { dossierId: string; memberId: string; uai: string; role: SignerRole };
    const d = await tx.updateTable('dossiers').set((eb) => ({ revision: eb('revision', '+', 1), updated_at: at })).where('id', '=', p.dossierId).returning(['revision']).executeTakeFirst();
    if (d === undefined) throw invalid;
    await tx.updateTable('auth_tokens').set({ used_at: at, user_id: actor.id }).where('token_hash', '=', t.token_hash).execute();
    const updated = await tx.updateTable('dossier_members').set({ user_id: actor.id, joined_at: at }).where('id', '=', p.memberId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw invalid;
    await appendEvents(tx, p.dossierId, Number(d.revision), { id: actor.id, label: await actorLabel(tx, actor) }, at, [
      { kind: 'member_joined', section: sections.members, payload: { memberId: p.memberId, uai: p.uai, role: p.role } },
    ]);
    return { dossierId: p.dossierId, uai: p.uai, role: p.role };
  });
}

const revokeSchema = z.strictObject({
  dossierId: z.string().min(1),
  memberId: z.string({ error: "Indiquez l'invitation à annuler." }).min(1, { error: "Indiquez l'invitation à annuler." }).max(64),
});
export type RevokeSchoolInvitationInput = z.input<typeof revokeSchema>;

export interface RevokedInvitation { memberId: string; email: string; uai: string; role: SignerRole }

/**
 * An administrator of the applicant revokes an invitation not yet accepted: the person's place in
 * the school team is removed, the link is closed and says, when followed, that it was revoked; the
 * history keeps both the invitation and its revocation. An accepted invitation is not revoked here.
 */
export async function revokeSchoolInvitation(env: CommandEnv, actor: CommandActor | null, input: RevokeSchoolInvitationInput, now: Date | string): Promise<CommandOutcome<RevokedInvitation>> {
  const v = parseInput(revokeSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier_invitation', action: 'delete', refresh: false }, async ({ tx, dossier, actor: who, now: at, record }) => {
    const m = await tx.selectFrom('dossier_members').select(['id', 'uai', 'role', 'email', 'joined_at'])
      .where('id', '=', v.memberId).where('dossier_id', '=', dossier.id).executeTakeFirst();
    if (m === undefined) {
      throw new DossierCommandError('INVITATION_NOT_FOUND', "Cette invitation n'existe pas (ou plus) dans ce dossier : rechargez la page.", [], 404);
    }
    if (m.joined_at !== null) {
      throw new DossierCommandError('INVITATION_ACCEPTED', `${m.email} a accepté l'invitation le ${formatParisInstant(m.joined_at)} : elle ne peut plus être annulée.`, [], 409);
    }
    // The link (one per invitation; its payload names the member row): closed, with when it was revoked and by whom.
    const tokens = await tx.selectFrom('auth_tokens').select(['token_hash', 'payload']).where('kind', '=', 'invite_dossier')
      .where('email', '=', m.email).where('used_at', 'is', null).execute();
    for (const t of tokens) {
      const p = JSON.parse(t.payload) as InvitationPayload;
      if (p.memberId !== m.id) continue;
      await tx.updateTable('auth_tokens').set({ used_at: at, payload: JSON.stringify({ ...p, revokedAt: at, revokedBy: who.id }) })
        .where('token_hash', '=', t.token_hash).execute();
    }
    await tx.deleteFrom('dossier_members').where('id', '=', m.id).execute();
    record({ kind: 'member_invitation_revoked', section: sections.members, payload: { memberId: m.id, uai: m.uai, role: m.role, email: m.email } });
    return { memberId: m.id, email: m.email, uai: m.uai, role: m.role };
  });
}

const signSchema = z.strictObject({
  dossierId: z.string().min(1),
  revision: z.int({ error: 'Version du dossier manquante : rechargez la page.' }),
  uai: z.string().min(1),
  role,
});
export type SignProjectInput = z.input<typeof signSchema>;

/** A school-team member co-signs the project for their school and role, as they saw it (`revision`). */
export async function signProject(env: CommandEnv, actor: CommandActor | null, input: SignProjectInput, now: Date | string): Promise<CommandOutcome<{ signatureId: string; contentSha256: string }>> {
  const v = parseInput(signSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier_signature', action: 'create', resource: { uai: v.uai, role: v.role }, editable: true, revision: v.revision,
    // What a signature covers: the project, the list of schools, the school's budget.
    conflicts: (s) => s === sections.project || /^school\/[^/]+$/.test(s) || s.startsWith(`school/${v.uai}/line/`),
  }, async ({ tx, dossier, actor: who, actorLabel: label, now: at, record }) => {
    const active = await tx.selectFrom('signatures').select('id').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai)
      .where('role', '=', v.role).where('voided_at', 'is', null).executeTakeFirst();
    if (active !== undefined) throw new DossierCommandError('ALREADY_SIGNED', `Le projet est déjà cosigné pour cette école par son ${SIGNER_ROLE_LABELS[v.role]}.`, [], 409);
    const schools = await tx.selectFrom('dossier_schools').select(['uai', 'position']).where('dossier_id', '=', dossier.id).orderBy('position').execute();
    const content = signedContentOf(dossier, schools, await loadLinesOf(tx, dossier.id));
    const contentSha256 = sha256Hex(canonicalJson(content));
    const signatureId = crypto.randomUUID();
    await tx.insertInto('signatures').values({
      id: signatureId, dossier_id: dossier.id, uai: v.uai, role: v.role, user_id: who.id, signer_name: label, signed_at: at,
      content_sha256: contentSha256, voided_at: null, voided_reason: null,
    }).execute();
    record({ kind: 'signature_given', section: sections.signature(v.uai), payload: { signatureId, uai: v.uai, role: v.role, contentSha256 } });
    return { signatureId, contentSha256 };
  });
}

