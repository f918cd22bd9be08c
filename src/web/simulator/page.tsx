// The public simulator /simulateur (DSFR): pick a commune or an EPCI, enter each school's classes and
// spending, see the grant per volet and per school, the findings and « Pourquoi ce montant ? ».
// A GET form: it works without JavaScript and its URL reproduces the simulation; simulateur.js only
// enhances it (suggestions, live update through the API, copy the link, print).
import type { ExplanationEntry, Finding, SimulationResult } from '../../domain/funding';
import { formatEuros } from '../../domain/money';
import type { PageContext } from '../components/context';
import { Callout } from '../components/dsfr';
import { Form } from '../components/form';
import { formatInteger, plural } from '../format';
import { Layout } from '../layout';
import { FIELDS, MAX_FIELD_LENGTH, MAX_SCHOOLS, type FieldName } from './assets/form.js';
import type { Row, SimulatorState } from './state';

export interface AssetUrls { script: string; style: string }

const INPUT_NAME: Record<FieldName, string> = { classes: 'classes', pupils: 'eleves', equipment: 'equipement', services: 'services' };
const fieldId = (field: FieldName, row: number) => `${INPUT_NAME[field]}-${row}`;

const HINTS: Record<FieldName, string> = {
  classes: 'Cycles 2 et 3',
  pupils: 'Élèves de l’école',
  equipment: 'En euros TTC, par exemple 3 500 ou 3 500,50',
  services: 'Sur deux ans, en euros TTC',
};

function Field(props: { row: number; field: FieldName; value: string; error?: string; numeric: boolean }) {
  const id = fieldId(props.field, props.row);
  const errorId = `${id}-erreur`;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {FIELDS[props.field]}
        <span class="fr-hint-text">{HINTS[props.field]}</span>
      </label>
      <input
        class={`fr-input${props.error ? ' fr-input--error' : ''}`} id={id} name={INPUT_NAME[props.field]} type="text"
        value={props.value} inputMode={props.numeric ? 'numeric' : 'decimal'} autocomplete="off" maxLength={MAX_FIELD_LENGTH + 16}
        data-field={props.field} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? errorId : undefined}
      />
      <p class="fr-error-text" id={errorId} hidden={!props.error}>{props.error ?? ''}</p>
    </div>
  );
}

function SchoolFieldset({ row, index, errors }: { row: Row; index: number; errors: Partial<Record<FieldName, string>> }) {
  const legendId = `ecole-${index}-titre`;
  const ref = [
    row.refPupils !== null ? plural(row.refPupils, 'élève') : null,
    row.refClasses !== null ? plural(row.refClasses, 'classe') : null,
  ].filter(Boolean).join(', ');
  return (
    <fieldset class="fr-fieldset simulateur-ecole" id={`ecole-${index}`} aria-labelledby={legendId}
      data-row={index} data-uai={row.uai} data-commune={row.communeCode ?? ''} data-name={row.name}>
      <legend class="fr-fieldset__legend" id={legendId}>
        {row.name}
        <span class="fr-hint-text">
          UAI {row.uai}
          {row.communeName ? ` · ${row.communeName} (${row.communeCode})` : row.communeCode ? ` · commune ${row.communeCode}` : ''}
          {row.known ? (ref ? ` · ${ref} selon les données de référence` : ' · effectifs inconnus des données de référence') : ' · école absente des données de référence'}
        </span>
      </legend>
      <input type="hidden" name="uai" value={row.uai} />
      <div class="fr-fieldset__element">
        <div class="fr-grid-row fr-grid-row--gutters">
          {(['classes', 'pupils', 'equipment', 'services'] as const).map((field) => (
            <div class="fr-col-12 fr-col-sm-6 fr-col-lg-3" key={field}>
              <Field row={index} field={field} value={row[field]} error={errors[field]} numeric={field === 'classes' || field === 'pupils'} />
            </div>
          ))}
        </div>
      </div>
    </fieldset>
  );
}

function TerritorySearch({ state }: { state: SimulatorState }) {
  const errorId = 'territoire-erreur';
  return (
    <Form action="/simulateur" method="get" id="simulateur-recherche" aria-label="Choisir une commune ou une intercommunalité" role="search">
      <div class={`fr-input-group${state.qError ? ' fr-input-group--error' : ''}`}>
        <label class="fr-label" for="territoire">
          Commune ou intercommunalité (EPCI)
          <span class="fr-hint-text">Nom, code INSEE, code postal ou SIREN, par exemple « Argentré-du-Plessis » ou « 35006 »</span>
        </label>
        <div class="fr-search-bar" id="territoire-barre">
          <input class={`fr-input${state.qError ? ' fr-input--error' : ''}`} id="territoire" name="q" type="search" value={state.q}
            autocomplete="off" maxLength={120} list="territoire-suggestions" placeholder="Nom ou code de la commune ou de l’EPCI"
            aria-describedby={state.qError ? errorId : undefined} aria-invalid={state.qError ? 'true' : undefined} />
          <button type="submit" class="fr-btn" title="Chercher le territoire">Chercher</button>
        </div>
        <datalist id="territoire-suggestions"></datalist>
        {state.qError && <p class="fr-error-text" id={errorId}>{state.qError}</p>}
      </div>
    </Form>
  );
}

function Matches({ state }: { state: SimulatorState }) {
  if (state.matches === null) return null;
  if (state.matches.length === 0) {
    return (
      <div role="status">
        <Callout title={`Aucune commune ni intercommunalité ne correspond à « ${state.q} »`} icon="fr-icon-search-line">
          <p>Vérifiez l’orthographe, saisissez moins de mots ou le code INSEE de la commune (5 caractères).</p>
        </Callout>
      </div>
    );
  }
  return (
    <section aria-labelledby="territoires-titre" class="fr-mb-4w">
      <div role="status"><h2 id="territoires-titre" class="fr-h4">{plural(state.matches.length, 'territoire trouvé', 'territoires trouvés')} pour « {state.q} »</h2></div>
      <ul class="simulateur-territoires">
        {state.matches.map((m) => (
          <li key={`${m.kind}-${m.code}`}>
            <a class="fr-link" href={`/simulateur?${m.kind}=${m.code}`}>{m.name}</a>{' '}
            – {m.kind === 'commune' ? `commune, ${m.detail}, code INSEE ${m.code}` : `${m.detail}, SIREN ${m.code}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ErrorSummary({ state }: { state: SimulatorState }) {
  const items = [
    ...state.formErrors.map((message) => ({ message, href: undefined as string | undefined })),
    ...state.fieldErrors.map((e) => ({ message: e.message, href: `#${fieldId(e.field, e.row)}` })),
    ...(state.addError ? [{ message: state.addError, href: '#ajout' }] : []),
  ];
  if (items.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert" id="simulateur-erreurs">
      <h2 class="fr-alert__title">{items.length === 1 ? 'Une saisie est à corriger' : `${items.length} saisies sont à corriger`}</h2>
      <ul>
        {items.map((item, i) => <li key={i}>{item.href ? <a href={item.href}>{item.message}</a> : item.message}</li>)}
      </ul>
    </div>
  );
}

const euros = (cents: number | null | undefined) => (cents === null || cents === undefined ? '—' : formatEuros(cents));

function FindingAlert({ finding }: { finding: Finding }) {
  const blocking = finding.severity === 'blocking';
  return (
    <div class={`fr-alert fr-alert--${blocking ? 'error' : 'warning'} fr-alert--sm fr-mb-2w`} data-code={finding.code}>
      <p><strong>{blocking ? 'Bloquant' : 'Attention'} :</strong> {finding.message}</p>
    </div>
  );
}

const SECTIONS: readonly { title: string; rules: readonly ExplanationEntry['rule'][] }[] = [
  { title: 'Équipement (volet 1)', rules: ['school-minimum', 'equipment-class-cap', 'equipment-base', 'equipment-tiers'] },
  { title: 'Services et ressources numériques (volet 2)', rules: ['services-pupil-cap', 'services-rate'] },
  { title: 'Total', rules: ['grant-total'] },
];

export function Explanation({ entries }: { entries: readonly ExplanationEntry[] }) {
  return (
    <section aria-labelledby="pourquoi-titre" class="fr-mt-4w" id="pourquoi">
      <h2 id="pourquoi-titre">Pourquoi ce montant ?</h2>
      {SECTIONS.map((section) => {
        const steps = entries.filter((e) => section.rules.includes(e.rule));
        return (
          <div key={section.title} data-section={section.title}>
            <h3 class="fr-h5">{section.title}</h3>
            <ul>{steps.map((e, i) => <li key={i}>{e.text}</li>)}</ul>
          </div>
        );
      })}
    </section>
  );
}

function Results({ state, shareUrl }: { state: SimulatorState; shareUrl: string }) {
  const r: SimulationResult | null = state.result;
  const schoolOf = new Map(state.simulated.map((row, i) => [row, i]));
  const blocking = r ? r.findings.filter((f) => f.severity === 'blocking').length : 0;
  return (
    <section aria-labelledby="resultat-titre" id="resultat" class="fr-mt-6w" hidden={r === null}>
      <h2 id="resultat-titre">Résultat de la simulation</h2>
      <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
        <div class="fr-col-12 fr-col-md-4">
          <div class="simulateur-chiffre">
              <h3>Subvention totale</h3>
              <p class="simulateur-montant" aria-live="polite" aria-atomic="true" data-value="grantCents">{euros(r?.grantCents)}</p>
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="simulateur-chiffre">
              <h3>Équipement (volet 1)</h3>
              <p class="simulateur-montant" data-value="equipment.grantCents">{euros(r?.equipment.grantCents)}</p>
              <p class="fr-text--sm fr-mb-0">Dépenses <span data-value="equipment.spendingCents">{euros(r?.equipment.spendingCents)}</span>, éligibles <span data-value="equipment.eligibleCents">{euros(r?.equipment.eligibleCents)}</span></p>
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <div class="simulateur-chiffre">
              <h3>Services et ressources (volet 2)</h3>
              <p class="simulateur-montant" data-value="services.grantCents">{euros(r?.services.grantCents)}</p>
              <p class="fr-text--sm fr-mb-0">Dépenses <span data-value="services.spendingCents">{euros(r?.services.spendingCents)}</span>, éligibles <span data-value="services.eligibleCents">{euros(r?.services.eligibleCents)}</span></p>
          </div>
        </div>
      </div>

      <div id="constats">
        {r && r.findings.length === 0 && (
          <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w"><p>Aucun constat : le projet respecte les règles de l’appel.</p></div>
        )}
        {r && blocking > 0 && (
          <p class="fr-text--bold">{plural(blocking, 'constat bloquant', 'constats bloquants')} : un dossier dans cet état ne pourrait pas être déposé.</p>
        )}
        {r?.findings.map((f, i) => <FindingAlert finding={f} key={i} />)}
      </div>

      <div class="fr-table fr-table--bordered fr-mt-3w" id="ecoles-resultat-component">
        <div class="fr-table__wrapper"><div class="fr-table__container" tabIndex={0}><div class="fr-table__content">
          <table id="ecoles-resultat">
            <caption>Subvention par école</caption>
            <thead>
              <tr>
                <th scope="col">École</th>
                <th scope="col">Retenue</th>
                <th scope="col">Équipement : dépenses</th>
                <th scope="col">Équipement : éligible</th>
                <th scope="col">Équipement : subvention</th>
                <th scope="col">Services : dépenses</th>
                <th scope="col">Services : éligible</th>
                <th scope="col">Services : subvention</th>
              </tr>
            </thead>
            <tbody>
              {state.rows.map((row, index) => {
                const s = r ? r.schools[schoolOf.get(index) ?? -1] : undefined;
                return (
                  <tr key={row.uai} data-row={index} hidden={r !== null && s === undefined}>
                    <th scope="row" class="fr-cell--multiline">{row.name} <span class="fr-text--xs">({row.uai})</span></th>
                    <td data-cell="eligible">{s ? (s.eligible ? 'Oui' : 'Non (sous le minimum)') : '—'}</td>
                    <td class="fr-cell--right" data-cell="equipment.spendingCents">{euros(s?.equipment.spendingCents)}</td>
                    <td class="fr-cell--right" data-cell="equipment.eligibleCents">{euros(s?.equipment.eligibleCents)}</td>
                    <td class="fr-cell--right" data-cell="equipment.grantCents">{euros(s?.equipment.grantCents)}</td>
                    <td class="fr-cell--right" data-cell="services.spendingCents">{euros(s?.services.spendingCents)}</td>
                    <td class="fr-cell--right" data-cell="services.eligibleCents">{euros(s?.services.eligibleCents)}</td>
                    <td class="fr-cell--right" data-cell="services.grantCents">{euros(s?.services.grantCents)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div></div></div>
      </div>
      {state.skipped.length > 0 && (
        <p class="fr-text--sm" id="ecoles-sans-montant">
          {plural(state.skipped.length, 'école sans montant saisi n’est pas comptée', 'écoles sans montant saisi ne sont pas comptées')} dans la simulation.
        </p>
      )}

      <Explanation entries={r?.explanation ?? []} />

      <section aria-labelledby="partage-titre" class="fr-mt-4w simulateur-partage" id="partage">
        <h2 id="partage-titre" class="fr-h4">Partager ou imprimer cette simulation</h2>
        <div class="fr-input-group">
          <label class="fr-label" for="lien">
            Lien de cette simulation
            <span class="fr-hint-text">Ouvrir ce lien refait la même simulation, avec les mêmes montants.</span>
          </label>
          <input class="fr-input" id="lien" type="url" readOnly value={shareUrl} />
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md simulateur-actions">
          <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-links-line fr-btn--icon-left" id="copier-lien" hidden>Copier le lien</button></li>
          <li><button type="button" class="fr-btn fr-btn--tertiary fr-icon-printer-line fr-btn--icon-left" id="imprimer" hidden>Imprimer</button></li>
          <li><a class="fr-btn fr-btn--tertiary" href={shareUrl} id="lien-ouvrir">Ouvrir le lien</a></li>
        </ul>
        <p class="fr-text--sm" id="lien-copie" role="status"></p>
      </section>
    </section>
  );
}

export function SimulatorPage(props: { ctx: PageContext; state: SimulatorState; origin: string; assets: AssetUrls }) {
  const { ctx, state } = props;
  const hasErrors = state.formErrors.length + state.fieldErrors.length > 0 || state.addError !== undefined || state.qError !== undefined;
  const errorsByRow = new Map<number, Partial<Record<FieldName, string>>>();
  for (const e of state.fieldErrors) {
    const m = errorsByRow.get(e.row) ?? {};
    m[e.field] ??= e.message;
    errorsByRow.set(e.row, m);
  }
  const sharePath = `/simulateur${state.shareQuery ? `?${state.shareQuery}` : ''}`;
  const title = `${hasErrors ? 'Erreur : ' : ''}Simuler la subvention${state.territory ? ` – ${state.territory.name}` : ''}`;
  const showForm = state.territory !== null || state.rows.length > 0 || state.add !== '';
  const tooMany = state.territory?.members;
  return (
    <Layout title={title} ctx={ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Simuler la subvention' }]}>
      <link rel="stylesheet" href={props.assets.style} />
      <h1>Simuler la subvention</h1>
      <p class="fr-text--lead">
        Estimez la subvention de l’appel à projets « Socle numérique dans les écoles élémentaires » pour les écoles
        d’une commune ou d’une intercommunalité, selon les règles de l’appel 2021.
      </p>
      <Callout title="Les règles en bref" headingLevel={2}>
        <p>
          Équipement (volet 1) : au moins 3 500 € par école, au plus 3 500 € par classe, subventionnés à 70 % jusqu’à
          200 000 € par commune puis à 50 %. Services et ressources (volet 2) : au plus 20 € par élève, subventionnés à 50 %.
          Cette simulation n’engage pas l’État ; rien n’est enregistré.
        </p>
      </Callout>

      <TerritorySearch state={state} />
      <Matches state={state} />
      {state.territoryError && (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert"><h2 class="fr-alert__title">Territoire introuvable</h2><p>{state.territoryError}</p></div>
      )}

      {state.territory && (
        <h2 class="fr-mt-4w" id="territoire-titre">
          {state.territory.name} <span class="fr-text--md">({state.territory.kind === 'commune' ? `commune ${state.territory.code}` : `intercommunalité, SIREN ${state.territory.code}`}) – {plural(state.territory.schoolCount, 'école')}</span>
        </h2>
      )}
      {tooMany && (
        <Callout title="Trop d’écoles pour une seule simulation" icon="fr-icon-warning-line" headingLevel={3}>
          <p>
            Cette intercommunalité compte {formatInteger(state.territory!.schoolCount)} écoles ; une simulation en prend au plus {MAX_SCHOOLS}.
            Simulez commune par commune, ou ajoutez les écoles du projet par leur UAI.
          </p>
          <ul>
            {tooMany.map((m) => <li key={m.code}><a href={`/simulateur?commune=${m.code}`}>{m.name}</a> – {plural(m.schoolCount, 'école')}</li>)}
          </ul>
        </Callout>
      )}
      {state.notices.map((n, i) => <p key={i} class="fr-text--sm">{n}</p>)}

      <ErrorSummary state={state} />

      {(showForm || !state.matches) && (
        <Form action="/simulateur" method="get" id="simulateur-saisie" aria-label="Écoles et dépenses du projet" noValidate>
          {state.territory && <input type="hidden" name={state.territory.kind} value={state.territory.code} />}
          {state.rows.length > 0 && (
            <>
              <h2 class="fr-h4">Écoles et dépenses</h2>
              <p class="fr-text--sm">
                Saisissez pour chaque école du projet ses classes, ses élèves et ses dépenses. Les écoles sans aucun montant
                ne sont pas comptées. Effectifs préremplis d’après les données de référence quand elles les donnent.
              </p>
            </>
          )}
          {state.rows.map((row, i) => <SchoolFieldset key={row.uai} row={row} index={i} errors={errorsByRow.get(i) ?? {}} />)}
          <div class={`fr-input-group${state.addError ? ' fr-input-group--error' : ''} fr-mt-3w`}>
            <label class="fr-label" for="ajout">
              Ajouter une école par son UAI
              <span class="fr-hint-text">7 chiffres et une lettre, par exemple 0351633K (voir la fiche de l’école)</span>
            </label>
            <input class={`fr-input${state.addError ? ' fr-input--error' : ''}`} id="ajout" name="ajout" type="text" value={state.add}
              autocomplete="off" maxLength={20} aria-describedby={state.addError ? 'ajout-erreur' : undefined} aria-invalid={state.addError ? 'true' : undefined} />
            {state.addError && <p class="fr-error-text" id="ajout-erreur">{state.addError}</p>}
          </div>
          <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
            <li><button type="submit" class="fr-btn" id="calculer">{state.rows.length > 0 ? 'Calculer la subvention' : 'Ajouter l’école'}</button></li>
          </ul>
        </Form>
      )}

      {state.rows.length > 0 && state.result === null && !hasErrors && (
        <p class="fr-text--sm" id="simulateur-consigne">Saisissez les dépenses d’au moins une école puis choisissez « Calculer la subvention ».</p>
      )}
      {state.rows.length > 0 && <Results state={state} shareUrl={`${props.origin}${sharePath}`} />}
      <script type="module" src={props.assets.script}></script>
    </Layout>
  );
}
