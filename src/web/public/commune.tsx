// A commune's page: /communes/:insee (its schools, its EPCI, département and académie).
import type { CommuneDetail } from '../../data/reference';
import type { PageContext } from '../components/context';
import { Callout, Table } from '../components/dsfr';
import { formatInteger, plural } from '../format';
import { epciTypeLabel } from '../labels';
import { Layout } from '../layout';
import { SchoolRows, schoolHead } from './schools';

export function CommunePage({ ctx, commune: c }: { ctx: PageContext; commune: CommuneDetail }) {
  return (
    <Layout title={`${c.name} (${c.code})`} ctx={ctx} breadcrumb={[
      { label: 'Accueil', href: '/' },
      { label: 'Rechercher une école', href: '/ecoles' },
      { label: c.name },
    ]}>
      <h1>{c.name}</h1>
      <p class="fr-text--lead">Commune{c.departement ? ` – ${c.departement.name} (${c.departement.code})` : ''}</p>

      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          <dl>
            <dt class="fr-text--bold">Code INSEE</dt><dd>{c.code}</dd>
            {c.siren && <><dt class="fr-text--bold">SIREN</dt><dd>{c.siren}</dd></>}
            {c.postalCodes.length > 0 && <><dt class="fr-text--bold">{c.postalCodes.length > 1 ? 'Codes postaux' : 'Code postal'}</dt><dd>{c.postalCodes.join(', ')}</dd></>}
            {c.population !== null && <><dt class="fr-text--bold">Population</dt><dd>{plural(c.population, 'habitant')}</dd></>}
          </dl>
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <dl>
            <dt class="fr-text--bold">Intercommunalité (EPCI)</dt>
            <dd>
              {c.epci
                ? <><a href={`/epci/${c.epci.siren}`}>{c.epci.name}</a> ({epciTypeLabel(c.epci.type)})</>
                : 'Aucune : la commune n’appartient à aucun EPCI à fiscalité propre et candidate seule.'}
            </dd>
            {c.departement && <><dt class="fr-text--bold">Département</dt><dd>{c.departement.name} ({c.departement.code})</dd></>}
            {c.academie && <><dt class="fr-text--bold">Académie</dt><dd>{c.academie.name}</dd>
              <dt class="fr-text--bold">Région académique</dt><dd>{c.academie.academicRegionName}</dd></>}
          </dl>
        </div>
      </div>

      <h2 class="fr-mt-4w">{c.schools.length === 0 ? 'Écoles' : `${plural(c.schools.length, 'école')} à ${c.name}`}</h2>
      {c.schools.length === 0
        ? (
          <Callout title="Aucune école dans les données">
            <p>Les données chargées ne comptent aucune école élémentaire ou primaire dans cette commune.</p>
          </Callout>
        )
        : (
          <Table id="ecoles" caption={`Écoles de ${c.name}`} captionHidden head={schoolHead(false)}>
            <SchoolRows schools={c.schools} showCommune={false} />
          </Table>
        )}
      {c.schools.length > 0 && (
        <p class="fr-text--sm">
          Total : {formatInteger(c.schools.reduce((n, s) => n + (s.pupils ?? 0), 0))} élèves selon les données chargées.
        </p>
      )}
    </Layout>
  );
}
