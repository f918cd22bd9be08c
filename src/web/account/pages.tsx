// Pages of the account journey: sign-in, sign-up, verification, password reset, my account, and the
// demo's outbox. DSFR markup; every form works without JavaScript.
import type { ComponentChildren } from 'preact';
import type { Mail } from '../../data/mails';
import type { MemberRole, Organisation } from '../../data/organisations';
import type { PageContext } from '../components/context';
import { Alert } from '../components/dsfr';
import { ErrorSummary, Field, type FieldErrors } from '../components/fields';
import { Form } from '../components/form';
import { Layout } from '../layout';
import { PASSWORD_RULES } from '../../commands/accounts/passwords';
import { ROLE_LABELS } from '../organisations/labels';
import { formatParis } from '../../domain/paris-time';

const crumbs = (label: string) => [{ label: 'Accueil', href: '/' }, { label }];

function Narrow({ children }: { children: ComponentChildren }) {
  return (
    <div class="fr-grid-row fr-grid-row--center">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">{children}</div>
    </div>
  );
}

const SIGN_IN_LABELS = { email: 'Adresse électronique', password: 'Mot de passe' };

export type SignInNotice =
  | { kind: 'invalid' } | { kind: 'throttled'; retryAt: Date } | { kind: 'unverified'; email: string }
  | { kind: 'signed_up' } | { kind: 'password_changed' } | { kind: 'oidc_error'; message: string } | { kind: 'signed_out' };

const parisTime = (d: Date) => formatParis(d, 'time').replace(':', ' h ');

export function retryMessage(retryAt: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `Trop de tentatives de connexion échouées. Par sécurité, la connexion est suspendue : réessayez à partir de ${parisTime(retryAt)} (heure de Paris), soit dans ${minutes} minute${minutes > 1 ? 's' : ''}. Si vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau.`;
}

function Notice({ notice }: { notice?: SignInNotice }) {
  if (!notice) return null;
  switch (notice.kind) {
    case 'invalid':
      return <Alert kind="error" title="Connexion refusée"><p>Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie, ou choisissez un nouveau mot de passe.</p></Alert>;
    case 'throttled':
      return <Alert kind="error" title="Connexion suspendue"><p>{retryMessage(notice.retryAt)}</p></Alert>;
    case 'unverified':
      return (
        <Alert kind="warning" title="Adresse électronique à confirmer">
          <p>Votre adresse n’est pas encore confirmée : ouvrez le lien que nous vous avons envoyé par courriel.</p>
          <Form action="/inscription/renvoyer">
            <input type="hidden" name="email" value={notice.email} />
            <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w">Recevoir un nouveau lien</button>
          </Form>
        </Alert>
      );
    case 'signed_up':
      return <Alert kind="success" title="Compte créé"><p>Votre adresse est confirmée par l’invitation : connectez-vous pour l’accepter.</p></Alert>;
    case 'password_changed':
      return <Alert kind="success" title="Mot de passe changé"><p>Connectez-vous avec votre nouveau mot de passe.</p></Alert>;
    case 'oidc_error':
      return <Alert kind="error" title="Connexion impossible"><p>{notice.message}</p></Alert>;
    case 'signed_out':
      return <Alert kind="info" title="Vous êtes déconnecté"><p>À bientôt.</p></Alert>;
  }
}

export function SignInPage(props: { ctx: PageContext; next?: string; email?: string; errors?: FieldErrors; notice?: SignInNotice; oidc: boolean }) {
  const errors = props.errors ?? {};
  const nextQuery = props.next ? `?suite=${encodeURIComponent(props.next)}` : '';
  return (
    <Layout title="Se connecter" ctx={props.ctx} breadcrumb={crumbs('Se connecter')}>
      <Narrow>
        <h1>Se connecter à Socle numérique</h1>
        <Notice notice={props.notice} />
        <ErrorSummary errors={errors} labels={SIGN_IN_LABELS} />
        {props.oidc && (
          <div class="fr-mb-4w">
            <h2 class="fr-h4">Avec ProConnect</h2>
            <div class="fr-connect-group">
              <a class="fr-btn fr-connect" href={`/connexion/oidc${nextQuery}`}>
                <span class="fr-connect__login">S’identifier avec</span>{' '}
                <span class="fr-connect__brand">ProConnect</span>
              </a>
            </div>
            <p class="fr-hr-or">ou</p>
          </div>
        )}
        <h2 class="fr-h4">Avec votre adresse électronique</h2>
        <Form action={`/connexion${nextQuery}`} noValidate>
          <fieldset class="fr-fieldset" aria-label="Identifiants">
            <div class="fr-fieldset__element">
              <Field name="email" type="email" label="Adresse électronique" hint="Format attendu : nom@domaine.fr" autocomplete="email" value={props.email} error={errors.email} required maxLength={254} spellcheck={false} />
            </div>
            <div class="fr-fieldset__element">
              <Field name="password" type="password" label="Mot de passe" autocomplete="current-password" error={errors.password} required maxLength={128} />
              <p class="fr-mt-1w"><a class="fr-link" href="/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
            </div>
          </fieldset>
          <button type="submit" class="fr-btn">Se connecter</button>
        </Form>
        <hr class="fr-mt-4w" />
        <h2 class="fr-h4">Vous n’avez pas de compte ?</h2>
        <a class="fr-btn fr-btn--secondary" href={`/inscription${invitationOf(props.next) ? `?invitation=${encodeURIComponent(invitationOf(props.next)!)}` : ''}`}>Créer un compte</a>
      </Narrow>
    </Layout>
  );
}

/** The invitation token of a page to come back to: an organisation's or a dossier's invitation. */
const invitationOf = (next: string | undefined): string | undefined =>
  /^\/(?:dossiers\/)?invitations\/([A-Za-z0-9_-]{20,100})$/.exec(next ?? '')?.[1];

const SIGN_UP_LABELS = { displayName: 'Prénom et nom', email: 'Adresse électronique', password: 'Mot de passe' };

export function SignUpPage(props: { ctx: PageContext; values?: { displayName?: string; email?: string }; errors?: FieldErrors; invitation?: string }) {
  const errors = props.errors ?? {};
  return (
    <Layout title="Créer un compte" ctx={props.ctx} breadcrumb={crumbs('Créer un compte')}>
      <Narrow>
        <h1>Créer un compte</h1>
        <p>Le compte sert aux agents des collectivités (communes, intercommunalités) et aux équipes des écoles invitées à un dossier. Un lien de confirmation est envoyé à l’adresse saisie.</p>
        <ErrorSummary errors={errors} labels={SIGN_UP_LABELS} />
        <Form action="/inscription" noValidate>
          {props.invitation && <input type="hidden" name="invitation" value={props.invitation} />}
          <Field name="displayName" label="Prénom et nom" autocomplete="name" value={props.values?.displayName} error={errors.displayName} required maxLength={120} />
          <Field name="email" type="email" label="Adresse électronique" hint="Votre adresse professionnelle, par exemple prenom.nom@mairie-exemple.fr" autocomplete="email" value={props.values?.email} error={errors.email} required maxLength={254} spellcheck={false} />
          <Field name="password" type="password" label="Mot de passe" hint={PASSWORD_RULES} autocomplete="new-password" error={errors.password} required maxLength={128} />
          <button type="submit" class="fr-btn">Créer mon compte</button>
        </Form>
        <p class="fr-mt-4w">Vous avez déjà un compte ? <a href="/connexion">Se connecter</a></p>
        <p class="fr-text--sm">Les données saisies servent à gérer votre accès à la plateforme : voir <a href="/donnees-personnelles">Données personnelles</a>.</p>
      </Narrow>
    </Layout>
  );
}

/** A one-message page (mail sent, link used…), with a link onwards. */
export function MessagePage(props: { ctx: PageContext; title: string; kind: 'success' | 'info' | 'error' | 'warning'; message: string; link?: { href: string; label: string } }) {
  return (
    <Layout title={props.title} ctx={props.ctx} breadcrumb={crumbs(props.title)}>
      <Narrow>
        <h1>{props.title}</h1>
        <Alert kind={props.kind} title={props.title}><p>{props.message}</p></Alert>
        {props.link && <a class="fr-btn" href={props.link.href}>{props.link.label}</a>}
      </Narrow>
    </Layout>
  );
}

export function EmailFormPage(props: { ctx: PageContext; title: string; lead: string; action: string; button: string; email?: string; error?: string }) {
  return (
    <Layout title={props.title} ctx={props.ctx} breadcrumb={crumbs(props.title)}>
      <Narrow>
        <h1>{props.title}</h1>
        <p>{props.lead}</p>
        <ErrorSummary errors={{ email: props.error }} labels={{ email: 'Adresse électronique' }} />
        <Form action={props.action} noValidate>
          <Field name="email" type="email" label="Adresse électronique" hint="Format attendu : nom@domaine.fr" autocomplete="email" value={props.email} error={props.error} required maxLength={254} spellcheck={false} />
          <button type="submit" class="fr-btn">{props.button}</button>
        </Form>
      </Narrow>
    </Layout>
  );
}

export function NewPasswordPage(props: { ctx: PageContext; token: string; error?: string }) {
  return (
    <Layout title="Choisir un nouveau mot de passe" ctx={props.ctx} breadcrumb={crumbs('Nouveau mot de passe')}>
      <Narrow>
        <h1>Choisir un nouveau mot de passe</h1>
        <ErrorSummary errors={{ password: props.error }} labels={{ password: 'Nouveau mot de passe' }} />
        <Form action={`/mot-de-passe/nouveau/${props.token}`} noValidate>
          <Field name="password" type="password" label="Nouveau mot de passe" hint={PASSWORD_RULES} autocomplete="new-password" error={props.error} required maxLength={128} />
          <button type="submit" class="fr-btn">Enregistrer le mot de passe</button>
        </Form>
      </Narrow>
    </Layout>
  );
}

export function AccountPage(props: { ctx: PageContext; email: string; name: string; organisations: Array<Organisation & { role: MemberRole }>; oidc: boolean }) {
  return (
    <Layout title="Mon compte" ctx={props.ctx} breadcrumb={crumbs('Mon compte')}>
      <h1>Mon compte</h1>
      <p><strong>{props.name}</strong> — {props.email}{props.oidc ? ' (connexion ProConnect liée)' : ''}</p>
      <h2>Mes collectivités</h2>
      {props.organisations.length === 0
        ? <p>Vous ne représentez encore aucune collectivité.</p>
        : (
          <ul>
            {props.organisations.map((o) => (
              <li key={o.id}>
                <a href={`/organisations/${o.id}`}>{o.name}</a> — {ROLE_LABELS[o.role]}
                {o.confirmedAt ? '' : ' (en attente de confirmation)'}
              </li>
            ))}
          </ul>
        )}
      <a class="fr-btn fr-btn--secondary" href="/organisations">Rechercher ma collectivité</a>
      <h2 class="fr-mt-4w">Mot de passe</h2>
      <p><a href="/mot-de-passe-oublie">Changer de mot de passe</a> (un lien vous est envoyé par courriel).</p>
    </Layout>
  );
}

/** The demo's outbox: the mails the platform sent, with their links clickable. */
export function OutboxPage({ ctx, mails, publicUrl }: { ctx: PageContext; mails: Mail[]; publicUrl: string }) {
  return (
    <Layout title="Boîte d’envoi de démonstration" ctx={ctx} breadcrumb={crumbs('Boîte d’envoi')}>
      <h1>Boîte d’envoi de démonstration</h1>
      <Alert kind="info" title="Démonstration">
        <p>Cette instance n’envoie pas de courriels : ils sont gardés ici pour la démonstration. Cette page n’existe pas en production.</p>
      </Alert>
      {mails.length === 0 && <p>Aucun courriel envoyé pour l’instant.</p>}
      {mails.map((m) => (
        <article class="fr-card fr-mb-3w" key={m.id}>
          <div class="fr-card__body">
            <div class="fr-card__content">
              <h2 class="fr-card__title">{m.subject}</h2>
              <p class="fr-card__desc">À : {m.to} — {formatParis(m.createdAt, 'shortSeconds')}</p>
              <div class="fr-mt-2w">{linkify(m.text, publicUrl)}</div>
            </div>
          </div>
        </article>
      ))}
    </Layout>
  );
}

/** Lines as paragraphs, URLs as links; links to this platform become relative, so that they work
 * whatever address the demo is browsed at. */
function linkify(text: string, publicUrl: string) {
  const local = (url: string) => (url.startsWith(`${publicUrl}/`) ? url.slice(publicUrl.length) : url);
  return text.split('\n').map((line, i) => {
    const parts = line.split(/(https?:\/\/\S+)/g);
    return <p class="fr-mb-1v" key={i}>{parts.map((p, j) => (/^https?:\/\//.test(p) ? <a key={j} href={local(p)}>{p}</a> : p))}</p>;
  });
}
