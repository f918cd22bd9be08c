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
        Les agents des collectivités (communes, intercommunalités), les équipes des écoles (directeurs et directrices,
        IEN, ERUN) et les services instructeurs utilisent un compte personnel.
      </p>
      <h3>Responsable du traitement et finalités</h3>
      <p>
        Le responsable du traitement est le ministère de l’Éducation nationale (direction du numérique pour
        l’éducation). Les données servent uniquement à instruire l’appel à projets « Socle numérique dans les écoles
        élémentaires » : gérer les accès à la plateforme, préparer et déposer les dossiers avec les équipes des
        écoles, les instruire, signer les conventions et verser les subventions. Base légale : l’exécution d’une
        mission d’intérêt public (article 6.1.e du RGPD).
      </p>
      <h3>Données conservées</h3>
      <ul>
        <li>pour chaque compte : nom et prénom, adresse électronique professionnelle, mot de passe sous forme chiffrée
          (argon2id, jamais en clair), date de confirmation de l’adresse et, en cas de connexion par ProConnect,
          l’identifiant transmis par ce service ;</li>
        <li>les collectivités représentées et le rôle de chacun (administrateur, rédacteur, lecteur), les invitations
          envoyées (adresse et rôle) ;</li>
        <li>les noms, fonctions et adresses électroniques des membres des équipes des écoles invités à un dossier ;</li>
        <li>pour la collectivité : SIRET, nom et qualité du signataire, IBAN, adresse postale ;</li>
        <li>les traces de connexion : sessions ouvertes (date de création et de dernière activité ; seul un condensé
          du cookie est conservé) et tentatives de connexion échouées (adresse électronique saisie et adresse IP, pour
          bloquer les attaques par essais successifs) ;</li>
        <li>les courriels envoyés par la plateforme (destinataire, objet, texte).</li>
      </ul>
      <p>
        Un seul cookie est déposé, et seulement après la connexion : <code>socle_session</code>, strictement
        nécessaire (il maintient la session). Les pages de connexion et d’inscription déposent aussi un cookie
        technique <code>socle_csrf</code> contre la falsification de formulaires. Aucun des deux ne sert à mesurer
        l’audience ; ils sont exemptés de consentement.
      </p>
      <h3>Durées de conservation</h3>
      <ul>
        <li>sessions : 12 heures au plus, et 2 heures sans activité ;</li>
        <li>tentatives de connexion échouées : 24 heures ;</li>
        <li>liens envoyés par courriel : 1 heure (nouveau mot de passe), 48 heures (confirmation d’adresse),
          7 jours (invitation), à usage unique ;</li>
        <li>comptes, dossiers et courriels : la durée de l’appel à projets et du versement du solde des subventions,
          puis 5 ans au titre du contrôle des aides publiques, avant suppression ou archivage ;</li>
        <li>journaux techniques du serveur : 1 an au plus ; ils ne contiennent ni adresse IP ni recherche.</li>
      </ul>
      <h3>Destinataires</h3>
      <p>
        Les membres de la collectivité voient les membres de leur collectivité et ses dossiers ; les équipes des
        écoles voient les dossiers qui nomment leur école ; les services instructeurs de l’académie concernée et
        l’administration nationale de la plateforme voient les dossiers qu’ils instruisent ou pilotent. Aucune donnée
        n’est cédée ni utilisée à des fins commerciales.
      </p>
      <h2>Vos droits</h2>
      <p>
        Vous disposez d’un droit d’accès, de rectification, d’effacement, de limitation et d’opposition sur vos
        données. Pour les exercer, ou pour toute question, écrivez au délégué à la protection des données (DPO) du
        ministère de l’Éducation nationale : ministère de l’Éducation nationale, délégué à la protection des données,
        110 rue de Grenelle, 75357 Paris SP 07, ou par le{' '}
        <a href="https://www.education.gouv.fr/nous-contacter" target="_blank" rel="noopener" title="Nous contacter, education.gouv.fr - nouvelle fenêtre">formulaire de contact du ministère</a>.
        Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une
        réclamation à la{' '}
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
