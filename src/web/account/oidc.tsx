// OpenID Connect sign-in (ProConnect style), enabled when OIDC_ISSUER, OIDC_CLIENT_ID and
// OIDC_CLIENT_SECRET are set: authorization code with PKCE (S256), state and nonce, by openid-client.
// The verifier, state and nonce wait for the provider's answer in a short-lived httpOnly cookie
// scoped to /connexion/oidc; nothing is written before the person comes back authenticated.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { CommandError, signInWithOidc } from '../../commands/accounts';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { Mailer } from '../../mail/mailer';
import { authorize } from '../../policies';
import { pageContext } from '../context';
import { issueFormToken } from '../plugins/csrf';
import { cookieOptions, safeNext, setSessionCookie } from '../plugins/session';
import { sendPage } from '../render';
import { SignInPage } from './pages';

export const OIDC_COOKIE = 'socle_oidc';
const OIDC_PATH = '/connexion/oidc';
export const OIDC_CALLBACK = '/connexion/oidc/retour';

interface Pending { verifier: string; state: string; nonce: string; next?: string }

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export const oidcRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const conf = settings.oidc!;
  const deps = { db, mailer: new Mailer(settings) };
  const redirectUri = `${settings.publicUrl}${OIDC_CALLBACK}`;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= (async () => {
      const issuer = new URL(conf.issuer);
      // Plain http only for a provider on this machine (tests, local development).
      const execute = issuer.protocol === 'http:' && isLoopback(issuer) ? [oidc.allowInsecureRequests] : [];
      return oidc.discovery(issuer, conf.clientId, conf.clientSecret, undefined, { execute });
    })().catch((e: unknown) => {
      discovered = undefined;
      throw e;
    });
    return discovered;
  };

  const failure = (request: FastifyRequest, reply: FastifyReply, message: string, status = 400) => {
    issueFormToken(request, reply);
    return sendPage(reply, <SignInPage ctx={pageContext(request)} oidc notice={{ kind: 'oidc_error', message }} />, status);
  };

  app.get(OIDC_PATH, async (request, reply) => {
    authorize(request.user, 'create', 'session');
    let config: oidc.Configuration;
    try {
      config = await configuration();
    } catch (e) {
      request.log.warn({ error: (e as Error).message }, 'oidc discovery failed');
      return failure(request, reply, 'Le service d’identification ne répond pas pour l’instant : réessayez plus tard, ou connectez-vous avec votre adresse électronique.', 502);
    }
    const pending: Pending = {
      verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(),
      next: safeNext((request.query as Record<string, unknown>).suite),
    };
    reply.setCookie(OIDC_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), { ...cookieOptions(settings), path: OIDC_PATH, maxAge: 600 });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return reply.redirect(url.href, 303);
  });

  app.get(OIDC_CALLBACK, async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const raw = request.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { ...cookieOptions(settings), path: OIDC_PATH });
    let pending: Pending | undefined;
    try {
      pending = raw ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Pending : undefined;
    } catch { /* a damaged cookie is a missing one */ }
    if (!pending?.verifier || !pending.state || !pending.nonce) {
      return failure(request, reply, 'La connexion a expiré ou a été ouverte dans un autre navigateur : recommencez.');
    }
    try {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, new URL(request.url, settings.publicUrl), {
        pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      const all = { ...claims, ...info } as Record<string, unknown>;
      const name = [all.given_name, all.usual_name ?? all.family_name].filter((x) => typeof x === 'string' && x).join(' ') || (typeof all.name === 'string' ? all.name : '');
      const { token } = await signInWithOidc(deps, {
        issuer: config.serverMetadata().issuer, subject: claims.sub, email: typeof all.email === 'string' ? all.email : '',
        emailVerified: typeof all.email_verified === 'boolean' ? all.email_verified : undefined, name,
      }, request.session.token ?? undefined);
      setSessionCookie(reply, settings, token);
      return reply.redirect(pending.next ?? '/compte', 303);
    } catch (e) {
      if (e instanceof CommandError) return failure(request, reply, e.message, e.statusCode);
      request.log.warn({ error: (e as Error).message }, 'oidc callback refused');
      return failure(request, reply, 'La connexion par le fournisseur d’identité a échoué : recommencez, ou connectez-vous avec votre adresse électronique.');
    }
  });
};
