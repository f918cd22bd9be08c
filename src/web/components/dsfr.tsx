// DSFR components (https://www.systeme-de-design.gouv.fr/), markup as documented for 1.15.
import type { ComponentChildren } from 'preact';
import { MAX_QUERY_LENGTH } from '../../data/reference';
import { Form } from './form';

export interface Crumb { label: string; href?: string }

/** Fil d'Ariane: the last crumb is the current page. */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <button type="button" class="fr-breadcrumb__button" aria-expanded="false" aria-controls="breadcrumb">Voir le fil d’Ariane</button>
      <div class="fr-collapse" id="breadcrumb">
        <ol class="fr-breadcrumb__list">
          {items.map((c, i) => (
            <li key={i}>
              {i === items.length - 1
                ? <a class="fr-breadcrumb__link" aria-current="page">{c.label}</a>
                : <a class="fr-breadcrumb__link" href={c.href}>{c.label}</a>}
            </li>
          ))}
        </ol>
      </div>
    </nav>
  );
}

export function Callout(props: { title?: string; icon?: string; headingLevel?: 2 | 3; children: ComponentChildren }) {
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div class={`fr-callout ${props.icon ?? 'fr-icon-information-line'}`}>
      {props.title && <H class="fr-callout__title">{props.title}</H>}
      <div class="fr-callout__text">{props.children}</div>
    </div>
  );
}

export function Alert(props: { kind: 'error' | 'warning' | 'info' | 'success'; title: string; children?: ComponentChildren; small?: boolean }) {
  return (
    <div class={`fr-alert fr-alert--${props.kind}${props.small ? ' fr-alert--sm' : ''} fr-mb-4w`} role={props.kind === 'error' ? 'alert' : undefined}>
      <h2 class="fr-alert__title">{props.title}</h2>
      {props.children}
    </div>
  );
}

/**
 * A DSFR table with a caption; `head` cells are column headers. `keyboardScroll`: for a table
 * without links that may scroll sideways on a small screen, its container takes the focus so that
 * keyboard users can scroll it.
 */
export function Table(props: {
  id: string; caption: string; captionHidden?: boolean; head: ComponentChildren[]; children: ComponentChildren;
  bordered?: boolean; keyboardScroll?: boolean;
}) {
  return (
    <div class={`fr-table${props.bordered ? ' fr-table--bordered' : ''}`} id={`${props.id}-component`}>
      <div class="fr-table__wrapper">
        <div class="fr-table__container" tabIndex={props.keyboardScroll ? 0 : undefined}>
          <div class="fr-table__content">
            <table id={props.id}>
              <caption class={props.captionHidden ? 'fr-sr-only' : undefined}>{props.caption}</caption>
              <thead>
                <tr>{props.head.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr>
              </thead>
              <tbody>{props.children}</tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/** Pages to show around `current`: first, last, current ± 1, with gaps as null. */
export function pageWindow(current: number, pages: number): (number | null)[] {
  const shown = new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages));
  const out: (number | null)[] = [];
  let prev = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p - prev > 1) out.push(null);
    out.push(p);
    prev = p;
  }
  return out;
}

export function Pagination(props: { page: number; pages: number; href: (page: number) => string }) {
  const { page, pages, href } = props;
  if (pages <= 1) return null;
  const edge = (target: number, disabled: boolean, cls: string, label: string) => (
    <li>
      {disabled
        ? <a class={`fr-pagination__link ${cls}`} aria-disabled="true" role="link">{label}</a>
        : <a class={`fr-pagination__link ${cls}`} href={href(target)}>{label}</a>}
    </li>
  );
  return (
    <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label="Pagination">
      <ul class="fr-pagination__list">
        {edge(1, page === 1, 'fr-pagination__link--first', 'Première page')}
        {edge(page - 1, page === 1, 'fr-pagination__link--prev fr-pagination__link--lg-label', 'Page précédente')}
        {pageWindow(page, pages).map((p, i) => (
          <li key={i}>
            {p === null
              ? <span class="fr-pagination__link fr-displayed-lg">…</span>
              : p === page
                ? <a class="fr-pagination__link" aria-current="page" title={`Page ${p}`}>{p}</a>
                : <a class="fr-pagination__link" href={href(p)} title={`Page ${p}`}>{p}</a>}
          </li>
        ))}
        {edge(page + 1, page === pages, 'fr-pagination__link--next fr-pagination__link--lg-label', 'Page suivante')}
        {edge(pages, page === pages, 'fr-pagination__link--last', 'Dernière page')}
      </ul>
    </nav>
  );
}

/** The school search bar (GET /ecoles?q=…), usable without JavaScript. */
export function SchoolSearchBar(props: { id: string; q?: string; large?: boolean; label?: string; error?: string }) {
  const inputId = `${props.id}-input`;
  const errorId = `${props.id}-error`;
  return (
    <Form action="/ecoles" method="get" aria-label="Rechercher une école">
      <div class={`fr-search-bar${props.large ? ' fr-search-bar--lg' : ''}`} id={props.id} role="search">
        <label class="fr-label" for={inputId}>{props.label ?? 'Rechercher une école par son nom, sa commune ou son UAI'}</label>
        <input
          class={`fr-input${props.error ? ' fr-input--error' : ''}`}
          placeholder="Nom de l’école, commune ou UAI"
          type="search" id={inputId} name="q" value={props.q ?? ''} autocomplete="off" maxLength={MAX_QUERY_LENGTH}
          aria-describedby={props.error ? errorId : undefined}
        />
        <button type="submit" class="fr-btn" title="Rechercher">Rechercher</button>
      </div>
      {props.error && <p class="fr-error-text" id={errorId}>{props.error}</p>}
    </Form>
  );
}

export function Tag(props: { children: ComponentChildren; accent?: string; title?: string }) {
  return <p class={`fr-tag fr-tag--sm${props.accent ? ` fr-tag--${props.accent}` : ''}`} title={props.title}>{props.children}</p>;
}

export function SectorTag({ sector }: { sector: 'public' | 'private' }) {
  return sector === 'public'
    ? <Tag accent="blue-ecume">Public</Tag>
    : <Tag accent="purple-glycine">Privé sous contrat</Tag>;
}

export function PriorityTag({ priority }: { priority: 'REP' | 'REP+' | null }) {
  if (!priority) return null;
  return (
    <Tag accent={priority === 'REP+' ? 'orange-terre-battue' : 'yellow-tournesol'}
      title={priority === 'REP+' ? 'Réseau d’éducation prioritaire renforcé' : 'Réseau d’éducation prioritaire'}>
      {priority}
    </Tag>
  );
}

/** Tags of a school: sector, then REP/REP+ when known. */
export function SchoolTags(props: { sector: 'public' | 'private'; priority: 'REP' | 'REP+' | null }) {
  return (
    <ul class="fr-tags-group">
      <li><SectorTag sector={props.sector} /></li>
      {props.priority && <li><PriorityTag priority={props.priority} /></li>}
    </ul>
  );
}
