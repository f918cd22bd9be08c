// Home page: the call « Socle numérique dans les écoles élémentaires » explained (DOMAIN.md §1),
// what the platform holds, and a school search.
import type { ReferenceCounts } from '../../data/reference';
import type { PageContext } from '../components/context';
import { Callout, SchoolSearchBar } from '../components/dsfr';
import { formatInteger } from '../format';
import { Layout } from '../layout';

export function HomePage({ ctx, counts }: { ctx: PageContext; counts: ReferenceCounts }) {
  return (
    <Layout title="Accueil" ctx={ctx}>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-lg-8">
          <h1>Un socle numérique dans toutes les écoles élémentaires</h1>
          <p class="fr-text--lead">
            L’appel à projets « Socle numérique dans les écoles élémentaires » finance, avec les communes et leurs
            groupements, l’équipement numérique des écoles, les services et ressources numériques, et
            l’accompagnement des enseignants.
          </p>
          <p>
            Il est porté par le ministère de l’Éducation nationale (direction du numérique pour l’éducation) au titre
            du plan de relance, et conduit dans chaque académie par la délégation de région académique au numérique
            éducatif (DRANE) et les services départementaux de l’Éducation nationale (DSDEN), avec les inspecteurs de
            l’Éducation nationale (IEN) et les enseignants référents pour les usages du numérique (ERUN).
          </p>
        </div>
      </div>

      <section class="fr-mt-4w" aria-labelledby="recherche-titre">
        <h2 id="recherche-titre">Trouver une école</h2>
        <p>Recherchez une école par son nom, sa commune ou son identifiant UAI (par exemple 0691092M).</p>
        <div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8">
          <SchoolSearchBar id="home-search" large label="Nom de l’école, commune ou UAI" />
        </div></div>
      </section>

      <section class="fr-mt-6w" aria-labelledby="pourquoi-titre">
        <h2 id="pourquoi-titre">Pourquoi cet appel à projets</h2>
        <p>
          Les confinements de 2020 ont révélé des inégalités entre écoles et une fracture numérique. L’appel à projets
          vise à les réduire : donner à chaque école élémentaire un <strong>socle numérique de base</strong>{' '}
          (équipement, réseau, services et ressources) et aux enseignants l’accompagnement pour s’en servir.
        </p>
      </section>

      <section class="fr-mt-6w" aria-labelledby="volets-titre">
        <h2 id="volets-titre">Trois volets</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          {[
            ['Volet 1 : équipement', 'Matériels et réseaux : équipements des classes, câblage courants faibles, Wi-Fi.'],
            ['Volet 2 : services et ressources numériques', 'Espace numérique de travail (ENT), ressources numériques, services pour les enseignants, les élèves et les familles, sur deux années scolaires.'],
            ['Volet 3 : accompagnement', 'Formation et accompagnement à la prise en main, portés par l’académie. Ce volet n’est pas subventionné, mais le projet doit le décrire.'],
          ].map(([title, text]) => (
            <div class="fr-col-12 fr-col-md-4" key={title}>
              <div class="fr-card fr-card--no-arrow">
                <div class="fr-card__body">
                  <div class="fr-card__content">
                    <h3 class="fr-card__title">{title}</h3>
                    <p class="fr-card__desc">{text}</p>
                  </div>
                </div>
              </div>
            </div>
          ))}
        </div>
        <p class="fr-mt-3w">Un dossier doit couvrir à la fois le volet 1 et le volet 2.</p>
      </section>

      <section class="fr-mt-6w" aria-labelledby="qui-titre">
        <h2 id="qui-titre">Qui peut candidater, pour quelles écoles</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Les collectivités</h3>
            <p>
              Une commune, ou un groupement de communes (EPCI, syndicat) qui exerce la compétence scolaire. Un dossier,
              c’est un porteur et une convention, pour une ou plusieurs communes et une ou plusieurs écoles. Le projet
              est construit avec les équipes pédagogiques (directeurs d’école, IEN, ERUN) à partir d’un diagnostic
              partagé.
            </p>
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Les écoles</h3>
            <p>
              Les écoles élémentaires et primaires (cycles 2 et 3, du CP au CM2) qui n’ont pas atteint le socle
              numérique de base. Les écoles maternelles seules n’en font pas partie. Les écoles privées sous contrat
              passent par le dossier de leur commune.
            </p>
          </div>
        </div>
      </section>

      <section class="fr-mt-6w" aria-labelledby="calendrier-titre">
        <h2 id="calendrier-titre">Calendrier et enveloppe de l’appel 2021</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <Callout title="Candidatures du 14 janvier au 31 mars 2021" icon="fr-icon-calendar-line" headingLevel={3}>
              <p>Heure de Paris. Viennent ensuite l’instruction, les décisions par vagues, les conventions, les travaux et le paiement sur justificatifs.</p>
            </Callout>
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <Callout title="105 M€, portés ensuite à 115 M€" icon="fr-icon-money-euro-circle-line" headingLevel={3}>
              <p>
                La demande a atteint environ 165 M€ pour 7 182 dossiers : les dossiers ont été retenus par vagues,
                selon des priorités.
              </p>
            </Callout>
          </div>
        </div>
      </section>

      <section class="fr-mt-6w" aria-labelledby="donnees-titre">
        <h2 id="donnees-titre">Les données de référence de la plateforme</h2>
        <ul class="fr-grid-row fr-grid-row--gutters fr-raw-list">
          {([
            [counts.schools, 'écoles', `dont ${formatInteger(counts.publicSchools)} publiques et ${formatInteger(counts.privateSchools)} privées sous contrat`],
            [counts.communes, 'communes', 'découpage administratif en vigueur'],
            [counts.epcis, 'EPCI', 'groupements de communes à fiscalité propre'],
            [counts.academies, 'académies', `${formatInteger(counts.departements)} départements`],
          ] as const).map(([n, label, detail]) => (
            <li class="fr-col-12 fr-col-sm-6 fr-col-md-3" key={label}>
              <p class="fr-h3 fr-mb-0">{formatInteger(n)}</p>
              <p class="fr-mb-0 fr-text--bold">{label}</p>
              <p class="fr-text--sm">{detail}</p>
            </li>
          ))}
        </ul>
        <p><a class="fr-link" href="/donnees">Sources, licences et dates des données</a></p>
      </section>
    </Layout>
  );
}
