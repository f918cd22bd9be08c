// The account journey: sign-in, sign-out, sign-up, e-mail verification, password reset, my account,
// and the demo's outbox. Anonymous forms are protected by the double-submit CSRF cookie, set only by
// these pages; routes stay thin and call the commands of src/commands/accounts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CommandError, requestPasswordReset, resendVerification, resetLinkState, resetPassword, signIn, signOut, signUp, verifyEmail,
} from '../../commands/accounts';
import { emailField, text, validate } from '../../commands/accounts/validation';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { listMails } from '../../data/mails';
import { organisationsOf } from '../../data/organisations';
import { findUserById } from '../../data/users';
import { Mailer } from '../../mail/mailer';
import { authorize } from '../../policies';
import { pageContext } from '../context';
import { NotFoundPage } from '../errors';
import { sendPage } from '../render';
import { issueFormToken } from '../plugins/csrf';
import { clearSessionCookie, requireSignIn, safeNext, setSessionCookie } from '../plugins/session';
import { AccountPage, EmailFormPage, MessagePage, NewPasswordPage, OutboxPage, SignInPage, SignUpPage, type SignInNotice } from './pages';
import { demoClock } from '../dossiers';

const anonymousForm = { config: { csrf: 'anonymous' as const } };
const body = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body as Record<string, unknown> : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const signInSchema = z.object({
  email: emailField,
  password: z.string({ error: 'Saisissez votre mot de passe.' }).min(1, { error: 'Saisissez votre mot de passe.' }).max(128, { error: 'Le mot de passe compte 128 caractères au plus.' }),
});
const signUpSchema = z.object({
  displayName: text('vos prénom et nom', 120, 2),
  email: emailField,
  password: z.string({ error: 'Saisissez un mot de passe.' }),
  invitation: z.string().max(100).optional(),
});
const emailSchema = z.object({ email: emailField });

export const accountRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  // A dossier invitation is dated by the dossier pages' clock, which replays the 2021 call in the demo.
  const deps = { db, mailer: new Mailer(settings), ...(settings.demo ? { dossierNow: demoClock() } : {}) };
  const oidc = settings.oidc !== undefined;

  const nextOf = (request: FastifyRequest) => safeNext((request.query as Record<string, unknown>).suite);

  const signInPage = (request: FastifyRequest, reply: FastifyReply, props: { email?: string; errors?: Record<string, string>; notice?: SignInNotice }, status = 200) => {
    issueFormToken(request, reply);
    return sendPage(reply, <SignInPage ctx={pageContext(request)} next={nextOf(request)} oidc={oidc} {...props} />, status);
  };

  app.get('/connexion', async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const q = request.query as Record<string, unknown>;
    const notice: SignInNotice | undefined = q.inscrit === '1' ? { kind: 'signed_up' } : q.modifie === '1' ? { kind: 'password_changed' } : q.deconnecte === '1' ? { kind: 'signed_out' } : undefined;
    return signInPage(request, reply, { notice });
  });

  app.post('/connexion', anonymousForm, async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const v = validate(signInSchema, body(request));
    if (!v.ok) return signInPage(request, reply, { email: str(body(request).email), errors: v.errors }, 400);
    const result = await signIn(deps, { email: v.data.email, password: v.data.password, address: request.ip, previousToken: request.session.token ?? undefined });
    switch (result.status) {
      case 'ok':
        setSessionCookie(reply, settings, result.token);
        return reply.redirect(nextOf(request) ?? '/compte', 303);
      case 'invalid':
        request.log.info('sign-in refused');
        return signInPage(request, reply, { email: v.data.email, notice: { kind: 'invalid' } }, 401);
      case 'unverified':
        return signInPage(request, reply, { email: v.data.email, notice: { kind: 'unverified', email: v.data.email } }, 403);
      case 'throttled':
        request.log.info('sign-in throttled');
        reply.header('retry-after', String(Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 1000))));
        return signInPage(request, reply, { email: v.data.email, notice: { kind: 'throttled', retryAt: result.retryAt } }, 429);
    }
  });

  app.post('/deconnexion', { preHandler: requireSignIn }, async (request, reply) => {
    authorize(request.user, 'delete', 'session');
    if (request.session.token) await signOut(deps, request.session.token);
    clearSessionCookie(reply, settings);
    return reply.redirect('/connexion?deconnecte=1', 303);
  });

  // -- sign-up and verification ----------------------------------------------------------------

  const signUpPage = (request: FastifyRequest, reply: FastifyReply, props: { values?: { displayName?: string; email?: string }; errors?: Record<string, string>; invitation?: string }, status = 200) => {
    issueFormToken(request, reply);
    return sendPage(reply, <SignUpPage ctx={pageContext(request)} {...props} />, status);
  };

  app.get('/inscription', async (request, reply) => {
    if (request.user) return reply.redirect('/compte', 303);
    authorize(request.user, 'create', 'account');
    const invitation = str((request.query as Record<string, unknown>).invitation).slice(0, 100) || undefined;
    return signUpPage(request, reply, { invitation });
  });

  app.post('/inscription', anonymousForm, async (request, reply) => {
    if (request.user) return reply.redirect('/compte', 303);
    authorize(request.user, 'create', 'account');
    const raw = body(request);
    const values = { displayName: str(raw.displayName), email: str(raw.email) };
    const invitation = str(raw.invitation) || undefined;
    const v = validate(signUpSchema, raw);
    if (!v.ok) return signUpPage(request, reply, { values, errors: v.errors, invitation }, 400);
    try {
      const result = await signUp(deps, v.data);
      if (result.status === 'verified_by_invitation') {
        const back = result.invitation === 'dossier' ? `/dossiers/invitations/${invitation}` : `/invitations/${invitation}`;
        return reply.redirect(`/connexion?inscrit=1&suite=${encodeURIComponent(back)}`, 303);
      }
      return sendPage(reply, <MessagePage ctx={pageContext(request)} title="Consultez votre messagerie" kind="success"
        message={`Si l’adresse ${v.data.email} peut recevoir un compte, un courriel vient d’y être envoyé : ouvrez le lien qu’il contient (valable 48 heures) pour confirmer votre adresse, puis connectez-vous. Pensez à regarder dans les courriers indésirables.`}
        link={{ href: '/connexion', label: 'Aller à la connexion' }} />);
    } catch (e) {
      if (e instanceof CommandError && e.field) return signUpPage(request, reply, { values, errors: { [e.field]: e.message }, invitation }, 400);
      throw e;
    }
  });

  app.get('/compte/verifier/:token', async (request, reply) => {
    authorize(request.user, 'create', 'account');
    const result = await verifyEmail(deps, (request.params as { token: string }).token);
    const ctx = pageContext(request);
    switch (result) {
      case 'verified':
        return sendPage(reply, <MessagePage ctx={ctx} title="Adresse confirmée" kind="success" message="Votre adresse électronique est confirmée : vous pouvez vous connecter." link={{ href: '/connexion', label: 'Se connecter' }} />);
      case 'already_verified':
        return sendPage(reply, <MessagePage ctx={ctx} title="Lien déjà utilisé" kind="info" message="Ce lien de confirmation a déjà servi : si votre adresse est confirmée, connectez-vous." link={{ href: '/connexion', label: 'Se connecter' }} />, 410);
      case 'expired':
        return sendPage(reply, <MessagePage ctx={ctx} title="Lien expiré" kind="error" message="Ce lien de confirmation a expiré (il vaut 48 heures) : demandez-en un nouveau." link={{ href: '/inscription/renvoyer', label: 'Recevoir un nouveau lien' }} />, 410);
      default:
        return sendPage(reply, <MessagePage ctx={ctx} title="Lien non valable" kind="error" message="Ce lien de confirmation n’est pas valable : vérifiez qu’il est complet, ou demandez-en un nouveau." link={{ href: '/inscription/renvoyer', label: 'Recevoir un nouveau lien' }} />, 404);
    }
  });

  const resendPage = (request: FastifyRequest, reply: FastifyReply, email?: string, error?: string, status = 200) => {
    issueFormToken(request, reply);
    return sendPage(reply, <EmailFormPage ctx={pageContext(request)} title="Recevoir un nouveau lien de confirmation" lead="Saisissez l’adresse de votre compte : si elle n’est pas encore confirmée, un nouveau lien lui est envoyé."
      action="/inscription/renvoyer" button="Envoyer le lien" email={email} error={error} />, status);
  };
  app.get('/inscription/renvoyer', async (request, reply) => {
    authorize(request.user, 'create', 'account');
    return resendPage(request, reply);
  });
  app.post('/inscription/renvoyer', anonymousForm, async (request, reply) => {
    authorize(request.user, 'create', 'account');
    const v = validate(emailSchema, body(request));
    if (!v.ok) return resendPage(request, reply, str(body(request).email), v.errors.email, 400);
    await resendVerification(deps, v.data.email);
    return sendPage(reply, <MessagePage ctx={pageContext(request)} title="Consultez votre messagerie" kind="success"
      message={`Si un compte non confirmé existe pour ${v.data.email}, un nouveau lien de confirmation vient de lui être envoyé (valable 48 heures).`} link={{ href: '/connexion', label: 'Aller à la connexion' }} />);
  });

  // -- password reset ----------------------------------------------------------------------------

  const forgotPage = (request: FastifyRequest, reply: FastifyReply, email?: string, error?: string, status = 200) => {
    issueFormToken(request, reply);
    return sendPage(reply, <EmailFormPage ctx={pageContext(request)} title="Mot de passe oublié" lead="Saisissez l’adresse électronique de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe."
      action="/mot-de-passe-oublie" button="Recevoir le lien" email={email} error={error} />, status);
  };
  app.get('/mot-de-passe-oublie', async (request, reply) => {
    authorize(request.user, 'create', 'session');
    return forgotPage(request, reply);
  });
  app.post('/mot-de-passe-oublie', anonymousForm, async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const v = validate(emailSchema, body(request));
    if (!v.ok) return forgotPage(request, reply, str(body(request).email), v.errors.email, 400);
    await requestPasswordReset(deps, v.data.email);
    return sendPage(reply, <MessagePage ctx={pageContext(request)} title="Consultez votre messagerie" kind="success"
      message={`Si un compte existe pour ${v.data.email}, un lien pour choisir un nouveau mot de passe vient de lui être envoyé (valable 1 heure, utilisable une seule fois).`} link={{ href: '/connexion', label: 'Aller à la connexion' }} />);
  });

  const linkProblem = (request: FastifyRequest, reply: FastifyReply, state: 'used' | 'expired' | 'unknown') => sendPage(reply,
    <MessagePage ctx={pageContext(request)} title="Lien non valable" kind="error"
      message={state === 'used' ? 'Ce lien a déjà servi : il n’est utilisable qu’une fois. Demandez-en un nouveau si besoin.'
        : state === 'expired' ? 'Ce lien a expiré (il vaut 1 heure) : demandez-en un nouveau.'
          : 'Ce lien n’est pas valable : vérifiez qu’il est complet, ou demandez-en un nouveau.'}
      link={{ href: '/mot-de-passe-oublie', label: 'Demander un nouveau lien' }} />, state === 'unknown' ? 404 : 410);

  app.get('/mot-de-passe/nouveau/:token', async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const token = (request.params as { token: string }).token;
    const state = await resetLinkState(deps, token);
    if (state !== 'valid') return linkProblem(request, reply, state);
    issueFormToken(request, reply);
    return sendPage(reply, <NewPasswordPage ctx={pageContext(request)} token={token} />);
  });
  app.post('/mot-de-passe/nouveau/:token', anonymousForm, async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const token = (request.params as { token: string }).token;
    try {
      const state = await resetPassword(deps, token, str(body(request).password));
      if (state !== 'valid') return linkProblem(request, reply, state);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      issueFormToken(request, reply);
      return sendPage(reply, <NewPasswordPage ctx={pageContext(request)} token={token} error={e.message} />, 400);
    }
    if (request.session.token) clearSessionCookie(reply, settings);
    return reply.redirect('/connexion?modifie=1', 303);
  });

  // -- my account ----------------------------------------------------------------------------

  app.get('/compte', { preHandler: requireSignIn }, async (request, reply) => {
    authorize(request.user, 'read', 'account');
    const user = await findUserById(db.kysely, request.user!.id);
    if (!user) return reply.redirect('/connexion', 303);
    const organisations = await organisationsOf(db.kysely, user.id);
    return sendPage(reply, <AccountPage ctx={pageContext(request)} email={user.email} name={user.display_name} organisations={organisations} oidc={user.oidc_subject !== null} />);
  });

  // -- the demo's outbox -----------------------------------------------------------------------

  app.get('/boite-mail', async (request, reply) => {
    if (!settings.demo) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} />, 404);
    authorize(request.user, 'read', 'outbox');
    const mails = await listMails(db.kysely, { limit: 50 });
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <OutboxPage ctx={pageContext(request)} mails={mails} publicUrl={settings.publicUrl} />);
  });

  // openid-client is loaded only where OpenID Connect is configured.
  if (settings.oidc) await app.register((await import('./oidc')).oidcRoutes, { db, settings });
};
