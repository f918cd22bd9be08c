// Sessions, stored in the database so that any node serves any request. The cookie holds a random
// token; the table holds only its SHA-256 (a copy of the database opens no session), the user, the
// CSRF secret of the session, and its absolute expiry.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { SessionTable } from './schema';
import type { Exec, UserRow } from './users';
import { randomToken, sha256 } from './users';

/** A session lasts a working day at most; a person idle for 2 hours signs in again. */
export const SESSION_MAX_AGE_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
/** last_seen_at is written at most once per this interval (not on every request). */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface SessionRecord {
  idHash: string;
  userId: string;
  csrfSecret: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface LiveSession { session: SessionRecord; user: UserRow }

type SessionRow = SessionTable & Omit<UserRow, 'created_at'> & { user_created_at: string };

/** Creates a session for the user; returns the cookie token (never stored). */
export async function createSession(db: Exec, userId: string, now: Date): Promise<{ token: string; session: SessionRecord }> {
  const token = randomToken();
  const session: SessionRecord = {
    idHash: sha256(token), userId, csrfSecret: crypto.randomBytes(24).toString('base64url'),
    createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS).toISOString(), lastSeenAt: now.toISOString(),
  };
  await db.insertInto('sessions').values({
    id_hash: session.idHash, user_id: userId, csrf_secret: session.csrfSecret, created_at: session.createdAt,
    expires_at: session.expiresAt, last_seen_at: session.lastSeenAt,
  }).execute();
  return { token, session };
}

/**
 * The live session of a cookie token with its user, or null when the token is unknown, expired,
 * idle too long or its user disabled. Refreshes last_seen_at now and then.
 */
export async function findLiveSession(db: Exec, token: string, now: Date): Promise<LiveSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  // Read on every signed-in request: written as SQL, which Kysely passes through (its query builder
  // cost three times the lookup itself, about 30 µs).
  const { rows: [row] } = await sql<SessionRow>`select s.id_hash, s.user_id, s.csrf_secret, s.created_at, s.expires_at, s.last_seen_at,
    u.id, u.email, u.display_name, u.password_hash, u.role, u.scope, u.created_at as user_created_at, u.email_verified_at, u.oidc_issuer,
    u.oidc_subject, u.disabled_at
    from sessions s join users u on u.id = s.user_id where s.id_hash = ${sha256(token)}`.execute(db);
  if (!row) return null;
  const nowIso = now.toISOString();
  const idleLimit = new Date(now.getTime() - SESSION_IDLE_MS).toISOString();
  if (row.expires_at <= nowIso || row.last_seen_at < idleLimit || row.disabled_at) {
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    return null;
  }
  let lastSeenAt = row.last_seen_at;
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    lastSeenAt = nowIso;
    await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id_hash', '=', row.id_hash).execute();
  }
  return {
    session: {
      idHash: row.id_hash, userId: row.user_id, csrfSecret: row.csrf_secret, createdAt: row.created_at,
      expiresAt: row.expires_at, lastSeenAt,
    },
    user: {
      id: row.id, email: row.email, display_name: row.display_name, password_hash: row.password_hash, role: row.role,
      scope: row.scope, created_at: row.user_created_at, email_verified_at: row.email_verified_at,
      oidc_issuer: row.oidc_issuer, oidc_subject: row.oidc_subject, disabled_at: row.disabled_at,
    },
  };
}

/** Ends the session of a cookie token (sign-out, rotation at sign-in). */
export async function deleteSessionByToken(db: Exec, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}

/** Ends every session of a user (password changed, account disabled). */
export async function deleteUserSessions(db: Exec, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Removes expired sessions (a periodic job). */
export async function purgeExpiredSessions(db: Exec, now: Date): Promise<number> {
  const res = await db.deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<', new Date(now.getTime() - SESSION_IDLE_MS).toISOString())]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
