// The DSFR page layout: skip links, header with the « Bloc marque » République française and the
// service name, main navigation, main content, footer with the mandatory links and the data
// attribution. Every page of the application renders through `Layout`.
import type { ComponentChildren } from 'preact';
import { dsfr } from './assets';
import { Page, type PageContext } from './components/context';
import { Breadcrumb, type Crumb } from './components/dsfr';
import { UserMenu } from './account/user-menu';
import { prerendered } from './components/html';

export const SERVICE_NAME = 'Socle numérique';
export const SERVICE_TAGLINE = 'Appel à projets pour un socle numérique dans les écoles élémentaires';

interface NavItem { href: string; label: string; match: (path: string) => boolean }

const NAV: NavItem[] = [
  { href: '/', label: 'Accueil', match: (p) => p === '/' },
  { href: '/ecoles', label: 'Rechercher une école', match: (p) => p.startsWith('/ecoles') || p.startsWith('/communes') || p.startsWith('/epci') },
  { href: '/donnees', label: 'Données', match: (p) => p.startsWith('/donnees') },
];

export interface LayoutProps {
  /** The page's own title; the document title becomes « title – Socle numérique ». */
  title: string;
  ctx: PageContext;
  breadcrumb?: Crumb[];
  children: ComponentChildren;
}

const BRAND = prerendered(
  <div class="fr-header__brand fr-enlarge-link">
    <div class="fr-header__brand-top">
      <div class="fr-header__logo">
        <p class="fr-logo">République<br />française</p>
      </div>
      <div class="fr-header__navbar">
        <button type="button" class="fr-btn--menu fr-btn" data-fr-opened="false" aria-controls="modal-menu" aria-haspopup="menu" id="button-menu" title="Menu">Menu</button>
      </div>
    </div>
    <div class="fr-header__service">
      <a href="/" title={`Accueil - ${SERVICE_NAME} - République française`}>
        <p class="fr-header__service-title">{SERVICE_NAME}</p>
      </a>
      <p class="fr-header__service-tagline">{SERVICE_TAGLINE}</p>
    </div>
  </div>,
);

function Header({ path }: { path: string }) {
  return (
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            {BRAND()}
            <UserMenu />
          </div>
        </div>
      </div>
      <div class="fr-header__menu fr-modal" id="modal-menu" aria-labelledby="button-menu">
        <div class="fr-container">
          <button type="button" class="fr-btn--close fr-btn" aria-controls="modal-menu" title="Fermer">Fermer</button>
          <div class="fr-header__menu-links"></div>
          <nav class="fr-nav" id="navigation" role="navigation" aria-label="Menu principal">
            <ul class="fr-nav__list">
              {NAV.map((item) => (
                <li class="fr-nav__item" key={item.href}>
                  <a class="fr-nav__link" href={item.href} aria-current={item.match(path) ? 'page' : undefined}>{item.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
    </header>
  );
}

const FOOTER = prerendered(
  <footer class="fr-footer" role="contentinfo" id="footer">
    <div class="fr-container">
      <div class="fr-footer__body">
        <div class="fr-footer__brand fr-enlarge-link">
          <a href="/" title={`Retour à l’accueil du site - ${SERVICE_NAME} - République française`}>
            <p class="fr-logo">République<br />française</p>
          </a>
        </div>
        <div class="fr-footer__content">
          <p class="fr-footer__content-desc">
            {SERVICE_NAME} accompagne l’appel à projets « Socle numérique dans les écoles élémentaires » du
            ministère de l’Éducation nationale (direction du numérique pour l’éducation), au titre du plan de relance.
          </p>
          <p class="fr-footer__content-desc">
            Données : ministère de l’Éducation nationale (DEPP), Licence Ouverte 2.0 ; découpage administratif : Etalab.{' '}
            <a href="/donnees">Sources et dates des données</a>
          </p>
          <ul class="fr-footer__content-list">
            {[
              ['https://www.info.gouv.fr', 'info.gouv.fr'],
              ['https://www.service-public.fr', 'service-public.fr'],
              ['https://www.legifrance.gouv.fr', 'legifrance.gouv.fr'],
              ['https://www.data.gouv.fr', 'data.gouv.fr'],
            ].map(([href, label]) => (
              <li class="fr-footer__content-item" key={href}>
                <a class="fr-footer__content-link" href={href} target="_blank" rel="noopener" title={`${label} - nouvelle fenêtre`}>{label}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div class="fr-footer__bottom">
        <ul class="fr-footer__bottom-list">
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/plan-du-site">Plan du site</a></li>
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/accessibilite">Accessibilité : non conforme</a></li>
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/mentions-legales">Mentions légales</a></li>
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/donnees-personnelles">Données personnelles</a></li>
          <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/donnees">Données de référence</a></li>
        </ul>
        <div class="fr-footer__bottom-copy">
          <p>
            Sauf mention explicite de propriété intellectuelle détenue par des tiers, les contenus de ce site sont proposés sous{' '}
            <a href="https://github.com/etalab/licence-ouverte/blob/master/LO.md" target="_blank" rel="noopener" title="Licence Ouverte 2.0 - nouvelle fenêtre">Licence Ouverte 2.0</a>.
          </p>
        </div>
      </div>
    </div>
  </footer>,
);

// The parts of every page that depend on nothing of the request, rendered once.
const HEAD_START = prerendered(
  <>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
    <meta name="format-detection" content="telephone=no,date=no,address=no,email=no,url=no" />
  </>,
);
const HEAD_END = prerendered(
  <>
    <meta name="theme-color" content="#000091" />
    <link rel="stylesheet" href={dsfr('dsfr.min.css')} />
    <link rel="stylesheet" href={dsfr('utility/icons/icons.min.css')} />
    <link rel="apple-touch-icon" href={dsfr('favicon/apple-touch-icon.png')} />
    <link rel="icon" href={dsfr('favicon/favicon.svg')} type="image/svg+xml" />
    <link rel="shortcut icon" href={dsfr('favicon/favicon.ico')} type="image/x-icon" />
    <link rel="manifest" href={dsfr('favicon/manifest.webmanifest')} />
  </>,
);
const SKIPLINKS = prerendered(
  <div class="fr-skiplinks">
    <nav class="fr-container" role="navigation" aria-label="Accès rapide">
      <ul class="fr-skiplinks__list">
        <li><a class="fr-link" href="#contenu">Aller au contenu</a></li>
        <li><a class="fr-link" href="#navigation">Aller au menu</a></li>
        <li><a class="fr-link" href="#footer">Aller au pied de page</a></li>
      </ul>
    </nav>
  </div>,
);
const SCRIPTS = prerendered(
  <>
    <script type="module" src={dsfr('dsfr.module.min.js')}></script>
    <script noModule src={dsfr('dsfr.nomodule.min.js')}></script>
  </>,
);

export function Layout(props: LayoutProps) {
  const { ctx } = props;
  return (
    <html lang="fr">
      <head>
        {HEAD_START()}
        <title>{`${props.title} – ${SERVICE_NAME}`}</title>
        {HEAD_END()}
      </head>
      <body>
        <Page.Provider value={ctx}>
          {SKIPLINKS()}
          <Header path={ctx.path} />
          <main id="contenu" role="main" tabIndex={-1}>
            <div class="fr-container fr-pb-8w">
              {props.breadcrumb && <Breadcrumb items={props.breadcrumb} />}
              {!props.breadcrumb && <div class="fr-pt-4w" />}
              {props.children}
            </div>
          </main>
          {FOOTER()}
        </Page.Provider>
        {SCRIPTS()}
      </body>
    </html>
  );
}
