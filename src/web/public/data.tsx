// /donnees: sources, licences, attribution and dates of the reference data, and the latest imports.
import type { ImportRunSummary, ReferenceCounts } from '../../data/reference';
import type { PageContext } from '../components/context';
import { Callout, Table } from '../components/dsfr';
import { formatDateTime, formatInteger } from '../format';
import { Layout } from '../layout';

const SOURCES: { name: string; producer: string; date: string; content: string; href: string }[] = [
  {
    name: 'Indices de position sociale dans les écoles (à partir de 2022)',
    producer: 'Ministère de l’Éducation nationale – DEPP',
    date: 'Rentrée 2022',
    content: 'Les écoles publiques et privées sous contrat ayant des élèves en élémentaire : UAI, nom, commune, secteur, effectifs, IPS.',
    href: 'https://data.education.gouv.fr/explore/dataset/fr-en-ips-ecoles-ap2022/',
  },
  {
    name: 'Annuaire de l’éducation (extraits : Ille-et-Vilaine, Val-de-Marne)',
    producer: 'Ministère de l’Éducation nationale',
    date: 'Extraits du 8 juin 2023 (035) et du 27 mai 2026 (094)',
    content: 'Nature, adresse, SIRET, coordonnées, appartenance à l’éducation prioritaire (REP, REP+).',
    href: 'https://data.education.gouv.fr/explore/dataset/fr-en-annuaire-education/',
  },
  {
    name: 'Effectifs d’élèves par niveau et nombre de classes par école (Ille-et-Vilaine)',
    producer: 'Ministère de l’Éducation nationale – DEPP',
    date: 'Rentrées 2019 à 2022',
    content: 'Nombre de classes et d’élèves par niveau.',
    href: 'https://data.education.gouv.fr/explore/dataset/fr-en-ecoles-effectifs-nb_classes/',
  },
  {
    name: 'Découpage administratif (@etalab/decoupage-administratif 6.0.0)',
    producer: 'Etalab, d’après le code officiel géographique de l’Insee',
    date: 'Version 6.0.0',
    content: 'Communes en vigueur, arrondissements municipaux, communes déléguées et associées, anciens codes, EPCI et leurs membres, départements, régions.',
    href: 'https://github.com/etalab/decoupage-administratif',
  },
  {
    name: 'Départements, académies et régions académiques',
    producer: 'Table dérivée des sources ci-dessus (code de l’éducation, art. R222-2)',
    date: '30 académies, 18 régions académiques',
    content: 'Rattachement de chaque département à son académie et à sa région académique.',
    href: '/donnees',
  },
];

export function DataPage({ ctx, counts, imports }: { ctx: PageContext; counts: ReferenceCounts; imports: ImportRunSummary[] }) {
  return (
    <Layout title="Données de référence" ctx={ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Données de référence' }]}>
      <h1>Données de référence</h1>
      <Callout title="Attribution">
        <p>
          Données : ministère de l’Éducation nationale (DEPP), Licence Ouverte 2.0 ; découpage administratif : Etalab.
          Ces données sont réutilisables librement, y compris commercialement, en citant leur source et la date de
          leur dernière mise à jour (<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" target="_blank" rel="noopener" title="Licence Ouverte 2.0 - nouvelle fenêtre">Licence Ouverte 2.0</a>).
        </p>
      </Callout>

      <h2>Ce que contient la plateforme</h2>
      <p>
        {formatInteger(counts.schools)} écoles ({formatInteger(counts.publicSchools)} publiques,{' '}
        {formatInteger(counts.privateSchools)} privées sous contrat), {formatInteger(counts.communes)} communes,{' '}
        {formatInteger(counts.epcis)} EPCI, {formatInteger(counts.departements)} départements,{' '}
        {formatInteger(counts.academies)} académies, {formatInteger(counts.regions)} régions.
      </p>
      <p>
        Les codes de commune qui ne désignent plus une commune en vigueur (arrondissements municipaux de Paris, Lyon et
        Marseille, communes déléguées ou associées, anciens codes) sont rattachés à la commune actuelle. Chaque UAI est
        vérifié par sa lettre clé, chaque SIREN et SIRET par la formule de Luhn.
      </p>

      <h2>Sources et licences</h2>
      <Table id="sources" caption="Sources des données de référence" captionHidden head={['Jeu de données', 'Producteur', 'Date', 'Contenu', 'Licence']}>
        {SOURCES.map((s) => (
          <tr key={s.name}>
            <td class="fr-cell--multiline">{s.href.startsWith('http') ? <a href={s.href} target="_blank" rel="noopener" title={`${s.name} - nouvelle fenêtre`}>{s.name}</a> : s.name}</td>
            <td class="fr-cell--multiline">{s.producer}</td>
            <td class="fr-cell--multiline">{s.date}</td>
            <td class="fr-cell--multiline">{s.content}</td>
            <td>Licence Ouverte 2.0</td>
          </tr>
        ))}
      </Table>

      <h2>Derniers imports</h2>
      {imports.length === 0
        ? <p>Aucun import n’a encore été fait sur cette instance.</p>
        : (
          <Table id="imports" caption="Derniers imports des données de référence" captionHidden keyboardScroll
            head={['Terminé le', 'Type', 'Fichiers', 'Ajoutés', 'Modifiés', 'Inchangés', 'Rejetés']}>
            {imports.map((r, i) => (
              <tr key={i}>
                <td>{formatDateTime(r.finishedAt)}</td>
                <td>{r.kind === 'reference' ? 'Référentiel complet' : r.kind === 'schools' ? 'Écoles' : r.kind}</td>
                <td class="fr-cell--multiline">{r.source.split(/,\s*/).map((f, j) => <span key={j} class="fr-text--sm">{j > 0 ? ', ' : ''}{f}</span>)}</td>
                <td class="fr-cell--right">{formatInteger(r.inserted)}</td>
                <td class="fr-cell--right">{formatInteger(r.updated)}</td>
                <td class="fr-cell--right">{formatInteger(r.unchanged)}</td>
                <td class="fr-cell--right">{formatInteger(r.rejected)}</td>
              </tr>
            ))}
          </Table>
        )}
    </Layout>
  );
}
