// Mandatory pages of a State website: accessibility statement, legal notice, personal data,
// site map.
import type { PageContext } from '../components/context';
import { Callout } from '../components/dsfr';
import { Layout, SERVICE_NAME } from '../layout';

const crumbs = (label: string) => [{ label: 'Accueil', href: '/' }, { label }];

export function AccessibilityPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout title="Déclaration d’accessibilité" ctx={ctx} breadcrumb={crumbs('Déclaration d’accessibilité')}>
      <h1>Déclaration d’accessibilité</h1>
      <p>
        Le ministère de l’Éducation nationale s’engage à rendre ses sites internet, intranet, extranet et ses progiciels
        accessibles conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
      </p>
      <p>Cette déclaration d’accessibilité s’applique au service en ligne « {SERVICE_NAME} ».</p>

      <h2>État de conformité</h2>
      <p>
        « {SERVICE_NAME} » est <strong>non conforme</strong> avec le référentiel général d’amélioration de
        l’accessibilité (RGAA), version 4.1, en raison de l’absence d’audit de conformité à ce jour.
      </p>
      <Callout title="Audit à venir">
        <p>
          Aucun audit de conformité n’a encore été réalisé. Les pages sont construites avec le système de design de
          l’État (DSFR) et vérifiées automatiquement (axe-core) à chaque évolution ; cette vérification ne remplace pas
          un audit. Cette déclaration sera mise à jour après l’audit.
        </p>
      </Callout>

      <h2>Contenus non accessibles</h2>
      <p>En l’absence d’audit, les non-conformités et dérogations ne sont pas encore établies.</p>

      <h2>Établissement de cette déclaration d’accessibilité</h2>
      <p>Cette déclaration a été établie lors de la mise en ligne du service. Technologies utilisées : HTML5, CSS, JavaScript (amélioration facultative : les pages fonctionnent sans).</p>

      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter la direction du numérique
        pour l’éducation du ministère de l’Éducation nationale pour être orienté vers une alternative accessible ou
        obtenir le contenu sous une autre forme, par le formulaire de contact du ministère :{' '}
        <a href="https://www.education.gouv.fr/nous-contacter" target="_blank" rel="noopener" title="Nous contacter, education.gouv.fr - nouvelle fenêtre">education.gouv.fr/nous-contacter</a>.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou une fonctionnalité du
        site, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en
        droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des droits :
      </p>
      <ul>
        <li>
          écrire un message au Défenseur des droits par le{' '}
          <a href="https://formulaire.defenseurdesdroits.fr/" target="_blank" rel="noopener" title="Formulaire du Défenseur des droits - nouvelle fenêtre">formulaire en ligne</a> ;
        </li>
        <li>
          contacter le délégué du Défenseur des droits dans votre région (
          <a href="https://www.defenseurdesdroits.fr/saisir/delegues" target="_blank" rel="noopener" title="Délégués du Défenseur des droits - nouvelle fenêtre">liste des délégués</a>) ;
        </li>
        <li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
      </ul>
    </Layout>
  );
}

export function LegalNoticePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout title="Mentions légales" ctx={ctx} breadcrumb={crumbs('Mentions légales')}>
      <h1>Mentions légales</h1>

      <h2>Éditeur</h2>
      <p>
        Ministère de l’Éducation nationale – direction du numérique pour l’éducation (DNE),
        110 rue de Grenelle, 75357 Paris SP 07.
      </p>
      <p>Directeur ou directrice de la publication : la directrice ou le directeur du numérique pour l’éducation.</p>

      <h2>Hébergement</h2>
      <Callout title="À compléter par le déploiement">
        <p>
          Le nom, l’adresse et le contact de l’hébergeur de cette instance sont à compléter par l’équipe qui la
          déploie, avant toute ouverture au public.
        </p>
      </Callout>

      <h2>Système de design de l’État</h2>
      <p>
        Ce site utilise le système de design de l’État (DSFR). Son usage est réservé aux sites internet des services
        de l’État ; « {SERVICE_NAME} » est un service du ministère de l’Éducation nationale.
      </p>

      <h2>Données et réutilisation</h2>
      <p>
        Les données de référence (écoles, communes, intercommunalités, académies) proviennent du ministère de
        l’Éducation nationale (DEPP) et d’Etalab, sous Licence Ouverte 2.0 : voir{' '}
        <a href="/donnees">les sources et dates des données</a>.
      </p>

      <h2>Accessibilité</h2>
      <p>Voir la <a href="/accessibilite">déclaration d’accessibilité</a> (non conforme, audit à venir).</p>
    </Layout>
  );
}

export function PersonalDataPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout title="Données personnelles" ctx={ctx} breadcrumb={crumbs('Données personnelles')}>
      <h1>Données personnelles</h1>
      <h2>Consultation sans compte</h2>
      <p>
        Les pages publiques (présentation de l’appel à projets, recherche d’écoles, communes et intercommunalités)
        se consultent sans compte. Elles ne déposent <strong>aucun cookie</strong> et n’enregistrent rien vous
        concernant dans la base de données du service ; aucun outil de mesure d’audience n’est utilisé.
      </p>
      <h2>Journaux techniques</h2>
      <p>
        Pour la sécurité et le bon fonctionnement du service, le serveur journalise chaque requête (adresse de la page
        sans ses paramètres de recherche, code de réponse, durée, identifiant technique de la requête). Ces journaux
        ne contiennent ni vos recherches ni votre adresse IP.
      </p>
      <h2>Espaces avec compte</h2>
      <p>
        Les espaces réservés aux collectivités, aux équipes des écoles et aux services instructeurs feront l’objet
        d’informations complémentaires (responsable de traitement, finalités, durées de conservation, droits) à leur
        ouverture.
      </p>
      <h2>Vos droits</h2>
      <p>
        Vous pouvez exercer vos droits d’accès, de rectification et d’opposition auprès du délégué à la protection des
        données du ministère de l’Éducation nationale, et introduire une réclamation auprès de la{' '}
        <a href="https://www.cnil.fr/fr/plaintes" target="_blank" rel="noopener" title="CNIL, plaintes - nouvelle fenêtre">CNIL</a>.
      </p>
    </Layout>
  );
}

export function SiteMapPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout title="Plan du site" ctx={ctx} breadcrumb={crumbs('Plan du site')}>
      <h1>Plan du site</h1>
      <ul>
        <li><a href="/">Accueil : l’appel à projets</a></li>
        <li><a href="/ecoles">Rechercher une école</a> (fiches des écoles, communes et intercommunalités)</li>
        <li><a href="/donnees">Données de référence : sources, licences et dates</a></li>
        <li><a href="/accessibilite">Déclaration d’accessibilité</a></li>
        <li><a href="/mentions-legales">Mentions légales</a></li>
        <li><a href="/donnees-personnelles">Données personnelles</a></li>
      </ul>
    </Layout>
  );
}
