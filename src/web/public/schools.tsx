// School search: /ecoles?q=…&page=… (name, UAI or commune; accents and case ignored; 20 per page).
import type { SchoolSearch, SchoolSummary } from '../../data/reference';
import type { PageContext } from '../components/context';
import { Callout, Pagination, SchoolSearchBar, SchoolTags, Table } from '../components/dsfr';
import { formatInteger, plural } from '../format';
import { Layout } from '../layout';

export const searchHref = (q: string, page = 1): string => {
  const params = new URLSearchParams({ q });
  if (page > 1) params.set('page', String(page));
  return `/ecoles?${params.toString()}`;
};

export function SchoolRows({ schools, showCommune = true }: { schools: SchoolSummary[]; showCommune?: boolean }) {
  return (
    <>
      {schools.map((s) => (
        <tr key={s.uai}>
          <td class="fr-cell--multiline"><a href={`/ecoles/${s.uai}`}>{s.name}</a></td>
          <td>{s.uai}</td>
          {showCommune && <td>{s.communeName ? <a href={`/communes/${s.communeCode}`}>{s.communeName}</a> : s.communeCode} ({s.departementCode})</td>}
          <td><SchoolTags sector={s.sector} priority={s.educationPriority} /></td>
          <td class="fr-cell--right">{s.pupils === null ? '—' : formatInteger(s.pupils)}</td>
        </tr>
      ))}
    </>
  );
}

export const schoolHead = (showCommune = true) =>
  showCommune ? ['École', 'UAI', 'Commune (département)', 'Secteur', 'Élèves'] : ['École', 'UAI', 'Secteur', 'Élèves'];

export function SchoolSearchPage(props: { ctx: PageContext; q: string; result: SchoolSearch | null; error?: string }) {
  const { ctx, q, result, error } = props;
  const title = result && result.terms.length > 0
    ? `Écoles pour « ${q} »${result.pages > 1 ? ` – page ${result.page} sur ${result.pages}` : ''}`
    : 'Rechercher une école';
  return (
    <Layout title={title} ctx={ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Rechercher une école' }]}>
      <h1>Rechercher une école</h1>
      <p>
        Saisissez le nom d’une école, sa commune ou son identifiant UAI (7 chiffres et une lettre). Les accents et les
        majuscules sont ignorés ; tous les mots saisis doivent se retrouver.
      </p>
      <div class="fr-grid-row fr-mb-4w"><div class="fr-col-12 fr-col-md-8">
        <SchoolSearchBar id="school-search" q={q} large error={error} />
      </div></div>

      {!error && result && result.terms.length === 0 && (
        <Callout title="Que cherchez-vous ?">
          <p>Par exemple « jules ferry », « école élémentaire rennes » ou un UAI comme « 0691092M ».</p>
        </Callout>
      )}

      {!error && result && result.terms.length > 0 && result.total === 0 && (
        <div role="status">
          <Callout title={`Aucune école ne correspond à « ${q} »`} icon="fr-icon-search-line">
            <p>
              Vérifiez l’orthographe, essayez moins de mots, ou seulement le nom de la commune. Les écoles maternelles
              seules et les écoles privées hors contrat ne figurent pas dans les données.
            </p>
          </Callout>
        </div>
      )}

      {!error && result && result.total > 0 && (
        <>
          <p role="status" class="fr-text--lg fr-mb-2w">
            <strong>{plural(result.total, 'école trouvée', 'écoles trouvées')}</strong> pour « {q} »
            {result.pages > 1 && <> – page {result.page} sur {formatInteger(result.pages)}</>}
          </p>
          <Table id="resultats" caption={`Écoles correspondant à « ${q} », page ${result.page}`} captionHidden head={schoolHead()}>
            <SchoolRows schools={result.rows} />
          </Table>
          <Pagination page={result.page} pages={result.pages} href={(p) => searchHref(q, p)} />
        </>
      )}
    </Layout>
  );
}
