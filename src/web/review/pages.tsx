// Pages of the review: the queues (tabs, filters, column choice, sortable table, pagination,
// exports — all from the column definitions of src/data/review.ts, without JavaScript), the review
// page of a dossier (frozen version, comparison, actions, lines to adjust, amounts with the
// explanation, opinions, private notes, proposal, history), and the expert's page of an opinion.
import type { ComponentChildren } from 'preact';
import type { DossierView } from '../../commands/dossier';
import {
  COLUMNS, QUEUES, formatValue, PROPOSAL_LABELS,
  type ColumnDefinition, type FilterValue, type QueueKey, type QueuePage, type ReviewExtras,
} from '../../data/review';
import { EVENT_LABELS, type EventKind } from '../../commands/events';
import { EXPERT_KINDS, type ExpertView } from '../../commands/review';
import type { VersionComparison, VersionContent } from '../../domain/dossier/compare';
import { formatParisInstant, displayOf } from '../../domain/dossier/lifecycle';
import { formatEuros } from '../../domain/money';
import type { PageContext } from '../components/context';
import { Alert, Pagination, Table } from '../components/dsfr';
import { Select, TextArea, type FieldErrors } from '../components/fields';
import { Form } from '../components/form';
import { StateBadge } from '../dossiers/components';
import { Layout } from '../layout';
import { html, tableRow } from '../components/html';

const eur = formatEuros;
const when = formatParisInstant;


/** Euros typed in a form field from cents (« 1234,56 »). */
export const centsText = (cents: number | null | undefined): string =>
  cents === null || cents === undefined ? '' : `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

// ---- queues ------------------------------------------------------------------------------------

export interface QueueLinkChanges { tri?: string; ordre?: 'asc' | 'desc'; page?: number | null }

export interface QueueState {
  queue: QueueKey;
  filters: Record<string, FilterValue>;
  /** Raw filter fields as typed (to show them back). */
  raw: Record<string, string | string[]>;
  sort: { column: string; direction: 'asc' | 'desc' };
  columns: readonly ColumnDefinition[];
  /** The query string of the current view, with a link's changes (null: the first page). */
  query: (changes: QueueLinkChanges) => string;
}

/** One filter of the queue's form, in `html` form: the fields weigh about 14 KB on every queue page. */
function filterField(column: ColumnDefinition, state: QueueState, departements: { code: string; name: string }[]) {
  const f = column.filter;
  if (!f) return null;
  const id = `filtre-${column.id}`;
  if (f.kind === 'range') {
    const unit = column.format === 'cents' ? ' (€)' : '';
    const bound = (end: 'min' | 'max', label: string) =>
      html`<div class="fr-fieldset__element fr-fieldset__element--inline"><label class="fr-label" for="${id}-${end}">${label}</label><input class="fr-input" id="${id}-${end}" name="${column.id}_${end}" inputmode="decimal" value="${String(state.raw[`${column.id}_${end}`] ?? '')}"/></div>`;
    return html`<fieldset class="fr-fieldset fr-col-12 fr-col-md-4" aria-labelledby="${id}-legend"><legend class="fr-fieldset__legend fr-text--regular" id="${id}-legend">${column.label}${unit}</legend>${bound('min', 'Minimum')}${bound('max', 'Maximum')}</fieldset>`;
  }
  if (f.kind === 'text') {
    return html`<div class="fr-input-group fr-col-12 fr-col-md-4"><label class="fr-label" for="${id}">${column.label}</label><input class="fr-input" id="${id}" name="${column.id}" maxlength="100" value="${String(state.raw[column.id] ?? '')}"/></div>`;
  }
  const options = column.id === 'departement' ? departements.map((d) => [d.code, `${d.name} (${d.code})`] as const) : f.options;
  const selected = ([] as string[]).concat(state.raw[column.id] ?? []);
  return html`<div class="fr-select-group fr-col-12 fr-col-md-4"><label class="fr-label" for="${id}">${column.label}</label><select class="fr-select" id="${id}" name="${column.id}"><option value="">Tous</option>${
    options.map(([v, label]) => html`<option value="${v}"${selected.includes(v) ? ' selected' : null}>${label}</option>`)}</select></div>`;
}

export function QueuePageView(props: {
  ctx: PageContext; state: QueueState; page: QueuePage; counts: Record<QueueKey, number>; departements: { code: string; name: string }[];
  territory: string; notice?: string;
}) {
  const { state, page } = props;
  const sortLink = (c: ColumnDefinition) => {
    const dir = state.sort.column === c.id && state.sort.direction === 'asc' ? 'desc' : 'asc';
    return `/instruction?${state.query({ tri: c.id, ordre: dir, page: null })}`;
  };
  const sorted = (c: ColumnDefinition) => state.sort.column === c.id;
  const ascending = state.sort.direction === 'asc';
  const header = (c: ColumnDefinition) =>
    html`<th scope="col"${sorted(c) ? (ascending ? html` aria-sort="ascending"` : html` aria-sort="descending"`) : null}>${
      c.sortable ? html`<a href="${sortLink(c)}">${c.label}${sorted(c) ? (ascending ? ' ▲' : ' ▼') : ''}</a>` : c.label}</th>`;
  const cell = (c: ColumnDefinition, r: QueuePage['rows'][number]) => {
    const v = r.values[c.id];
    if (c.format === 'reference') return html`<a href="/instruction/dossiers/${r.id}">${formatValue(c, v)}</a>`;
    if (c.format === 'state' && v !== null) {
      const d = displayOf(String(v));
      return html`<p class="fr-badge fr-badge--${d.badge} fr-badge--sm">${d.label}</p>`;
    }
    return formatValue(c, v);
  };
  // The body in `html` form (Preact's precompiled form, components/html.ts): the queue is long,
  // markup-heavy and the page reviewers read most.
  return (
    <Layout title="Instruction des dossiers" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Instruction' }]}>
      <h1>Instruction des dossiers</h1>
      <p>Territoire : {props.territory}.</p>
      {props.notice && <Alert kind="success" title={props.notice} small />}
      {html`<nav class="fr-tabs fr-mb-3w" aria-label="Files de dossiers"><ul class="fr-tabs__list" role="list">${QUEUES.map((q) =>
        html`<li role="listitem"><a class="fr-tabs__tab" href="/instruction?file=${q.key}"${q.key === state.queue ? html` aria-current="page"` : null}>${q.label} (${props.counts[q.key]})</a></li>`)}</ul></nav>`}
      {html`<form method="get" action="/instruction" aria-label="Filtrer et choisir les colonnes"><input type="hidden" name="file" value="${state.queue}"/><input type="hidden" name="tri" value="${state.sort.column}"/><input type="hidden" name="ordre" value="${state.sort.direction}"/>${
        html`<details class="fr-mb-2w"${Object.keys(state.filters).length > 0 ? ' open' : null}><summary>Filtres</summary><div class="fr-grid-row fr-grid-row--gutters fr-mt-1w">${COLUMNS.map((c) => filterField(c, state, props.departements))}</div></details>`}${
        html`<details class="fr-mb-2w"><summary>Colonnes affichées</summary><fieldset class="fr-fieldset" aria-labelledby="colonnes-legend"><legend class="fr-fieldset__legend fr-sr-only" id="colonnes-legend">Colonnes affichées et exportées</legend>${
          COLUMNS.map((c) => html`<div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-checkbox-group fr-checkbox-group--sm"><input type="checkbox" id="col-${c.id}" name="col" value="${c.id}"${state.columns.includes(c) ? ' checked' : null}/><label class="fr-label" for="col-${c.id}">${c.label}</label></div></div>`)}</fieldset></details>`}${
        html`<ul class="fr-btns-group fr-btns-group--inline-md"><li><button type="submit" class="fr-btn">Appliquer</button></li><li><a class="fr-btn fr-btn--tertiary" href="/instruction?file=${state.queue}">Effacer les filtres</a></li></ul>`}</form>`}
      {html`<p class="fr-mt-2w">${page.total === 0 ? 'Aucun dossier.' : page.total === 1 ? '1 dossier.' : `${page.total} dossiers.`} Exporter cette liste (colonnes affichées, tous les dossiers filtrés) : <a class="fr-link fr-link--download" href="/instruction/export.csv?${state.query({ page: null })}" download>CSV</a> <a class="fr-link fr-link--download" href="/instruction/export.xlsx?${state.query({ page: null })}" download>Tableur (XLSX)</a></p>`}
      {page.rows.length > 0 && html`<div class="fr-table fr-table--bordered" id="file-component"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content"><table id="file"><caption>${
        QUEUES.find((q) => q.key === state.queue)!.label} — page ${page.page} sur ${page.pages}</caption><thead><tr>${state.columns.map(header)}</tr></thead><tbody>${
        page.rows.map((r) => tableRow(state.columns.map((c) => cell(c, r))))}</tbody></table></div></div></div></div>`}
      <Pagination page={page.page} pages={page.pages} href={(p) => `/instruction?${state.query({ page: p })}`} />
    </Layout>
  );
}

// ---- the review page ---------------------------------------------------------------------------

export interface ReviewPerms { review: boolean; note: boolean; opinion: boolean; withdrawOpinion: boolean; propose: boolean; message: boolean }

export interface ReviewPageProps {
  ctx: PageContext;
  view: DossierView;
  extras: ReviewExtras;
  perms: ReviewPerms;
  /** The frozen version shown, and its number. */
  version: { number: number; content: VersionContent; sha256: string; submittedAt: string; submittedBy: string } | null;
  notice?: string;
  error?: string;
  errors?: FieldErrors;
  /** Values typed in the form that was refused. */
  values?: Record<string, string>;
  /** Which form the errors belong to. */
  form?: string;
}

function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="fr-mt-5w" id={props.id} aria-labelledby={`${props.id}-titre`}>
      <h2 id={`${props.id}-titre`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

function FormErrors({ props, form }: { props: ReviewPageProps; form: string }) {
  if (props.form !== form || (!props.error && !props.errors)) return null;
  const messages = Object.values(props.errors ?? {}).filter(Boolean);
  return (
    <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
      <p>{props.error}</p>
      {messages.length > 1 && <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>}
    </div>
  );
}

const fieldError = (props: ReviewPageProps, form: string, name: string): string | undefined => (props.form === form ? props.errors?.[name] : undefined);

export function ReviewPage(props: ReviewPageProps) {
  const { view, extras, perms } = props;
  const d = view.dossier;
  const base = `/instruction/dossiers/${d.id}`;
  const versions = view.versions;
  const a = view.computed.amounts;
  const underReview = d.state === 'under_review';
  const value = (form: string, name: string, fallback = '') => (props.form === form ? props.values?.[name] ?? fallback : fallback);
  return (
    <Layout title={`Instruction du dossier ${d.reference}`} ctx={props.ctx}
      breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Instruction', href: '/instruction' }, { label: d.reference }]}>
      <h1>Dossier {d.reference}</h1>
      <p class="fr-text--lead fr-mb-1w">{view.organisation.name}</p>
      <StateBadge state={d.state} small />
      <p class="fr-mt-1w">
        {extras.assignment ? <>Instruit par {extras.assignment.reviewerName} depuis le {when(extras.assignment.takenAt)}.</> : 'Personne n’a encore pris ce dossier.'}
        {' '}{d.submitted_at && <>Déposé le {when(d.submitted_at)}.</>}
      </p>
      {props.notice && <Alert kind="success" title={props.notice} small />}
      {props.error && !props.form && <Alert kind="error" title="Action refusée"><p>{props.error}</p></Alert>}

      <nav class="fr-summary fr-mt-3w" role="navigation" aria-labelledby="sommaire-titre">
        <p class="fr-summary__title" id="sommaire-titre">Sommaire</p>
        <ol class="fr-summary__list">
          {[['actions', 'Actions'], ['version', 'Version déposée'], ['budget', 'Budget et ajustements'], ['montants', 'Montants'], ['priorite', 'Priorité'], ['avis', 'Avis'], ['notes', 'Notes privées'], ['proposition', 'Proposition de décision'], ['messages', 'Messages'], ['historique', 'Historique']]
            .map(([id, label]) => <li key={id}><a class="fr-summary__link" href={`#${id}`}>{label}</a></li>)}
        </ol>
      </nav>

      <Section id="actions" title="Actions">
        <ul class="fr-btns-group fr-btns-group--inline-md">
          {d.state === 'submitted' && perms.review && (
            <li><Form action={`${base}/prendre`}><button type="submit" class="fr-btn">Prendre en charge</button></Form></li>
          )}
          {perms.review && (
            <li>
              <Form action={`${base}/suivre`}>
                <input type="hidden" name="suivre" value={extras.following ? '0' : '1'} />
                <button type="submit" class="fr-btn fr-btn--secondary">{extras.following ? 'Ne plus suivre' : 'Suivre ce dossier'}</button>
              </Form>
            </li>
          )}
        </ul>
        {underReview && perms.review && (
          <Form action={`${base}/complements`}>
            <FormErrors props={props} form="complements" />
            <TextArea name="message" label="Demander des compléments à la collectivité" hint="Le message est envoyé par courriel aux membres de la collectivité et figure dans le fil du dossier, qui redevient modifiable."
              value={value('complements', 'message')} error={fieldError(props, 'complements', 'message')} maxLength={10_000} />
            <button type="submit" class="fr-btn fr-btn--secondary">Renvoyer pour compléments</button>
          </Form>
        )}
      </Section>

      <Section id="version" title="Version déposée">
        {props.version === null ? <p>Le dossier n’a pas encore été déposé.</p> : (
          <>
            <p>
              Version {props.version.number}, déposée le {when(props.version.submittedAt)} par {props.version.submittedBy}.
              Empreinte SHA-256 : <code>{props.version.sha256}</code>
            </p>
            {versions.length > 1 && (
              <Form action={`${base}/comparer`} method="get" aria-label="Comparer deux versions">
                <div class="fr-grid-row fr-grid-row--gutters">
                  <div class="fr-col-6 fr-col-md-3">
                    <Select name="de" label="Comparer la version" options={versions.map((v) => [String(v.number), `Version ${v.number}`])} value={String(versions.at(-2)!.number)} />
                  </div>
                  <div class="fr-col-6 fr-col-md-3">
                    <Select name="a" label="avec la version" options={versions.map((v) => [String(v.number), `Version ${v.number}`])} value={String(versions.at(-1)!.number)} />
                  </div>
                </div>
                <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">Voir ce qui a changé</button>
              </Form>
            )}
            {versions.length > 1 && (
              <p class="fr-text--sm">Autres versions : {versions.map((v) => <a key={v.number} class="fr-link fr-mr-2w" href={`${base}?version=${v.number}#version`}>version {v.number}</a>)}</p>
            )}
            <h3 class="fr-h6">Projet</h3>
            <p>{props.version.content.project.summary || '—'}</p>
            <h4 class="fr-h6">Objectifs</h4>
            <ul>{props.version.content.project.objectives.map((o) => <li key={o.code}><strong>{o.code}</strong> : {o.text}</li>)}</ul>
            <h4 class="fr-h6">Prêt aux familles</h4>
            <p>{props.version.content.project.lendingPlan || '—'}</p>
            <h4 class="fr-h6">Accompagnement (volet 3)</h4>
            <p>{props.version.content.project.supportText || '—'}</p>
            <Table id="version-ecoles" caption={`Écoles de la version ${props.version.number}`} head={['UAI', 'École', 'Classes', 'Élèves']}>
              {props.version.content.schools.map((s) => <tr key={s.uai}><td>{s.uai}</td><td>{s.name}</td><td>{s.classes ?? '—'}</td><td>{s.pupils ?? '—'}</td></tr>)}
            </Table>
            <Table id="version-lignes" caption={`Lignes de budget de la version ${props.version.number}`} head={['École', 'Volet', 'Libellé', 'Quantité', 'Prix unitaire TTC', 'Montant TTC']}>
              {props.version.content.lines.map((l) => (
                <tr key={l.id}><td>{l.uai}</td><td>{l.volet}</td><td>{l.label}</td><td>{l.quantity}</td><td>{eur(l.unitTtcCents)}</td><td>{eur(l.quantity * l.unitTtcCents)}</td></tr>
              ))}
            </Table>
          </>
        )}
      </Section>

      <Section id="budget" title="Budget et ajustements">
        <p>
          Ajuster le montant éligible d’une ligne ou l’exclure demande un motif : la subvention est recalculée, l’historique garde
          qui, quand, de combien à combien et pourquoi, et l’explication du montant le montre à la collectivité. Les cosignatures ne sont pas annulées.
        </p>
        <FormErrors props={props} form="ligne" />
        {view.lines.map((l) => {
          const counted = l.excluded === 1 ? 0 : (l.eligible_adjustment_cents ?? l.amountCents);
          const adjusted = l.excluded === 1 || l.eligible_adjustment_cents !== null;
          return (
            <div class="fr-card fr-card--no-arrow fr-mb-2w" key={l.id} id={`ligne-${l.id}`}>
              <div class="fr-card__body"><div class="fr-card__content">
                <h3 class="fr-card__title fr-h6">{l.label} — école {l.uai}, volet {l.volet}</h3>
                <p class="fr-card__desc">
                  Déclaré : {l.quantity} × {eur(view.call.amountBasis === 'TTC' ? l.unit_ttc_cents : l.unit_ht_cents)} = {eur(l.amountCents)} ({view.call.amountBasis}).
                  {' '}Éligible retenu : <strong>{eur(counted)}</strong>{l.excluded === 1 ? ' (ligne exclue)' : ''}.
                  {adjusted && l.adjustment_reason && <> Motif : {l.adjustment_reason}</>}
                </p>
                {underReview && perms.review && (
                  <Form action={`${base}/lignes/${l.id}`} aria-label={`Ajuster la ligne ${l.label}`}>
                    <div class="fr-grid-row fr-grid-row--gutters">
                      <div class="fr-col-12 fr-col-md-3">
                        <div class="fr-select-group">
                          <label class="fr-label" for={`mode-${l.id}`}>Action</label>
                          <select class="fr-select" id={`mode-${l.id}`} name="mode">
                            <option value="adjust">Ajuster le montant éligible</option>
                            <option value="exclude">Exclure la ligne</option>
                            <option value="restore">Revenir au montant déclaré</option>
                          </select>
                        </div>
                      </div>
                      <div class="fr-col-12 fr-col-md-3">
                        <div class="fr-input-group">
                          <label class="fr-label" for={`montant-${l.id}`}>Montant éligible (€)<span class="fr-hint-text">Pour un ajustement</span></label>
                          <input class="fr-input" id={`montant-${l.id}`} name="montantEligible" inputMode="decimal" value={centsText(counted)} />
                        </div>
                      </div>
                      <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-input-group">
                          <label class="fr-label" for={`motif-${l.id}`}>Motif (obligatoire)</label>
                          <input class="fr-input" id={`motif-${l.id}`} name="motif" maxLength={2000} required />
                        </div>
                      </div>
                    </div>
                    <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">Enregistrer l’ajustement</button>
                  </Form>
                )}
              </div></div>
            </div>
          );
        })}
      </Section>

      <Section id="montants" title="Montants">
        <Table id="montants-volets" caption="Montants calculés par les règles de l’appel" head={['Volet', 'Dépenses déclarées', 'Dépenses subventionnables', 'Subvention']}>
          <tr><th scope="row">Volet 1 — équipement</th><td>{eur(view.computed.equipmentDeclaredCents)}</td><td>{eur(a.equipment.eligibleCents)}</td><td>{eur(a.equipment.grantCents)}</td></tr>
          <tr><th scope="row">Volet 2 — services et ressources</th><td>{eur(view.computed.servicesDeclaredCents)}</td><td>{eur(a.services.eligibleCents)}</td><td>{eur(a.services.grantCents)}</td></tr>
          <tr><th scope="row">Total</th><td>{eur(view.computed.equipmentDeclaredCents + view.computed.servicesDeclaredCents)}</td><td>{eur(a.equipment.eligibleCents + a.services.eligibleCents)}</td><td><strong>{eur(a.grantCents)}</strong></td></tr>
        </Table>
        <h3 class="fr-h6">Pourquoi ce montant ?</h3>
        <ul class="fr-text--sm" id="explication">{(view.computed.explanation ?? []).map((e, i) => <li key={i}>{e.text}</li>)}</ul>
      </Section>

      <Section id="priorite" title="Priorité">
        {extras.priority === null ? <p>Le score de priorité n’est pas encore calculé pour ce dossier.</p> : (
          <>
            <p>
              Score de priorité : <strong data-priority={extras.priority.score.score}>{extras.priority.score.score.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} sur 100</strong>,
              {' '}rang {extras.priority.rank} sur {extras.priority.of} dossier(s) déposé(s) de l’académie pour cet appel.
            </p>
            <details>
              <summary>Pourquoi ce rang ?</summary>
              <ul>{extras.priority.score.explanation.map((line, k) => <li key={k}>{line}</li>)}</ul>
            </details>
          </>
        )}
      </Section>

      <Section id="avis" title="Avis">
        <FormErrors props={props} form="retrait" />
        {extras.opinions.length === 0 ? <p>Aucun avis demandé.</p> : extras.opinions.map((o) => (
          <div class="fr-card fr-card--no-arrow fr-mb-2w" key={o.id}>
            <div class="fr-card__body"><div class="fr-card__content">
              <h3 class="fr-card__title fr-h6">{EXPERT_KINDS[o.expert_kind]} — {o.expert_email}</h3>
              <p class="fr-card__desc">
                Demandé par {o.requested_by_label} le {when(o.requested_at)}, réponse attendue avant le {when(o.deadline_at)}.<br />
                Question : {o.question}
              </p>
              {o.status === 'answered'
                ? (
                  <div>
                    <p class={`fr-badge fr-badge--sm fr-badge--${o.answer === 'yes' ? 'success' : 'error'}`}>{o.answer === 'yes' ? 'Avis favorable' : 'Avis défavorable'}</p>
                    <p>{o.answer_text}</p>
                    <p class="fr-text--sm">Rendu par {o.answered_by_label} le {when(o.answered_at!)}.</p>
                    {o.hasFile && <p><a class="fr-link fr-link--download" href={`${base}/avis/${o.id}/fichier`}>{o.file_name}</a></p>}
                  </div>
                )
                : <p class="fr-badge fr-badge--sm fr-badge--info">{o.status === 'open' ? 'En attente' : o.status === 'expired' ? 'Délai dépassé' : 'Demande retirée'}</p>}
              {o.status === 'withdrawn' && o.closed_at && <p class="fr-text--sm">Demande retirée le {when(o.closed_at)} : le lien de l’expert ne fonctionne plus.</p>}
              {o.status === 'open' && perms.withdrawOpinion && (
                <Form action={`${base}/avis/${o.id}/retrait`} aria-label={`Retirer la demande d’avis adressée à ${o.expert_email}`}>
                  <p class="fr-text--sm fr-mb-1w">Retirer la demande : le lien de l’expert cessera de fonctionner, les rappels ne partiront pas et l’expert en sera prévenu.</p>
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">Retirer la demande d’avis</button>
                </Form>
              )}
            </div></div>
          </div>
        ))}
        {perms.opinion && (
          <Form action={`${base}/avis`} aria-label="Demander un avis">
            <h3 class="fr-h6">Demander un avis</h3>
            <FormErrors props={props} form="avis" />
            <Select name="expert" label="À qui" options={Object.entries(EXPERT_KINDS).map(([k, l]) => [k, l])} value={value('avis', 'expert', 'erun')} error={fieldError(props, 'avis', 'type')} />
            <div class={`fr-input-group${fieldError(props, 'avis', 'courriel') ? ' fr-input-group--error' : ''}`}>
              <label class="fr-label" for="champ-courriel">Adresse électronique de l’expert</label>
              <input class="fr-input" id="champ-courriel" name="courriel" type="email" value={value('avis', 'courriel')} autocomplete="off" />
              {fieldError(props, 'avis', 'courriel') && <p class="fr-error-text">{fieldError(props, 'avis', 'courriel')}</p>}
            </div>
            <TextArea name="question" label="Question posée" value={value('avis', 'question')} error={fieldError(props, 'avis', 'question')} maxLength={5000} />
            <div class={`fr-input-group${fieldError(props, 'avis', 'echeance') ? ' fr-input-group--error' : ''}`}>
              <label class="fr-label" for="champ-echeance">Date limite<span class="fr-hint-text">Des rappels partent 3 jours et 1 jour avant.</span></label>
              <input class="fr-input" id="champ-echeance" name="echeance" type="date" value={value('avis', 'echeance')} />
              {fieldError(props, 'avis', 'echeance') && <p class="fr-error-text">{fieldError(props, 'avis', 'echeance')}</p>}
            </div>
            <button type="submit" class="fr-btn fr-btn--secondary">Envoyer la demande d’avis</button>
          </Form>
        )}
      </Section>

      <Section id="notes" title="Notes privées">
        <p class="fr-text--sm">Visibles des seuls instructeurs du territoire ; jamais de la collectivité ni des équipes des écoles.</p>
        {extras.notes.length === 0 ? <p>Aucune note.</p> : (
          <ul>{extras.notes.map((n) => <li key={n.id}><strong>{n.author_label}</strong>, {when(n.at)} : {n.body}</li>)}</ul>
        )}
        {perms.note && (
          <Form action={`${base}/notes`} aria-label="Ajouter une note privée">
            <FormErrors props={props} form="note" />
            <TextArea name="note" label="Nouvelle note privée" value={value('note', 'note')} error={fieldError(props, 'note', 'note')} maxLength={10_000} />
            <button type="submit" class="fr-btn fr-btn--secondary">Ajouter la note</button>
          </Form>
        )}
      </Section>

      <Section id="proposition" title="Proposition de décision">
        {extras.proposal ? (
          <p>
            Proposition actuelle : <strong>{PROPOSAL_LABELS[extras.proposal.kind]}</strong>
            {extras.proposal.kind === 'accept' && <> — maximum équipement {eur(extras.proposal.equipment_max_cents ?? 0)}, services {eur(extras.proposal.services_max_cents ?? 0)}</>}
            {extras.proposal.reason && <> — motif : {extras.proposal.reason}</>}
            {' '}(par {extras.proposal.proposedByName}, le {when(extras.proposal.proposed_at)}).
          </p>
        ) : <p>Aucune décision proposée.</p>}
        {perms.propose && underReview && (
          <Form action={`${base}/proposition`} aria-label="Proposer une décision">
            <FormErrors props={props} form="proposition" />
            <fieldset class="fr-fieldset" aria-labelledby="decision-legend">
              <legend class="fr-fieldset__legend" id="decision-legend">Décision proposée au comité</legend>
              {(['accept', 'waiting_list', 'reject'] as const).map((k) => (
                <div class="fr-fieldset__element" key={k}>
                  <div class="fr-radio-group">
                    <input type="radio" id={`decision-${k}`} name="decision" value={k} checked={value('proposition', 'decision', 'accept') === k} />
                    <label class="fr-label" for={`decision-${k}`}>{PROPOSAL_LABELS[k]}</label>
                  </div>
                </div>
              ))}
            </fieldset>
            <div class="fr-grid-row fr-grid-row--gutters">
              <div class="fr-col-12 fr-col-md-6">
                <div class="fr-input-group">
                  <label class="fr-label" for="champ-maximumEquipement">Maximum équipement (€)<span class="fr-hint-text">Calculé : {eur(d.equipment_grant_cents)} ; plus bas seulement avec un motif</span></label>
                  <input class="fr-input" id="champ-maximumEquipement" name="maximumEquipement" inputMode="decimal" value={value('proposition', 'maximumEquipement', centsText(d.equipment_grant_cents))} />
                </div>
              </div>
              <div class="fr-col-12 fr-col-md-6">
                <div class="fr-input-group">
                  <label class="fr-label" for="champ-maximumServices">Maximum services (€)<span class="fr-hint-text">Calculé : {eur(d.services_grant_cents)}</span></label>
                  <input class="fr-input" id="champ-maximumServices" name="maximumServices" inputMode="decimal" value={value('proposition', 'maximumServices', centsText(d.services_grant_cents))} />
                </div>
              </div>
            </div>
            <TextArea name="motif" label="Motif ou motivation" hint="Obligatoire pour ne pas retenir le dossier ou pour un maximum inférieur au calcul." value={value('proposition', 'motif')} error={fieldError(props, 'proposition', 'motif')} maxLength={5000} />
            <button type="submit" class="fr-btn">Enregistrer la proposition</button>
          </Form>
        )}
      </Section>

      <Section id="messages" title="Messages avec la collectivité">
        {view.messages.length === 0 ? <p>Aucun message.</p> : (
          <ul>{view.messages.map((m) => <li key={m.id}><strong>{m.author_label}</strong>, {when(m.at)} : {m.body}</li>)}</ul>
        )}
      </Section>

      <Section id="historique" title="Historique">
        <ol class="fr-text--sm">
          {view.events.map((e) => (
            <li key={e.id}>
              {when(e.at)} — {EVENT_LABELS[e.kind as EventKind] ?? e.kind} par {e.actor_label}
              {e.from_state && e.to_state ? ` (${displayOf(e.from_state).label} → ${displayOf(e.to_state).label})` : ''}
              {e.reason ? ` : ${e.reason}` : ''}
            </li>
          ))}
        </ol>
      </Section>
    </Layout>
  );
}

// ---- comparison --------------------------------------------------------------------------------

export function ComparePage(props: { ctx: PageContext; view: DossierView; from: number; to: number; diff: VersionComparison }) {
  const d = props.view.dossier;
  const base = `/instruction/dossiers/${d.id}`;
  const { diff } = props;
  return (
    <Layout title={`Versions ${props.from} et ${props.to} du dossier ${d.reference}`} ctx={props.ctx}
      breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Instruction', href: '/instruction' }, { label: d.reference, href: base }, { label: 'Comparaison' }]}>
      <h1>Ce qui a changé entre les versions {props.from} et {props.to}</h1>
      <p>Dossier {d.reference} — {props.view.organisation.name}</p>
      {diff.unchanged && <Alert kind="info" title="Aucune différence entre ces deux versions." small />}
      {(diff.schools.added.length + diff.schools.removed.length + diff.schools.changed.length > 0) && (
        <>
          <h2>Écoles</h2>
          <ul>
            {diff.schools.added.map((s) => <li key={`a${s.uai}`}>Ajoutée : {s.name ?? s.uai} ({s.uai})</li>)}
            {diff.schools.removed.map((s) => <li key={`r${s.uai}`}>Retirée : {s.name ?? s.uai} ({s.uai})</li>)}
            {diff.schools.changed.map((s) => <li key={`c${s.uai}`}>Effectifs de {s.name ?? s.uai} : {s.from.classes ?? '?'} classes / {s.from.pupils ?? '?'} élèves → {s.to.classes ?? '?'} / {s.to.pupils ?? '?'}</li>)}
          </ul>
        </>
      )}
      {(diff.lines.added.length + diff.lines.removed.length + diff.lines.changed.length > 0) && (
        <>
          <h2>Lignes de budget</h2>
          <ul>
            {diff.lines.added.map((l) => <li key={`a${l.id}`}>Ajoutée : {l.label} (école {l.uai}, volet {l.volet}), {l.quantity} × {eur(l.unitTtcCents)} TTC</li>)}
            {diff.lines.removed.map((l) => <li key={`r${l.id}`}>Supprimée : {l.label} (école {l.uai}, volet {l.volet}), {l.quantity} × {eur(l.unitTtcCents)} TTC</li>)}
            {diff.lines.changed.map((l) => (
              <li key={`c${l.id}`}>
                Modifiée : {l.label} — {l.fields.includes('quantity') ? `quantité ${l.from.quantity} → ${l.to.quantity} ; ` : ''}
                {l.fields.includes('unitTtcCents') ? `prix TTC ${eur(l.from.unitTtcCents)} → ${eur(l.to.unitTtcCents)} ; ` : ''}
                {l.fields.includes('label') ? `libellé « ${l.from.label} » → « ${l.to.label} » ; ` : ''}
                montant {eur(l.from.quantity * l.from.unitTtcCents)} → {eur(l.to.quantity * l.to.unitTtcCents)} TTC
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.amounts.length > 0 && (
        <Table id="comparaison-montants" caption="Montants" head={['Montant', `Version ${props.from}`, `Version ${props.to}`]}>
          {diff.amounts.map((x) => <tr key={x.key}><th scope="row">{x.label}</th><td>{eur(x.from)}</td><td>{eur(x.to)}</td></tr>)}
        </Table>
      )}
      {diff.texts.map((t) => (
        <div key={t.key}>
          <h2>{t.label}</h2>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6"><h3 class="fr-h6">Version {props.from}</h3><p style="white-space: pre-wrap">{t.from || '—'}</p></div>
            <div class="fr-col-12 fr-col-md-6"><h3 class="fr-h6">Version {props.to}</h3><p style="white-space: pre-wrap">{t.to || '—'}</p></div>
          </div>
        </div>
      ))}
      <p class="fr-mt-4w"><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={base}>Retour au dossier</a></p>
    </Layout>
  );
}

// ---- the expert --------------------------------------------------------------------------------

export function ExpertPage(props: {
  ctx: PageContext; token: string; opinion: ExpertView; version: VersionContent | null; error?: string; errors?: FieldErrors; values?: Record<string, string>; done?: boolean;
}) {
  const o = props.opinion;
  return (
    <Layout title={`Avis sur le dossier ${o.reference}`} ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: `Avis sur le dossier ${o.reference}` }]}>
      <h1>Avis sur le dossier {o.reference}</h1>
      <p class="fr-text--lead">{o.organisationName}</p>
      {props.done && <Alert kind="success" title="Merci : votre avis est transmis à l’instructeur." />}
      {o.status !== 'open' && !props.done && (
        <Alert kind="info" title={o.status === 'answered' ? 'Cet avis a déjà été rendu.' : o.status === 'expired' ? 'Le délai de cet avis est dépassé.' : 'Cette demande d’avis a été retirée.'}>
          <p>
            {o.status === 'withdrawn' ? 'Vous n’avez plus à répondre. ' : ''}
            Ce lien ne donne plus accès au dossier.
          </p>
        </Alert>
      )}
      {o.status === 'open' && (
        <>
          <div class="fr-callout fr-mb-4w">
            <h2 class="fr-callout__title">Question de {o.requestedByLabel}</h2>
            <p class="fr-callout__text">{o.question}</p>
            <p class="fr-text--sm">Réponse attendue avant le {when(o.deadlineAt)} (heure de Paris).</p>
          </div>
          {props.version && (
            <>
              <h2>Le projet déposé (version {props.version.dossier.version})</h2>
              <p>{props.version.project.summary}</p>
              <h3 class="fr-h6">Accompagnement</h3>
              <p>{props.version.project.supportText || '—'}</p>
              <Table id="avis-ecoles" caption="Écoles" head={['UAI', 'École', 'Classes', 'Élèves']}>
                {props.version.schools.map((s) => <tr key={s.uai}><td>{s.uai}</td><td>{s.name}</td><td>{s.classes ?? '—'}</td><td>{s.pupils ?? '—'}</td></tr>)}
              </Table>
              <Table id="avis-lignes" caption="Budget" head={['École', 'Volet', 'Libellé', 'Quantité', 'Montant TTC']}>
                {props.version.lines.map((l) => <tr key={l.id}><td>{l.uai}</td><td>{l.volet}</td><td>{l.label}</td><td>{l.quantity}</td><td>{eur(l.quantity * l.unitTtcCents)}</td></tr>)}
              </Table>
            </>
          )}
          <h2 class="fr-mt-4w">Votre avis</h2>
          {props.error && <Alert kind="error" title="Votre avis n’a pas été enregistré"><p>{props.error}</p></Alert>}
          <Form action={`/avis/${props.token}`} {...{ enctype: 'multipart/form-data' }}>
            <fieldset class={`fr-fieldset${props.errors?.avis ? ' fr-fieldset--error' : ''}`} aria-labelledby="avis-legend">
              <legend class="fr-fieldset__legend" id="avis-legend">Votre avis sur le projet</legend>
              {([['yes', 'Favorable'], ['no', 'Défavorable']] as const).map(([v, l]) => (
                <div class="fr-fieldset__element" key={v}>
                  <div class="fr-radio-group">
                    <input type="radio" id={`avis-${v}`} name="avis" value={v} checked={props.values?.avis === v} />
                    <label class="fr-label" for={`avis-${v}`}>{l}</label>
                  </div>
                </div>
              ))}
              {props.errors?.avis && <p class="fr-error-text">{props.errors.avis}</p>}
            </fieldset>
            <TextArea name="texte" label="Motivation" value={props.values?.texte} error={props.errors?.texte} maxLength={10_000} />
            <div class={`fr-upload-group${props.errors?.fichier ? ' fr-upload-group--error' : ''}`}>
              <label class="fr-label" for="champ-fichier">Fichier (facultatif)<span class="fr-hint-text">PDF, PNG, JPEG, ODT ou DOCX, 20 Mo au plus.</span></label>
              <input class="fr-upload" type="file" id="champ-fichier" name="fichier" />
              {props.errors?.fichier && <p class="fr-error-text">{props.errors.fichier}</p>}
            </div>
            <button type="submit" class="fr-btn fr-mt-2w">Envoyer mon avis</button>
          </Form>
        </>
      )}
    </Layout>
  );
}
