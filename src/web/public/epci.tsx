// An EPCI's page: /epci/:siren (member communes and their schools).
import type { EpciDetail, SchoolSummary } from '../../data/reference';
import type { PageContext } from '../components/context';
import { Table } from '../components/dsfr';
import { formatInteger, plural } from '../format';
import { epciTypeLabel } from '../labels';
import { Layout } from '../layout';
import { SchoolRows, schoolHead } from './schools';

/** Above this many schools, the page lists communes only and links to each commune's page. */
export const EPCI_SCHOOL_LIST_LIMIT = 400;

export function EpciPage({ ctx, epci: e }: { ctx: PageContext; epci: EpciDetail }) {
  const byCommune = new Map<string, SchoolSummary[]>();
  for (const s of e.schools) byCommune.set(s.communeCode, [...(byCommune.get(s.communeCode) ?? []), s]);
  const listSchools = e.schoolCount <= EPCI_SCHOOL_LIST_LIMIT;
  return (
    <Layout title={`${e.name} (${e.siren})`} ctx={ctx} breadcrumb={[
      { label: 'Accueil', href: '/' },
      { label: 'Rechercher une école', href: '/ecoles' },
      { label: e.name },
    ]}>
      <h1>{e.name}</h1>
      <p class="fr-text--lead">{epciTypeLabel(e.type)}</p>
      <dl>
        <dt class="fr-text--bold">SIREN</dt><dd>{e.siren}</dd>
        {e.population !== null && <><dt class="fr-text--bold">Population</dt><dd>{plural(e.population, 'habitant')}</dd></>}
        <dt class="fr-text--bold">{e.departements.length > 1 ? 'Départements' : 'Département'}</dt>
        <dd>{e.departements.map((d) => `${d.name} (${d.code})`).join(', ')}</dd>
        <dt class="fr-text--bold">Composition</dt>
        <dd>{plural(e.members.length, 'commune membre', 'communes membres')}, {plural(e.schoolCount, 'école')}</dd>
      </dl>

      <h2 class="fr-mt-4w">Communes membres</h2>
      <Table id="communes" caption={`Communes membres de ${e.name}`} captionHidden head={['Commune', 'Code INSEE', 'Population', 'Écoles']}>
        {e.members.map((m) => (
          <tr key={m.code}>
            <td><a href={`/communes/${m.code}`}>{m.name}</a></td>
            <td>{m.code}</td>
            <td class="fr-cell--right">{m.population === null ? '—' : formatInteger(m.population)}</td>
            <td class="fr-cell--right">{listSchools && m.schoolCount > 0 ? <a href={`#ecoles-${m.code}`}>{formatInteger(m.schoolCount)}</a> : formatInteger(m.schoolCount)}</td>
          </tr>
        ))}
      </Table>

      <h2 class="fr-mt-4w">Écoles des communes membres</h2>
      {!listSchools && (
        <p>
          Cette intercommunalité compte {plural(e.schoolCount, 'école')} : consultez la page de chaque commune
          ci-dessus pour la liste de ses écoles.
        </p>
      )}
      {listSchools && e.schoolCount === 0 && <p>Les données chargées ne comptent aucune école dans ces communes.</p>}
      {listSchools && e.members.filter((m) => byCommune.has(m.code)).map((m) => (
        <section key={m.code} class="fr-mt-3w" aria-labelledby={`ecoles-${m.code}`}>
          <h3 class="fr-h5" id={`ecoles-${m.code}`}>
            <a href={`/communes/${m.code}`}>{m.name}</a> – {plural(byCommune.get(m.code)!.length, 'école')}
          </h3>
          <Table id={`table-${m.code}`} caption={`Écoles de ${m.name}`} captionHidden head={schoolHead(false)}>
            <SchoolRows schools={byCommune.get(m.code)!} showCommune={false} />
          </Table>
        </section>
      ))}
    </Layout>
  );
}
