// Users, single-use links (auth_tokens) and failed sign-ins (sign_in_attempts). E-mail addresses
// are stored lower-cased and trimmed; a token is stored only as its SHA-256, so a copy of the
// database lets nobody follow a link.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../policies';
import type { Db } from './db';
import type { AuthTokenTable, Database, UserTable } from './schema';

/** A query runner: the database, or a transaction of a command. */
export type Exec = Kysely<Database> | Transaction<Database>;

export type UserRow = UserTable;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex');

/** 32 random bytes, base64url: the secret part of a cookie or a link. */
export const randomToken = (): string => crypto.randomBytes(32).toString('base64url');

export function toActor(user: Pick<UserRow, 'id' | 'role' | 'scope' | 'email' | 'display_name'>): Actor {
  return { id: user.id, role: user.role, scope: user.scope, email: user.email, displayName: user.display_name };
}

export async function findUserById(db: Exec, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Exec, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUserByOidc(db: Exec, issuer: string, subject: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  role?: UserRow['role'];
  scope?: string | null;
  emailVerifiedAt?: string | null;
  oidc?: { issuer: string; subject: string };
}

export async function insertUser(db: Exec, user: NewUser, now: Date): Promise<UserRow> {
  const row: UserRow = {
    id: crypto.randomUUID(),
    email: normalizeEmail(user.email),
    display_name: user.displayName.trim(),
    password_hash: user.passwordHash,
    role: user.role ?? 'applicant',
    scope: user.scope ?? null,
    created_at: now.toISOString(),
    email_verified_at: user.emailVerifiedAt ?? null,
    oidc_issuer: user.oidc?.issuer ?? null,
    oidc_subject: user.oidc?.subject ?? null,
    disabled_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

export async function updateUser(db: Exec, id: string, changes: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Single-use, expiring links

export type TokenKind = AuthTokenTable['kind'];

export interface AuthToken {
  tokenHash: string;
  kind: TokenKind;
  userId: string | null;
  email: string;
  payload: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

function toToken(r: AuthTokenTable): AuthToken {
  return {
    tokenHash: r.token_hash, kind: r.kind, userId: r.user_id, email: r.email,
    payload: JSON.parse(r.payload) as Record<string, unknown>, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at,
  };
}

/** Creates a link token; returns the secret to put in the link (only its hash is stored). */
export async function createAuthToken(db: Exec, t: {
  kind: TokenKind; email: string; userId?: string | null; payload?: Record<string, unknown>; ttlMs: number;
}, now: Date): Promise<string> {
  const secret = randomToken();
  await db.insertInto('auth_tokens').values({
    token_hash: sha256(secret), kind: t.kind, user_id: t.userId ?? null, email: normalizeEmail(t.email),
    payload: JSON.stringify(t.payload ?? {}), created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + t.ttlMs).toISOString(), used_at: null,
  }).execute();
  return secret;
}

export type TokenState = { status: 'valid'; token: AuthToken } | { status: 'used' | 'expired'; token: AuthToken } | { status: 'unknown' };

/** Looks a link up without using it. */
export async function findAuthToken(db: Exec, kind: TokenKind, secret: string, now: Date): Promise<TokenState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return { status: 'unknown' };
  const row = await db.selectFrom('auth_tokens').selectAll().where('token_hash', '=', sha256(secret)).where('kind', '=', kind).executeTakeFirst();
  if (!row) return { status: 'unknown' };
  const token = toToken(row);
  if (token.usedAt) return { status: 'used', token };
  if (token.expiresAt <= now.toISOString()) return { status: 'expired', token };
  return { status: 'valid', token };
}

/**
 * Uses a link: marks it used if and only if it is still unused and unexpired (one UPDATE, so two
 * clicks at once cannot both succeed). Returns the token when this call used it.
 */
export async function consumeAuthToken(db: Exec, kind: TokenKind, secret: string, now: Date): Promise<TokenState> {
  const state = await findAuthToken(db, kind, secret, now);
  if (state.status !== 'valid') return state;
  const res = await db.updateTable('auth_tokens').set({ used_at: now.toISOString() })
    .where('token_hash', '=', state.token.tokenHash).where('used_at', 'is', null).where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return { status: 'used', token: state.token };
  return { status: 'valid', token: { ...state.token, usedAt: now.toISOString() } };
}

/** Voids the unused links of a kind sent to an address (a new reset link voids the older ones). */
export async function voidAuthTokens(db: Exec, kind: TokenKind, email: string, now: Date): Promise<void> {
  await db.updateTable('auth_tokens').set({ used_at: now.toISOString() })
    .where('kind', '=', kind).where('email', '=', normalizeEmail(email)).where('used_at', 'is', null).execute();
}

// ---------------------------------------------------------------------------------------------
// Sign-in throttling, in the database so that every node counts the same failures

export async function recordSignInFailure(db: Exec, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.insertInto('sign_in_attempts').values(keys.map((key) => ({ key, at: now.toISOString() }))).execute();
  // Failures older than a day serve no throttle: they are not kept (privacy page).
  await db.deleteFrom('sign_in_attempts').where('at', '<', new Date(now.getTime() - 24 * 3600_000).toISOString()).execute();
}

/** The instants of the failures of `key` since `since`, oldest first. */
export async function signInFailures(db: Exec, key: string, since: Date): Promise<string[]> {
  const rows = await db.selectFrom('sign_in_attempts').select('at').where('key', '=', key).where('at', '>', since.toISOString())
    .orderBy('at').execute();
  return rows.map((r) => r.at);
}

export async function clearSignInFailures(db: Exec, key: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('key', '=', key).execute();
}

export type { Db };
