// CSRF protection of the forms (@fastify/csrf-protection), checked in preHandler (the body is parsed
// by then) on every POST/PUT/PATCH/DELETE:
// - of a signed-in person: the token must match the secret kept in their session (database);
// - of the anonymous forms that open a session or change an account (sign-in, sign-up, password
//   reset; routes marked `config: { csrf: 'anonymous' }`): double submit, the secret in the cookie
//   `socle_csrf` set only by those pages (never by the public pages), the token in the form.
// Other anonymous requests carry no ambient authority (no session cookie), so there is nothing to
// forge; the JSON API is stateless and needs no token.
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import crypto from 'node:crypto';
import type { Settings } from '../../config';
import { cookieOptions } from './session';

export const CSRF_COOKIE = 'socle_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The token the page's POST forms carry (components/form.tsx), when the page has one. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** 'anonymous': a form posted without a session, protected by the double-submit cookie. */
    csrf?: 'anonymous';
  }
}

let settingsRef: Pick<Settings, 'publicUrl'> = { publicUrl: 'http://localhost' };

/**
 * For the pages of the anonymous forms: makes sure the visitor has a CSRF secret (setting the
 * `socle_csrf` cookie the first time) and gives the page its token. A signed-in person already
 * has one from the session.
 */
export function issueFormToken(request: FastifyRequest, reply: FastifyReply): void {
  if (request.csrfToken) return;
  let secret = request.cookies[CSRF_COOKIE];
  if (!secret || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) {
    secret = crypto.randomBytes(24).toString('base64url');
    reply.setCookie(CSRF_COOKIE, secret, { ...cookieOptions(settingsRef), maxAge: 12 * 3600 });
  }
  request.session.csrfSecret = secret;
  request.csrfToken = reply.generateCsrf();
}

export async function csrf(app: FastifyInstance, opts: { settings: Settings }): Promise<void> {
  settingsRef = opts.settings;
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/session',
    sessionKey: 'csrfSecret',
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
      if (typeof fromBody === 'string') return fromBody;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  app.decorateRequest('csrfToken', null);
  app.addHook('preHandler', (request, reply, done) => {
    if (request.user && request.session.csrfSecret) request.csrfToken = reply.generateCsrf();
    if (!UNSAFE.has(request.method)) return done();
    if (!request.user) {
      if (request.routeOptions.config?.csrf !== 'anonymous') return done();
      const secret = request.cookies[CSRF_COOKIE];
      request.session.csrfSecret = secret && /^[A-Za-z0-9_-]{20,100}$/.test(secret) ? secret : undefined;
    }
    app.csrfProtection(request, reply, done);
  });
}

/** Whether an error is a refused CSRF check (the error pages explain it in French). */
export const isCsrfError = (error: unknown): boolean => /^FST_CSRF_/.test(String((error as { code?: string })?.code ?? ''));
