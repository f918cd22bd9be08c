// Sessions: the cookie `socle_session` (httpOnly, SameSite=Lax, Secure when PUBLIC_URL is https)
// carries a random token; the session itself lives in the database (any node serves any request)
// and is created only at sign-in: anonymous visitors get no cookie and cause no write. The JSON API
// (/api/…) is stateless: it never reads the session cookie.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { findLiveSession, SESSION_MAX_AGE_MS } from '../../data/sessions';
import { toActor } from '../../data/users';
import { pathOf } from '../context';

export const SESSION_COOKIE = 'socle_session';

/** What a request knows of its session; `csrfSecret` is read by @fastify/csrf-protection. */
export interface RequestSession {
  /** The cookie token of the live session, or null (anonymous). */
  token: string | null;
  csrfSecret?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: RequestSession;
  }
}

export const isApiPath = (url: string): boolean => url === '/api' || url.startsWith('/api/');

export function cookieOptions(settings: Pick<Settings, 'publicUrl'>) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: settings.publicUrl.startsWith('https:') };
}

/** Sets the session cookie after a sign-in. */
export function setSessionCookie(reply: FastifyReply, settings: Pick<Settings, 'publicUrl'>, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(settings), maxAge: Math.floor(SESSION_MAX_AGE_MS / 1000) });
}

export function clearSessionCookie(reply: FastifyReply, settings: Pick<Settings, 'publicUrl'>): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(settings));
}

/** A local path to come back to after sign-in (never another site). */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 500) return undefined;
  if (/[\r\n]/.test(value)) return undefined;
  return value;
}

export const signInUrl = (next?: string): string => (next && next !== '/' ? `/connexion?suite=${encodeURIComponent(next)}` : '/connexion');

/**
 * preHandler of every page that needs a signed-in user: an anonymous visitor is sent to the
 * sign-in page, which brings them back here afterwards (GET pages only).
 */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  const back = request.method === 'GET' ? request.url : undefined;
  await reply.redirect(signInUrl(back), 303);
}

export async function sessions(app: FastifyInstance, opts: { db: Db; settings: Settings }): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null as unknown as RequestSession);
  app.addHook('onRequest', async (request, reply) => {
    request.session = { token: null };
    const token = request.cookies[SESSION_COOKIE];
    if (!token || isApiPath(pathOf(request.url))) return;
    const live = await findLiveSession(opts.db.kysely, token, new Date());
    if (!live) {
      clearSessionCookie(reply, opts.settings);
      return;
    }
    request.session = { token, csrfSecret: live.session.csrfSecret };
    request.user = toActor(live.user);
  });
}
