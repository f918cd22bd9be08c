// The frame of every dossier page: header (reference, applicant, state), the side menu of the
// sections, the engine's amounts box with « Pourquoi ce montant ? » (updated on each save, live with
// the enhancement script), and the shared form pieces (error summary, conflict alert, fields).
import type { ComponentChildren } from 'preact';
import type { ChangeSince, DossierView, FieldError } from '../../commands/dossier';
import { formatParisInstant, displayOf } from '../../domain/dossier/lifecycle';
import type { CheckItem } from '../../domain/dossier/checks';
import { formatEuros } from '../../domain/money';
import type { PageContext } from '../components/context';
import { Layout } from '../layout';

export interface Perms {
  /** May change the content (applicant admin/editor, dossier editable). */
  edit: boolean;
  /** Applicant admin/editor whatever the state (submit, withdraw, invite). */
  write: boolean;
  /** The person's school-team roles. */
  team: readonly { uai: string; role: string }[];
  message: boolean;
  attach: boolean;
  readAttachments: boolean;
  /** May revoke a pending invitation to a school team (the applicant's administrators). */
  revokeInvitations: boolean;
}

export const SECTIONS = [
  { key: 'apercu', path: '', label: 'Vue d’ensemble' },
  { key: 'ecoles', path: '/ecoles', label: 'Écoles' },
  { key: 'diagnostic', path: '/diagnostic', label: 'Diagnostic des écoles' },
  { key: 'budget', path: '/budget', label: 'Budget' },
  { key: 'projet', path: '/projet', label: 'Projet pédagogique' },
  { key: 'pieces', path: '/pieces', label: 'Pièces jointes' },
  { key: 'equipe', path: '/equipe', label: 'Équipes des écoles et cosignatures' },
  { key: 'depot', path: '/depot', label: 'Dépôt' },
  { key: 'messages', path: '/messages', label: 'Messages' },
  { key: 'versions', path: '/versions', label: 'Versions déposées' },
  { key: 'resume', path: '/resume', label: 'Résumé imprimable' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'] | 'retrait';

export const dossierUrl = (id: string, path = ''): string => `/dossiers/${id}${path}`;

/** Where the field named by a completeness item (FIELDS of checks.ts) is fixed. */
export function fieldHref(view: { readonly dossier: { readonly id: string }; readonly organisation: { readonly id: string } }, field: string): string {
  const id = view.dossier.id;
  let m = /^ecole-(.+)-(diagnostic|budget|signatures|effectifs)$/.exec(field);
  if (m) {
    const [, uai, part] = m;
    if (part === 'diagnostic') return `${dossierUrl(id, `/diagnostic/${uai}`)}#${field}`;
    if (part === 'budget') return `${dossierUrl(id, '/budget')}#${field}`;
    if (part === 'signatures') return `${dossierUrl(id, '/equipe')}#${field}`;
    return `${dossierUrl(id, '/ecoles')}#${field}`;
  }
  if (field === 'budget-cofinancements') return `${dossierUrl(id, '/projet')}#${field}`;
  m = /^(ecoles|budget|projet|pieces)/.exec(field);
  if (m) return `${dossierUrl(id, `/${m[1]}`)}#${field}`;
  if (field.startsWith('organisation-')) return `/organisations/${view.organisation.id}/coordonnees`;
  return dossierUrl(id);
}

export function StateBadge({ state, small }: { state: string; small?: boolean }) {
  const d = displayOf(state);
  return <p class={`fr-badge fr-badge--${d.badge}${small ? ' fr-badge--sm' : ''}`}>{d.label}</p>;
}

export const euros = (cents: number): string => formatEuros(cents);
export const when = (iso: string): string => formatParisInstant(iso);

const EXPLANATION_GROUPS = [
  { title: 'Équipement (volet 1)', rules: ['school-minimum', 'equipment-class-cap', 'equipment-base', 'equipment-tiers'] },
  { title: 'Services et ressources numériques (volet 2)', rules: ['services-pupil-cap', 'services-rate'] },
  { title: "Ajustements de l'instructeur", rules: ['reviewer-adjustment'] },
  { title: 'Total', rules: ['grant-total'] },
];

/** The explanation of the amounts in its groups (the page shows them; the autosave answer carries them to the script). */
export function explanationGroups(explanation: readonly { rule: string; text: string }[]): { title: string; steps: string[] }[] {
  return EXPLANATION_GROUPS
    .map((g) => ({ title: g.title, steps: explanation.filter((e) => g.rules.includes(e.rule)).map((e) => e.text) }))
    .filter((g) => g.steps.length > 0);
}

/** The engine's amounts: per volet, per school, and the explanation. Its figures carry data-montant for the script. */
export function AmountsBox({ view }: { view: DossierView }) {
  const a = view.computed.amounts;
  const groups = explanationGroups(view.computed.explanation ?? []);
  return (
    <section class="fr-callout fr-icon-money-euro-circle-line fr-mb-4w" id="montants" aria-labelledby="montants-titre" data-montants>
      <h2 class="fr-callout__title" id="montants-titre">
        Subvention calculée : <span data-montant="grant">{euros(a.grantCents)}</span>
      </h2>
      <p class="fr-text--sm fr-mb-1w" aria-live="polite" data-montants-etat>
        Montants calculés par les règles de l’appel sur le budget déclaré ({view.call.amountBasis}), à la version {view.dossier.revision} du dossier.
      </p>
      <div class="fr-table fr-table--sm fr-mb-1w">
        <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
          <table>
            <caption class="fr-sr-only">Montants par volet</caption>
            <thead><tr><th scope="col">Volet</th><th scope="col">Dépenses déclarées</th><th scope="col">Dépenses subventionnables</th><th scope="col">Subvention</th></tr></thead>
            <tbody>
              <tr>
                <th scope="row">Volet 1 — équipement</th>
                <td data-montant="equipment-spending">{euros(view.computed.equipmentDeclaredCents)}</td>
                <td data-montant="equipment-eligible">{euros(a.equipment.eligibleCents)}</td>
                <td data-montant="equipment-grant">{euros(a.equipment.grantCents)}</td>
              </tr>
              <tr>
                <th scope="row">Volet 2 — services et ressources</th>
                <td data-montant="services-spending">{euros(view.computed.servicesDeclaredCents)}</td>
                <td data-montant="services-eligible">{euros(a.services.eligibleCents)}</td>
                <td data-montant="services-grant">{euros(a.services.grantCents)}</td>
              </tr>
            </tbody>
          </table>
        </div></div></div>
      </div>
      {view.schools.length > 0 && (
        <details class="fr-mb-1w">
          <summary>Montants par école</summary>
          <div class="fr-table fr-table--sm">
            <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
              <table>
                <caption class="fr-sr-only">Montants par école</caption>
                <thead><tr><th scope="col">École</th><th scope="col">Classes / élèves</th><th scope="col">Équipement déclaré</th><th scope="col">Services déclarés</th><th scope="col">Subvention</th></tr></thead>
                <tbody>
                  {view.schools.map((s) => (
                    <tr key={s.uai}>
                      <th scope="row">{s.name} ({s.uai}){s.amounts.eligible ? '' : ' — non retenue (sous le minimum)'}</th>
                      <td>{s.classes ?? '?'} / {s.pupils ?? '?'}</td>
                      <td data-montant={`school-${s.uai}-equipment`}>{euros(s.computed.equipmentDeclaredCents)}</td>
                      <td data-montant={`school-${s.uai}-services`}>{euros(s.computed.servicesDeclaredCents)}</td>
                      <td data-montant={`school-${s.uai}-grant`}>{euros(s.amounts.equipment.grantCents + s.amounts.services.grantCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div></div></div>
          </div>
        </details>
      )}
      <details>
        <summary>Pourquoi ce montant ?</summary>
        <div data-explication>
          {groups.map((g) => (
            <div key={g.title}>
              <h3 class="fr-h6 fr-mt-2w fr-mb-1w">{g.title}</h3>
              <ul class="fr-text--sm">{g.steps.map((text, i) => <li key={i}>{text}</li>)}</ul>
            </div>
          ))}
        </div>
      </details>
    </section>
  );
}

/** The completeness list: each blocking item (then each warning) with a link to the field that fixes it. */
export function CompletenessList({ view, limit }: { view: DossierView; limit?: number }) {
  const checks = view.computed.checks;
  const blocking = checks.filter((c) => c.severity === 'blocking');
  const warnings = checks.filter((c) => c.severity === 'warning');
  const item = (c: CheckItem, i: number) => (
    <li key={i}><a href={fieldHref(view, c.field)}>{c.message}</a></li>
  );
  return (
    <section id="completude" aria-labelledby="completude-titre" class="fr-mb-4w">
      <h2 id="completude-titre" class="fr-h4">Complétude du dossier</h2>
      {blocking.length === 0
        ? <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w"><p>Aucun point bloquant : le dossier peut être déposé.</p></div>
        : (
          <div class="fr-alert fr-alert--warning fr-mb-2w">
            <h3 class="fr-alert__title">{blocking.length === 1 ? '1 point bloque le dépôt' : `${blocking.length} points bloquent le dépôt`}</h3>
            <ul data-completude>{(limit ? blocking.slice(0, limit) : blocking).map(item)}</ul>
            {limit && blocking.length > limit && <p><a href={dossierUrl(view.dossier.id, '/depot')}>Voir les {blocking.length} points</a></p>}
          </div>
        )}
      {warnings.length > 0 && (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w">
          <p>Points d’attention (ils n’empêchent pas le dépôt) :</p>
          <ul>{warnings.map(item)}</ul>
        </div>
      )}
    </section>
  );
}

function SideMenu({ view, section }: { view: DossierView; section: SectionKey }) {
  return (
    <nav class="fr-sidemenu fr-sidemenu--sticky-full-height" role="navigation" aria-labelledby="sidemenu-titre">
      <div class="fr-sidemenu__inner">
        <button type="button" class="fr-sidemenu__btn" aria-controls="sidemenu-sections" aria-expanded="false">Sections du dossier</button>
        <div class="fr-collapse" id="sidemenu-sections">
          <p class="fr-sidemenu__title" id="sidemenu-titre">Dossier {view.dossier.reference}</p>
          <ul class="fr-sidemenu__list">
            {SECTIONS.map((s) => (
              <li key={s.key} class={`fr-sidemenu__item${s.key === section ? ' fr-sidemenu__item--active' : ''}`}>
                <a class="fr-sidemenu__link" href={dossierUrl(view.dossier.id, s.path)} aria-current={s.key === section ? 'page' : undefined}>{s.label}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </nav>
  );
}

export function DossierLayout(props: {
  ctx: PageContext; view: DossierView; section: SectionKey; title: string; notice?: string; noAmounts?: boolean; children: ComponentChildren;
  scriptUrl?: string;
}) {
  const { view } = props;
  const d = view.dossier;
  const sectionLabel = SECTIONS.find((s) => s.key === props.section)?.label ?? props.title;
  return (
    <Layout title={`${props.title} – dossier ${d.reference}`} ctx={props.ctx}
      breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Mes dossiers', href: '/dossiers' }, ...(props.section === 'apercu' ? [{ label: `Dossier ${d.reference}` }] : [{ label: `Dossier ${d.reference}`, href: dossierUrl(d.id) }, { label: sectionLabel }])]}>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-3">
          <SideMenu view={view} section={props.section} />
        </div>
        <div class="fr-col-12 fr-col-md-9" data-dossier={d.id}>
          <p class="fr-text--sm fr-mb-1w">{view.organisation.name} · {view.call.title}</p>
          <h1 class="fr-h2">{props.title}</h1>
          <div class="fr-mb-2w"><StateBadge state={d.state} /> <span class="fr-text--sm">Dossier {d.reference}</span></div>
          {props.notice && <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status"><p>{props.notice}</p></div>}
          {!props.noAmounts && <AmountsBox view={view} />}
          {props.children}
        </div>
      </div>
      {props.scriptUrl && <script type="module" src={props.scriptUrl}></script>}
    </Layout>
  );
}

// -- forms ----------------------------------------------------------------------------------

export type Errors = Record<string, string>;

export function errorsOf(list: readonly FieldError[], map: (field: string) => string = (f) => f): Errors {
  const out: Errors = {};
  for (const e of list) {
    const k = map(e.field);
    out[k] = out[k] ? `${out[k]} ${e.message}` : e.message;
  }
  return out;
}

/** The summary at the top of a refused form: a link to each field in error. */
export function FormErrors({ errors, message, labels = {} }: { errors: Errors; message?: string; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !message) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="erreurs">
      <h2 class="fr-alert__title">{entries.length > 1 ? `Le formulaire contient ${entries.length} erreurs` : 'Le formulaire n’a pas été enregistré'}</h2>
      {message && entries.length === 0 && <p>{message}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, m]) => (
            <li key={field}>{document(field) ? <a href={`#champ-${field}`}>{labels[field] ?? m}</a> : m}{labels[field] ? ` : ${m}` : ''}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
const document = (field: string): boolean => field !== '' && field !== 'revision';

/** A 409: what changed since the person opened the page; their input is kept below. */
export function ConflictAlert({ changes }: { changes?: readonly ChangeSince[] }) {
  if (!changes) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert" id="conflit">
      <h2 class="fr-alert__title">Pendant que vous modifiiez, le dossier a changé</h2>
      <ul>
        {changes.map((c, i) => <li key={i}>{c.label} par {c.actorLabel} le {when(c.at)}</li>)}
      </ul>
      <p>Votre saisie n’a pas été enregistrée ; elle est conservée ci-dessous. Vérifiez-la au regard de ces changements, puis enregistrez de nouveau.</p>
    </div>
  );
}

export function Input(props: {
  name: string; label: ComponentChildren; value?: string; error?: string; hint?: string; type?: 'text' | 'email' | 'number' | 'file';
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email'; maxLength?: number; required?: boolean; accept?: string; id?: string; autocomplete?: string; class?: string;
  data?: Record<string, string>;
}) {
  const id = props.id ?? `champ-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(props.data ?? {})) data[`data-${k}`] = v;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label class="fr-label" for={id}>
        {props.label}
        {props.hint && <span class="fr-hint-text" id={`${id}-hint`}>{props.hint}</span>}
      </label>
      {props.type === 'file'
        ? <input class={`fr-upload${props.error ? ' fr-input--error' : ''}`} type="file" id={id} name={props.name} accept={props.accept} aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined} />
        : <input class={`fr-input${props.error ? ' fr-input--error' : ''}`} id={id} name={props.name} type={props.type ?? 'text'} value={props.value ?? ''}
          inputMode={props.inputMode} maxLength={props.maxLength} required={props.required} autocomplete={props.autocomplete ?? 'off'}
          aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined} {...data} />}
      {props.error && <p class="fr-error-text" id={`${id}-error`}>{props.error}</p>}
    </div>
  );
}

export function Revision({ view }: { view: DossierView }) {
  return <input type="hidden" name="revision" value={String(view.dossier.revision)} data-revision />;
}
