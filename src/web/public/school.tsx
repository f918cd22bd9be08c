// A school's page: /ecoles/:uai.
import type { ComponentChildren } from 'preact';
import type { SchoolDetail } from '../../data/reference';
import type { PageContext } from '../components/context';
import { SchoolTags } from '../components/dsfr';
import { formatDate, formatDecimal, formatInteger, sectorLabel } from '../format';
import { epciTypeLabel, sourceLabel } from '../labels';
import { Layout } from '../layout';

const UNKNOWN = <span class="fr-text--light">non renseigné dans les données chargées</span>;

function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td class="fr-cell--multiline">{props.children}</td>
    </tr>
  );
}

function Facts(props: { id: string; caption: string; children: ComponentChildren }) {
  return (
    <div class="fr-table fr-table--no-caption fr-mb-4w" id={`${props.id}-component`}>
      <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
        <table id={props.id}>
          <caption>{props.caption}</caption>
          <tbody>{props.children}</tbody>
        </table>
      </div></div></div>
    </div>
  );
}

export function SchoolPage({ ctx, school: s }: { ctx: PageContext; school: SchoolDetail }) {
  const communeLabel = s.communeName ?? s.communeCode;
  return (
    <Layout title={`${s.name} (${s.uai})`} ctx={ctx} breadcrumb={[
      { label: 'Accueil', href: '/' },
      { label: 'Rechercher une école', href: '/ecoles' },
      { label: communeLabel, href: `/communes/${s.communeCode}` },
      { label: s.name },
    ]}>
      <h1>{s.name}</h1>
      <p class="fr-text--lead fr-mb-2w">{communeLabel}{s.departement ? ` – ${s.departement.name}` : ''}</p>
      <SchoolTags sector={s.sector} priority={s.educationPriority} />

      <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
        <div class="fr-col-12 fr-col-lg-6">
          <h2 class="fr-h4">Identité</h2>
          <Facts id="identite" caption="Identité">
            <Row label="UAI">{s.uai}</Row>
            <Row label="Nature">{s.natureLabel ? `${s.natureLabel}${s.natureCode ? ` (${s.natureCode})` : ''}` : UNKNOWN}</Row>
            <Row label="Secteur">{sectorLabel(s.sector)}</Row>
            <Row label="Éducation prioritaire">{s.educationPriority ?? UNKNOWN}</Row>
            <Row label="SIRET">{s.siret ?? UNKNOWN}</Row>
            <Row label="Ouverture">{s.openedOn ? formatDate(s.openedOn) : UNKNOWN}</Row>
          </Facts>

          <h2 class="fr-h4">Élèves</h2>
          <Facts id="eleves" caption="Élèves">
            <Row label="Élèves">{s.pupils === null ? UNKNOWN : formatInteger(s.pupils)}</Row>
            <Row label="Élèves en élémentaire">{s.elementaryPupils === null ? UNKNOWN : formatInteger(s.elementaryPupils)}</Row>
            <Row label="Classes">{s.classes === null ? UNKNOWN : formatInteger(s.classes)}</Row>
            <Row label="Indice de position sociale (IPS)">{s.ips === null ? UNKNOWN : formatDecimal(s.ips)}</Row>
          </Facts>
        </div>

        <div class="fr-col-12 fr-col-lg-6">
          <h2 class="fr-h4">Adresse et territoire</h2>
          <Facts id="territoire" caption="Adresse et territoire">
            <Row label="Adresse">{s.address ?? UNKNOWN}</Row>
            <Row label="Commune"><a href={`/communes/${s.communeCode}`}>{communeLabel}</a> (code INSEE {s.communeCode})</Row>
            <Row label="Intercommunalité (EPCI)">
              {s.epci
                ? <><a href={`/epci/${s.epci.siren}`}>{s.epci.name}</a> ({epciTypeLabel(s.epci.type)})</>
                : 'La commune n’appartient à aucun EPCI à fiscalité propre.'}
            </Row>
            <Row label="Département">{s.departement ? `${s.departement.name} (${s.departement.code})` : s.departementCode}</Row>
            <Row label="Académie">{s.academie ? s.academie.name : UNKNOWN}</Row>
            <Row label="Région académique">{s.academie?.academicRegionName || UNKNOWN}</Row>
            <Row label="Coordonnées">
              {s.latitude !== null && s.longitude !== null
                ? <>
                    {`${s.latitude.toFixed(5)}, ${s.longitude.toFixed(5)}`}{' '}
                    (<a href={`https://www.openstreetmap.org/?mlat=${s.latitude}&mlon=${s.longitude}#map=17/${s.latitude}/${s.longitude}`}
                      target="_blank" rel="noopener" title="Voir sur OpenStreetMap - nouvelle fenêtre">voir sur une carte</a>)
                  </>
                : UNKNOWN}
            </Row>
          </Facts>
        </div>
      </div>

      <h2 class="fr-h4 fr-mt-4w">Sources</h2>
      <ul>
        {s.sources.map((tag) => <li key={tag}>{sourceLabel(tag)}</li>)}
      </ul>
      <p class="fr-text--sm">
        Données mises à jour le {formatDate(s.updatedAt)}. <a href="/donnees">En savoir plus sur les données</a>.
      </p>
    </Layout>
  );
}
