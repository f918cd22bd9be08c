// Account commands: sign-up, e-mail verification, sign-in (throttled per account and per address,
// counted in the database), password reset, OpenID Connect sign-in. Each write runs in one
// transaction; mails are stored (and their delivery queued) in the same transaction.
import type { Db } from '../../data/db';
import { createSession, deleteSessionByToken, deleteUserSessions } from '../../data/sessions';
import {
  clearSignInFailures, consumeAuthToken, createAuthToken, findAuthToken, findUserByEmail, findUserByOidc, insertUser,
  normalizeEmail, recordSignInFailure, signInFailures, updateUser, voidAuthTokens, type UserRow,
} from '../../data/users';
import type { Mailer } from '../../mail/mailer';
import { alreadyRegisteredMail, resetPasswordMail, verifyEmailMail } from '../../mail/templates';
import { CommandError } from './errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

export { CommandError } from './errors';
export { PASSWORD_RULES, passwordProblem } from './passwords';

export interface Deps {
  db: Db; mailer: Mailer; now?: () => Date;
  /** The clock of the dossier commands (the demo replays the 2021 call): a dossier invitation expires by it. */
  dossierNow?: () => Date;
}
const nowOf = (d: Deps) => (d.now ? d.now() : new Date());

export const VERIFY_TTL_MS = 48 * 3600_000;
export const RESET_TTL_MS = 3600_000;
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

/** Throttling: at most 5 failed sign-ins per account and 20 per address in 15 minutes. */
export const THROTTLE = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

const isUniqueViolation = (e: unknown) => /unique|duplicate/i.test(String((e as Error)?.message ?? e));

// ---------------------------------------------------------------------------------------------

export interface SignUpInput { email: string; displayName: string; password: string; invitation?: string }
export type SignUpResult = { status: 'verification_sent' } | { status: 'verified_by_invitation'; invitation: 'organisation' | 'dossier' };

/**
 * Creates an account and sends the verification link. An address that already has an account gets
 * a mail saying so, and the person sees the same answer (no account enumeration). Signing up from
 * an invitation sent to the same address needs no verification: the invitation link proved it. The
 * invitation is one to join an organisation or one to join a dossier's school team (`invitation`
 * says which, so that the person lands on it).
 */
export async function signUp(deps: Deps, input: SignUpInput): Promise<SignUpResult> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new CommandError(problem, 'password');
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const now = nowOf(deps);
  try {
    return await deps.db.kysely.transaction().execute(async (tx) => {
      const existing = await findUserByEmail(tx, email);
      if (existing) {
        await deps.mailer.send(tx, alreadyRegisteredMail(email, deps.mailer.link('/connexion'), deps.mailer.link('/mot-de-passe-oublie')), now);
        return { status: 'verification_sent' } as const;
      }
      let byInvitation: 'organisation' | 'dossier' | undefined;
      if (input.invitation) {
        for (const [kind, what] of [['invite_organisation', 'organisation'], ['invite_dossier', 'dossier']] as const) {
          const inv = await findAuthToken(tx, kind, input.invitation, kind === 'invite_dossier' && deps.dossierNow ? deps.dossierNow() : now);
          if (inv.status === 'valid' && normalizeEmail(inv.token.email) === email) { byInvitation = what; break; }
        }
      }
      const user = await insertUser(tx, { email, displayName: input.displayName, passwordHash, emailVerifiedAt: byInvitation ? now.toISOString() : null }, now);
      if (byInvitation) return { status: 'verified_by_invitation', invitation: byInvitation } as const;
      const token = await createAuthToken(tx, { kind: 'verify_email', email, userId: user.id, ttlMs: VERIFY_TTL_MS }, now);
      await deps.mailer.send(tx, verifyEmailMail(email, user.display_name, deps.mailer.link(`/compte/verifier/${token}`)), now);
      return { status: 'verification_sent' } as const;
    });
  } catch (e) {
    // Two sign-ups with the same address at once: the second behaves as « already registered ».
    if (isUniqueViolation(e)) return { status: 'verification_sent' };
    throw e;
  }
}

/** Sends a new verification link to an unverified account (silently nothing otherwise). */
export async function resendVerification(deps: Deps, rawEmail: string): Promise<void> {
  const now = nowOf(deps);
  const email = normalizeEmail(rawEmail);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.email_verified_at || user.disabled_at) return;
    await voidAuthTokens(tx, 'verify_email', email, now);
    const token = await createAuthToken(tx, { kind: 'verify_email', email, userId: user.id, ttlMs: VERIFY_TTL_MS }, now);
    await deps.mailer.send(tx, verifyEmailMail(email, user.display_name, deps.mailer.link(`/compte/verifier/${token}`)), now);
  });
}

export type VerifyResult = 'verified' | 'already_verified' | 'expired' | 'unknown';

/** Follows a verification link (single use, expiring). */
export async function verifyEmail(deps: Deps, secret: string): Promise<VerifyResult> {
  const now = nowOf(deps);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const state = await consumeAuthToken(tx, 'verify_email', secret, now);
    if (state.status === 'unknown') return 'unknown';
    if (state.status === 'expired') return 'expired';
    if (state.status === 'used') return 'already_verified';
    if (state.token.userId) {
      await tx.updateTable('users').set({ email_verified_at: now.toISOString() })
        .where('id', '=', state.token.userId).where('email_verified_at', 'is', null).execute();
    }
    return 'verified';
  });
}

// ---------------------------------------------------------------------------------------------

export interface SignInInput { email: string; password: string; address: string; previousToken?: string }
export type SignInResult =
  | { status: 'ok'; token: string; user: UserRow }
  | { status: 'invalid' }
  | { status: 'unverified' }
  | { status: 'throttled'; retryAt: Date };

/** When `key` may try again, or null when it is not blocked. */
async function blockedUntil(deps: Deps, key: string, limit: number, now: Date): Promise<Date | null> {
  const failures = await signInFailures(deps.db.kysely, key, new Date(now.getTime() - THROTTLE.windowMs));
  if (failures.length < limit) return null;
  return new Date(Date.parse(failures[failures.length - limit]) + THROTTLE.windowMs);
}

/**
 * Signs in with e-mail and password. Refused without checking the password while the account or
 * the address is throttled; each failure is counted for both. On success: a new session (the
 * previous one, if any, is ended: rotation) and the account's failures are forgotten.
 */
export async function signIn(deps: Deps, input: SignInInput): Promise<SignInResult> {
  const now = nowOf(deps);
  const email = normalizeEmail(input.email);
  const accountKey = `account:${email}`;
  const addressKey = `address:${input.address}`;
  const blocks = (await Promise.all([
    blockedUntil(deps, accountKey, THROTTLE.perAccount, now),
    blockedUntil(deps, addressKey, THROTTLE.perAddress, now),
  ])).filter((d): d is Date => d !== null);
  if (blocks.length) return { status: 'throttled', retryAt: new Date(Math.max(...blocks.map((d) => d.getTime()))) };

  const user = await findUserByEmail(deps.db.kysely, email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user || user.disabled_at) {
    await recordSignInFailure(deps.db.kysely, [accountKey, addressKey], now);
    return { status: 'invalid' };
  }
  if (!user.email_verified_at) return { status: 'unverified' };
  return deps.db.kysely.transaction().execute(async (tx) => {
    await clearSignInFailures(tx, accountKey);
    if (input.previousToken) await deleteSessionByToken(tx, input.previousToken);
    const { token } = await createSession(tx, user.id, now);
    return { status: 'ok' as const, token, user };
  });
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deleteSessionByToken(deps.db.kysely, token);
}

// ---------------------------------------------------------------------------------------------

/** Sends a reset link when the address has an account; the person is told the same either way. */
export async function requestPasswordReset(deps: Deps, rawEmail: string): Promise<void> {
  const now = nowOf(deps);
  const email = normalizeEmail(rawEmail);
  await deps.db.kysely.transaction().execute(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.disabled_at) return;
    await voidAuthTokens(tx, 'reset_password', email, now);
    const token = await createAuthToken(tx, { kind: 'reset_password', email, userId: user.id, ttlMs: RESET_TTL_MS }, now);
    await deps.mailer.send(tx, resetPasswordMail(email, deps.mailer.link(`/mot-de-passe/nouveau/${token}`)), now);
  });
}

export type ResetLinkState = 'valid' | 'used' | 'expired' | 'unknown';

export async function resetLinkState(deps: Deps, secret: string): Promise<ResetLinkState> {
  return (await findAuthToken(deps.db.kysely, 'reset_password', secret, nowOf(deps))).status;
}

/**
 * Sets a new password from a reset link (single use, expiring). Ends every session of the account;
 * the address counts as verified (the link reached it) and its sign-in failures are forgotten.
 */
export async function resetPassword(deps: Deps, secret: string, password: string): Promise<ResetLinkState> {
  const now = nowOf(deps);
  const before = await findAuthToken(deps.db.kysely, 'reset_password', secret, now);
  if (before.status !== 'valid') return before.status;
  const problem = passwordProblem(password, before.token.email);
  if (problem) throw new CommandError(problem, 'password');
  const passwordHash = await hashPassword(password);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const state = await consumeAuthToken(tx, 'reset_password', secret, now);
    if (state.status !== 'valid') return state.status;
    const userId = state.token.userId!;
    const user = await tx.selectFrom('users').select(['email_verified_at']).where('id', '=', userId).executeTakeFirst();
    if (!user) return 'unknown';
    await updateUser(tx, userId, { password_hash: passwordHash, email_verified_at: user.email_verified_at ?? now.toISOString() });
    await deleteUserSessions(tx, userId);
    await clearSignInFailures(tx, `account:${state.token.email}`);
    return 'valid';
  });
}

// ---------------------------------------------------------------------------------------------

export interface OidcIdentity { issuer: string; subject: string; email: string; emailVerified: boolean | undefined; name: string }

/**
 * Signs in a person the configured OpenID provider vouched for: the account linked to this
 * (issuer, subject); else the account with the same e-mail, which gets linked; else a new account.
 * Linking by e-mail requires the provider not to say the address is unverified (ProConnect does
 * not send `email_verified`: its addresses are those of the agents' administrations).
 */
export async function signInWithOidc(deps: Deps, id: OidcIdentity, previousToken?: string): Promise<{ token: string; user: UserRow }> {
  const now = nowOf(deps);
  const email = normalizeEmail(id.email);
  if (!email || !email.includes('@')) throw new CommandError('Le fournisseur d’identité n’a pas transmis d’adresse électronique : la connexion est impossible.');
  return deps.db.kysely.transaction().execute(async (tx) => {
    let user = await findUserByOidc(tx, id.issuer, id.subject);
    if (!user) {
      if (id.emailVerified === false) throw new CommandError('Votre fournisseur d’identité indique que votre adresse électronique n’est pas vérifiée : vérifiez-la chez lui, puis réessayez.');
      user = await findUserByEmail(tx, email);
      if (user) {
        if (user.oidc_issuer && (user.oidc_issuer !== id.issuer || user.oidc_subject !== id.subject)) {
          throw new CommandError('Ce compte est déjà lié à une autre identité : connectez-vous avec votre mot de passe.');
        }
        await updateUser(tx, user.id, { oidc_issuer: id.issuer, oidc_subject: id.subject, email_verified_at: user.email_verified_at ?? now.toISOString() });
      } else {
        user = await insertUser(tx, { email, displayName: id.name || email, passwordHash: null, emailVerifiedAt: now.toISOString(), oidc: { issuer: id.issuer, subject: id.subject } }, now);
      }
    }
    if (user.disabled_at) throw new CommandError('Ce compte est désactivé.', undefined, 403);
    if (previousToken) await deleteSessionByToken(tx, previousToken);
    const { token } = await createSession(tx, user.id, now);
    return { token, user };
  });
}
