// Pages of the applicant's journey (issue 4): my dossiers, the dossier's overview and sections
// (schools, diagnostic, budget, project, attachments, team and co-signatures, submission, messages,
// versions, withdrawal), the printable summary and the school-team invitation. Every form works
// without JavaScript; the enhancement script (assets/dossier.js) only autosaves and updates totals.
import type { ChangeSince, DossierView } from '../../commands/dossier';
import { EVENT_LABELS, INTERNAL_EVENT_KINDS } from '../../commands/events';
import type { DossierListItem } from '../../data/dossiers';
import type { TerritorySchool } from '../../data/dossier-territory';
import { referentialFor } from '../../data/dossier-referential';
import { ALTERNATIVE_LABELS, ITEM_STATUS_DISPLAY, SCOPE_LABELS, VOLET_LABELS, baselineAfterDisplay, formatDistance } from '../../domain/baseline';
import { FIELDS } from '../../domain/dossier/checks';
import { displayOf } from '../../domain/dossier/lifecycle';
import { SIGNER_ROLE_LABELS, SIGNER_ROLES, type SignerRole } from '../../domain/dossier/signers';
import { OBJECTIVES, objectiveLabel } from '../../domain/objectives';
import type { PageContext } from '../components/context';
import { Alert, Table } from '../components/dsfr';
import { Form } from '../components/form';
import { Select, TextArea } from '../components/fields';
import { Layout } from '../layout';
import {
  AmountsBox, CompletenessList, ConflictAlert, DossierLayout, FormErrors, Input, Revision, StateBadge, dossierUrl, euros, when,
  type Errors, type Perms, type SectionKey,
} from './components';
import { CO_FUNDING_ROWS, centsToInput, diagField, diagnosticRows, objectiveField, type BudgetForm, type DiagnosticFormValues, type ProjectForm } from './forms';

export interface Base { ctx: PageContext; view: DossierView; perms: Perms; notice?: string; scriptUrl?: string }
export interface Refused { errors?: Errors; message?: string; conflict?: readonly ChangeSince[] }

const ATTACHMENT_KINDS: Array<[string, string]> = [['quote', 'Devis'], ['deliberation', 'Délibération de l’assemblée'], ['other', 'Autre pièce']];
const KIND_LABEL: Record<string, string> = { quote: 'Devis', deliberation: 'Délibération de l’assemblée', other: 'Autre pièce', message: 'Pièce jointe d’un message' };
const ROLE_OPTIONS: Array<[string, string]> = SIGNER_ROLES.map((r) => [r, SIGNER_ROLE_LABELS[r]]);
const roleLabel = (r: string) => SIGNER_ROLE_LABELS[r as SignerRole] ?? r;
const size = (n: number) => (n < 1024 ? `${n} o` : n < 1024 * 1024 ? `${(n / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Ko` : `${(n / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`);

function ReadOnlyNotice({ view, perms }: { view: DossierView; perms: Perms }) {
  if (perms.edit) return null;
  const editableState = view.dossier.state === 'draft' || view.dossier.state === 'returned_for_changes';
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
      <p>{editableState ? 'Vous consultez cette partie du dossier : seule la collectivité (administrateurs et agents) la modifie.'
        : `Le dossier est à l’état « ${view.dossier.stateLabel} » : il n’est plus modifiable.`}</p>
    </div>
  );
}

// -- my dossiers --------------------------------------------------------------------------------

export function nextStep(d: Pick<DossierListItem, 'state' | 'blockingCount'>): string {
  switch (d.state) {
    case 'draft': return d.blockingCount > 0 ? `Compléter le dossier (${d.blockingCount} point${d.blockingCount > 1 ? 's' : ''} bloquant${d.blockingCount > 1 ? 's' : ''})` : 'Déposer le dossier';
    case 'returned_for_changes': return 'Compléter le dossier et le déposer à nouveau';
    case 'submitted': return 'Attendre la prise en charge par l’instructeur';
    case 'under_review': return 'Répondre aux éventuelles questions de l’instructeur';
    default: return displayOf(d.state).description;
  }
}

export function MyDossiersPage(props: {
  ctx: PageContext; dossiers: DossierListItem[]; creatable: { id: string; name: string }[]; callTitle: string; error?: string; demoNow?: Date;
}) {
  return (
    <Layout title="Mes dossiers" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Mes dossiers' }]}>
      <h1>Mes dossiers</h1>
      {props.demoNow && (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>Démonstration : la plateforme rejoue l’appel de 2021 ; son horloge indique le {when(props.demoNow.toISOString())}, pendant la période de dépôt.</p>
        </div>
      )}
      {props.error && <Alert kind="error" title="Le dossier n’a pas été créé"><p>{props.error}</p></Alert>}
      {props.dossiers.length === 0
        ? <p>Vous n’avez encore aucun dossier.</p>
        : (
          <Table id="dossiers" caption="Mes dossiers" captionHidden head={['Dossier', 'Collectivité', 'État', 'Subvention calculée', 'Prochaine étape']}>
            {props.dossiers.map((d) => (
              <tr key={d.id}>
                <td><a href={dossierUrl(d.id)}>{d.reference}</a>{d.schoolRoles.length > 0 && <><br /><span class="fr-text--xs">Équipe d’école : {d.schoolRoles.map((r) => `${roleLabel(r.role)} (${r.uai})`).join(', ')}</span></>}</td>
                <td>{d.organisationName}</td>
                <td><StateBadge state={d.state} small /></td>
                <td>{euros(d.grantCents)}<br /><span class="fr-text--xs">{d.schoolCount} école{d.schoolCount > 1 ? 's' : ''}</span></td>
                <td>{nextStep(d)}</td>
              </tr>
            ))}
          </Table>
        )}
      {props.creatable.length > 0 && (
        <section class="fr-mt-4w" aria-labelledby="creer">
          <h2 id="creer">Créer un dossier</h2>
          <p>Appel à projets : {props.callTitle}. Une collectivité dépose un seul dossier par appel, pour toutes ses écoles.</p>
          {props.creatable.map((o) => (
            <Form action="/dossiers" key={o.id} class="fr-mb-2w">
              <input type="hidden" name="organisationId" value={o.id} />
              <input type="hidden" name="callId" value="snee-2021" />
              <button type="submit" class="fr-btn">Créer le dossier de {o.name}</button>
            </Form>
          ))}
        </section>
      )}
      {props.dossiers.length === 0 && props.creatable.length === 0 && (
        <p>Pour déposer un dossier, représentez d’abord votre collectivité : <a href="/organisations">Mes collectivités</a>.</p>
      )}
    </Layout>
  );
}

// -- overview -----------------------------------------------------------------------------------

export function OverviewPage(props: Base) {
  const { view } = props;
  const d = view.dossier;
  return (
    <DossierLayout ctx={props.ctx} view={view} section="apercu" title={`Dossier de ${view.organisation.name}`} notice={props.notice}>
      <p>{displayOf(d.state).description}</p>
      <dl class="fr-mb-3w">
        <dt class="fr-text--bold">Collectivité</dt><dd>{view.organisation.name} (SIREN {view.organisation.siren})</dd>
        <dt class="fr-text--bold">Écoles</dt><dd>{view.schools.length === 0 ? 'aucune pour l’instant' : view.schools.map((s) => `${s.name} (${s.uai})`).join(', ')}</dd>
        <dt class="fr-text--bold">Dernière modification</dt><dd>{when(d.updated_at)}</dd>
        {d.submitted_at && <><dt class="fr-text--bold">Déposé le</dt><dd>{when(d.submitted_at)}</dd></>}
      </dl>
      {(d.state === 'draft' || d.state === 'returned_for_changes') && <CompletenessList view={view} />}
      {view.versions.length > 0 && (
        <section aria-labelledby="versions-titre" class="fr-mb-4w">
          <h2 id="versions-titre" class="fr-h4">Versions déposées</h2>
          <ul>
            {view.versions.map((v) => (
              <li key={v.number}><a href={dossierUrl(d.id, `/versions/${v.number}`)}>Version {v.number}</a>, déposée le {when(v.submitted_at)} par {v.submitted_by}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="historique-titre">
        <h2 id="historique-titre" class="fr-h4">Historique</h2>
        <History view={view} />
      </section>
    </DossierLayout>
  );
}

function History({ view }: { view: DossierView }) {
  // The académie's internal work (opinions asked, proposals) stays out of the applicant's history.
  const events = view.events.filter((e) => !INTERNAL_EVENT_KINDS.has(e.kind)).reverse().slice(0, 100);
  return (
    <Table id="historique" caption="Historique du dossier (le plus récent d’abord)" captionHidden keyboardScroll head={['Date', 'Qui', 'Quoi']}>
      {events.map((e) => (
        <tr key={e.seq}>
          <td>{when(e.at)}</td>
          <td>{e.actor_label}</td>
          <td>{eventText(e)}</td>
        </tr>
      ))}
    </Table>
  );
}


function eventText(e: DossierView['events'][number]): string {
  const p = (() => { try { return JSON.parse(e.payload ?? '{}') as Record<string, unknown>; } catch { return {}; } })();
  let t = (EVENT_LABELS as Record<string, string>)[e.kind] ?? e.kind;
  if (typeof p.uai === 'string') t += ` — ${typeof p.name === 'string' ? `${p.name} ` : ''}(${p.uai})`;
  const to = p.to as Record<string, unknown> | undefined;
  if (to && typeof to.label === 'string') t += ` — « ${to.label} »`;
  if ((e.kind === 'member_invited' || e.kind === 'member_invitation_revoked') && typeof p.email === 'string') t += ` : ${p.email}`;
  if (e.kind === 'amounts_recomputed' && p.grant_cents && typeof p.grant_cents === 'object') {
    const g = p.grant_cents as { from: number; to: number };
    t += ` : subvention ${euros(g.from)} → ${euros(g.to)}`;
  }
  if (e.reason) t += ` (motif : ${e.reason})`;
  return t;
}

// -- schools ------------------------------------------------------------------------------------

export function SchoolsPage(props: Base & Refused & { territory: TerritorySchool[]; checked?: string[]; headcount?: { uai: string; classes: string; eleves: string; motif: string } }) {
  const { view, perms } = props;
  const inDossier = new Set(view.schools.map((s) => s.uai));
  const available = props.territory.filter((s) => !inDossier.has(s.uai));
  const checked = new Set(props.checked ?? []);
  const errors = props.errors ?? {};
  return (
    <DossierLayout ctx={props.ctx} view={view} section="ecoles" title="Écoles du dossier" notice={props.notice} scriptUrl={props.scriptUrl}>
      <ReadOnlyNotice view={view} perms={perms} />
      <ConflictAlert changes={props.conflict} />
      <FormErrors errors={errors} message={props.message} />
      <h2 class="fr-h4" id={FIELDS.schools}>Écoles retenues ({view.schools.length})</h2>
      {view.schools.length === 0 && <p>Aucune école pour l’instant : choisissez-les ci-dessous parmi les écoles de votre territoire.</p>}
      {view.schools.map((s) => {
        const mine = props.headcount?.uai === s.uai ? props.headcount : undefined;
        const e = mine ? errors : {};
        return (
          <div class="fr-card fr-card--no-arrow fr-mb-3w" key={s.uai} id={FIELDS.school(s.uai, 'effectifs')}>
            <div class="fr-card__body"><div class="fr-card__content">
              <h3 class="fr-card__title">{s.name} ({s.uai})</h3>
              <div class="fr-card__desc">
                <p class="fr-mb-1w">{s.commune_name ?? s.commune_code} · {s.nature_label ?? ''} {s.private_school === 1 && <span class="fr-badge fr-badge--sm fr-badge--purple-glycine">Privé sous contrat</span>}</p>
                <p class="fr-text--sm">Données de l’annuaire : {s.prefilled_classes ?? '?'} classes, {s.prefilled_pupils ?? '?'} élèves.{s.headcount_reason ? ` Effectifs modifiés : ${s.headcount_reason}` : ''}</p>
                {perms.edit ? (
                  <Form action={dossierUrl(view.dossier.id, `/ecoles/${s.uai}/effectifs`)}>
                    <Revision view={view} />
                    <div class="fr-grid-row fr-grid-row--gutters">
                      <div class="fr-col-6 fr-col-md-3"><Input name="classes" id={`champ-classes-${s.uai}`} label="Classes (cycles 2 et 3)" inputMode="numeric" value={mine ? mine.classes : String(s.classes ?? '')} error={e.classes} /></div>
                      <div class="fr-col-6 fr-col-md-3"><Input name="eleves" id={`champ-eleves-${s.uai}`} label="Élèves" inputMode="numeric" value={mine ? mine.eleves : String(s.pupils ?? '')} error={e.eleves} /></div>
                      <div class="fr-col-12 fr-col-md-6"><Input name="motif" id={`champ-motif-${s.uai}`} label="Motif de la modification" hint="Obligatoire si les effectifs diffèrent de l’annuaire" value={mine ? mine.motif : (s.headcount_reason ?? '')} error={e.motif} maxLength={2000} /></div>
                    </div>
                    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
                      <li><button type="submit" class="fr-btn fr-btn--secondary">Enregistrer les effectifs de {s.name}</button></li>
                    </ul>
                  </Form>
                ) : <p>Classes : {s.classes ?? '?'} · élèves : {s.pupils ?? '?'}</p>}
                {perms.edit && (
                  <Form action={dossierUrl(view.dossier.id, `/ecoles/${s.uai}/retirer`)}>
                    <Revision view={view} />
                    <button type="submit" class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-line fr-btn--icon-left">Retirer {s.name} du dossier</button>
                  </Form>
                )}
              </div>
            </div></div>
          </div>
        );
      })}
      {perms.edit && (
        <section aria-labelledby="territoire-titre" class="fr-mt-4w">
          <h2 id="territoire-titre" class="fr-h4">Ajouter des écoles de votre territoire</h2>
          {available.length === 0 ? <p>Toutes les écoles élémentaires et primaires de votre territoire figurent déjà dans un dossier.</p> : (
            <Form action={dossierUrl(view.dossier.id, '/ecoles')}>
              <Revision view={view} />
              <fieldset class={`fr-fieldset${errors.ecoles ? ' fr-fieldset--error' : ''}`} id="champ-ecoles" aria-labelledby="ecoles-legend">
                <legend class="fr-fieldset__legend" id="ecoles-legend">Écoles élémentaires et primaires de {view.organisation.name}</legend>
                {available.map((s) => (
                  <div class="fr-fieldset__element" key={s.uai}>
                    <div class="fr-checkbox-group">
                      <input type="checkbox" name="ecoles" value={s.uai} id={`ecole-${s.uai}`} checked={checked.has(s.uai)} disabled={s.heldBy !== null} aria-describedby={`ecole-${s.uai}-detail`} />
                      <label class="fr-label" for={`ecole-${s.uai}`}>
                        {s.name} ({s.uai}){s.sector === 'private' ? ' — privé sous contrat' : ''}
                        <span class="fr-hint-text" id={`ecole-${s.uai}-detail`}>
                          {s.communeName ?? ''} · {s.classes ?? '?'} classes, {s.pupils ?? '?'} élèves
                          {s.heldBy ? ` · déjà dans le dossier ${s.heldBy.reference} de ${s.heldBy.organisationName}` : ''}
                        </span>
                      </label>
                    </div>
                  </div>
                ))}
                {errors.ecoles && <div class="fr-messages-group"><p class="fr-message fr-message--error">{errors.ecoles}</p></div>}
              </fieldset>
              <button type="submit" class="fr-btn">Ajouter les écoles cochées</button>
            </Form>
          )}
        </section>
      )}
    </DossierLayout>
  );
}

// -- diagnostic ---------------------------------------------------------------------------------

export function DiagnosticIndexPage(props: Base) {
  const { view } = props;
  return (
    <DossierLayout ctx={props.ctx} view={view} section="diagnostic" title="Diagnostic des écoles" notice={props.notice}>
      <p>Pour chaque école, l’équipe et la collectivité renseignent ce qui existe aujourd’hui et ce que le projet apporte, élément par élément du socle numérique de base. L’écart est calculé.</p>
      {view.schools.length === 0 ? <p>Ajoutez d’abord des écoles au dossier.</p> : (
        <Table id="diagnostics" caption="Diagnostic par école" captionHidden head={['École', 'Diagnostic', 'Écart au socle aujourd’hui', 'Socle atteint après le projet ?']}>
          {view.schools.map((s) => {
            const dg = s.computed.diagnostic;
            return (
              <tr key={s.uai}>
                <td><a href={dossierUrl(view.dossier.id, `/diagnostic/${s.uai}`)}>{s.name} ({s.uai})</a></td>
                <td>{dg === null ? 'À remplir' : dg.filled ? 'Complet' : `Incomplet (${dg.unanswered.length} élément${dg.unanswered.length > 1 ? 's' : ''} sans réponse)`}</td>
                <td>{dg === null ? '—' : formatDistance(dg.distance)}</td>
                <td>{dg === null ? '—' : baselineAfterDisplay(dg).label}</td>
              </tr>
            );
          })}
        </Table>
      )}
      {view.schools.length > 0 && <p>Pour le dossier : {view.computed.diagnosticSummary.filled} diagnostic(s) complet(s) sur {view.schools.length} ; {view.computed.diagnosticSummary.atBaselineAfter} école(s) au socle après le projet ; écart moyen aujourd’hui : {formatDistance(view.computed.diagnosticSummary.averageDistance)}.</p>}
    </DossierLayout>
  );
}

export function DiagnosticSchoolPage(props: Base & Refused & { uai: string; values: DiagnosticFormValues; canEdit: boolean }) {
  const { view } = props;
  const school = view.schools.find((s) => s.uai === props.uai)!;
  const referential = referentialFor(view.call.referentialVersion);
  const dg = school.computed.diagnostic;
  const errors = props.errors ?? {};
  const rows = diagnosticRows(referential);
  const itemOf = (code: string) => dg?.items.find((i) => i.item === code);
  const scopes = ['class', 'school', 'direction', 'services'] as const;
  return (
    <DossierLayout ctx={props.ctx} view={view} section="diagnostic" title={`Diagnostic de ${school.name}`} notice={props.notice} scriptUrl={props.scriptUrl}>
      <ConflictAlert changes={props.conflict} />
      <FormErrors errors={errors} message={props.message} />
      <p>{school.name} ({school.uai}) · {school.classes ?? '?'} classes de cycles 2 et 3. Pour chaque élément : la quantité présente aujourd’hui, la quantité apportée par le projet, ou « non prévu ».
        Une ligne laissée vide est « non renseignée ».</p>
      {dg && (
        <div class={`fr-alert fr-alert--${baselineAfterDisplay(dg).badge === 'success' ? 'success' : 'info'} fr-alert--sm fr-mb-3w`}>
          <p>Écart au socle aujourd’hui : {formatDistance(dg.distance)}. {baselineAfterDisplay(dg).label}.</p>
        </div>
      )}
      {!props.canEdit && <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w"><p>Vous consultez ce diagnostic : il est rempli par la collectivité et l’équipe de l’école.</p></div>}
      <Form action={dossierUrl(view.dossier.id, `/diagnostic/${school.uai}`)} id={FIELDS.school(school.uai, 'diagnostic')} {...(props.canEdit ? { 'data-autosave': 'diagnostic' } : {})}>
        <Revision view={view} />
        {scopes.map((scope) => {
          const scopeRows = rows.filter((r) => referential.items.find((i) => i.code === r.item)!.scope === scope);
          return (
            <fieldset class="fr-fieldset fr-mb-2w" key={scope} aria-labelledby={`scope-${scope}`}>
              <legend class="fr-fieldset__legend fr-h5" id={`scope-${scope}`}>{SCOPE_LABELS[scope]}</legend>
              <div class="fr-table fr-table--sm fr-col-12">
                <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
                  <table>
                    <caption class="fr-sr-only">{SCOPE_LABELS[scope]}</caption>
                    <thead><tr><th scope="col">Élément</th><th scope="col">Attendu</th><th scope="col">Présent</th><th scope="col">Apporté par le projet</th><th scope="col">Non prévu</th><th scope="col">Écart / état</th></tr></thead>
                    <tbody>
                      {scopeRows.map((r) => {
                        const item = referential.items.find((i) => i.code === r.item)!;
                        const d = itemOf(r.item);
                        const first = !r.alternative || item.alternatives?.[0] === r.alternative;
                        const label = `${item.label}${r.alternative ? ` — ${ALTERNATIVE_LABELS[r.alternative] ?? r.alternative}` : ''}${item.mandatory ? '' : ' (facultatif)'}`;
                        const fp = diagField(r.key, 'present'); const fa = diagField(r.key, 'apporte'); const fn = diagField(r.key, 'nonPrevu');
                        return (
                          <tr key={r.key} id={`item-${r.key}`}>
                            <th scope="row">{label}</th>
                            <td>{first ? (d?.expected ?? '—') : ''}</td>
                            <td><CellInput name={fp} label={`Présent : ${label}`} value={props.values[fp]} error={errors[fp]} disabled={!props.canEdit} /></td>
                            <td><CellInput name={fa} label={`Apporté par le projet : ${label}`} value={props.values[fa]} error={errors[fa]} disabled={!props.canEdit} /></td>
                            <td>
                              <div class="fr-checkbox-group fr-checkbox-group--sm">
                                <input type="checkbox" id={`champ-${fn}`} name={fn} checked={props.values[fn] !== undefined && props.values[fn] !== ''} disabled={!props.canEdit} />
                                <label class="fr-label" for={`champ-${fn}`}><span class="fr-sr-only">Non prévu : {label}</span></label>
                              </div>
                            </td>
                            <td>{first && d ? <>{d.answered ? `écart ${d.gapBefore} → ${d.gapAfter}` : ''} <span class={`fr-badge fr-badge--sm fr-badge--${ITEM_STATUS_DISPLAY[d.status].badge}`}>{ITEM_STATUS_DISPLAY[d.status].label}</span></> : ''}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div></div></div>
              </div>
            </fieldset>
          );
        })}
        {props.canEdit && <button type="submit" class="fr-btn">Enregistrer le diagnostic</button>}
        <p class="fr-text--sm fr-mt-1w" aria-live="polite" data-autosave-status></p>
      </Form>
    </DossierLayout>
  );
}

function CellInput(props: { name: string; label: string; value?: string; error?: string; disabled: boolean }) {
  const id = `champ-${props.name}`;
  return (
    <div class={`fr-input-group fr-mb-0${props.error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label fr-sr-only" for={id}>{props.label}</label>
      <input class={`fr-input${props.error ? ' fr-input--error' : ''}`} id={id} name={props.name} value={props.value ?? ''} inputMode="numeric" size={4}
        disabled={props.disabled} aria-describedby={props.error ? `${id}-error` : undefined} aria-invalid={props.error ? 'true' : undefined} />
      {props.error && <p class="fr-error-text" id={`${id}-error`}>{props.error}</p>}
    </div>
  );
}

// -- budget -------------------------------------------------------------------------------------

export function BudgetPage(props: Base & Refused & { form?: BudgetForm; editing?: string }) {
  const { view, perms } = props;
  const referential = referentialFor(view.call.referentialVersion);
  const errors = props.errors ?? {};
  const editing = props.editing ? view.lines.find((l) => l.id === props.editing) : undefined;
  const f: BudgetForm = props.form ?? (editing
    ? { lineId: editing.id, uai: editing.uai, volet: String(editing.volet), categorie: editing.category, libelle: editing.label, quantite: String(editing.quantity), prixUnitaireHT: centsToInput(editing.unit_ht_cents), prixUnitaireTTC: centsToInput(editing.unit_ttc_cents) }
    : { lineId: '', uai: view.schools[0]?.uai ?? '', volet: '1', categorie: '', libelle: '', quantite: '1', prixUnitaireHT: '', prixUnitaireTTC: '' });
  const categories: Array<[string, string]> = referential.items.map((i) => [i.code, `${i.volet === 1 ? 'Volet 1' : 'Volet 2'} — ${i.label}`]);
  const schoolName = (uai: string) => view.schools.find((s) => s.uai === uai)?.name ?? uai;
  const catLabel = (code: string) => referential.items.find((i) => i.code === code)?.label ?? code;
  const lineTable = (volet: 1 | 2) => {
    const lines = view.lines.filter((l) => l.volet === volet);
    return (
      <section id={volet === 1 ? FIELDS.equipment : FIELDS.services} aria-labelledby={`volet-${volet}`} class="fr-mb-4w">
        <h2 class="fr-h4" id={`volet-${volet}`}>{VOLET_LABELS[volet]}{volet === 2 ? ' (sur deux années scolaires)' : ''}</h2>
        {lines.length === 0 ? <p>Aucune ligne.</p> : (
          <Table id={`lignes-${volet}`} caption={VOLET_LABELS[volet]} captionHidden head={['École', 'Catégorie', 'Libellé', 'Quantité', 'Prix unitaire HT', 'Prix unitaire TTC', `Montant (${view.call.amountBasis})`, ...(perms.edit ? ['Actions'] : [])]}>
            {lines.map((l) => (
              <tr key={l.id} id={`ligne-${l.id}`}>
                <td data-montant={`line-${l.id}-school`}>{schoolName(l.uai)}</td>
                <td data-montant={`line-${l.id}-category`}>{catLabel(l.category)}</td>
                <td data-montant={`line-${l.id}-label`}>{l.label}</td>
                <td data-montant={`line-${l.id}-quantity`}>{l.quantity}</td>
                <td data-montant={`line-${l.id}-ht`}>{euros(l.unit_ht_cents)}</td>
                <td data-montant={`line-${l.id}-ttc`}>{euros(l.unit_ttc_cents)}</td>
                <td data-montant={`line-${l.id}-amount`}>{euros(l.amountCents)}</td>
                {perms.edit && (
                  <td>
                    <a class="fr-link fr-text--sm" href={`${dossierUrl(view.dossier.id, '/budget')}?ligne=${l.id}#ligne-form`}>Modifier<span class="fr-sr-only"> la ligne « {l.label} »</span></a>
                    <Form action={dossierUrl(view.dossier.id, `/budget/${l.id}/supprimer`)}>
                      <Revision view={view} />
                      <button type="submit" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm">Supprimer<span class="fr-sr-only"> la ligne « {l.label} »</span></button>
                    </Form>
                  </td>
                )}
              </tr>
            ))}
          </Table>
        )}
      </section>
    );
  };
  return (
    <DossierLayout ctx={props.ctx} view={view} section="budget" title="Budget" notice={props.notice} scriptUrl={props.scriptUrl}>
      <ReadOnlyNotice view={view} perms={perms} />
      <ConflictAlert changes={props.conflict} />
      <FormErrors errors={errors} message={props.message} />
      <div id={FIELDS.budget}>
        {view.schools.map((s) => (
          <p key={s.uai} id={FIELDS.school(s.uai, 'budget')} class="fr-text--sm fr-mb-1w">
            <strong>{s.name}</strong> : équipement <span data-montant={`school-${s.uai}-equipment`}>{euros(s.computed.equipmentDeclaredCents)}</span>,
            {' '}services <span data-montant={`school-${s.uai}-services`}>{euros(s.computed.servicesDeclaredCents)}</span>
            {s.amounts.eligible ? '' : ' — sous le minimum d’équipement par école : non retenue'}
          </p>
        ))}
      </div>
      {lineTable(1)}
      {lineTable(2)}
      {perms.edit && view.schools.length > 0 && (
        <section aria-labelledby="ligne-titre" id="ligne-form">
          <h2 class="fr-h4" id="ligne-titre">{f.lineId ? `Modifier la ligne « ${editing?.label ?? f.libelle} »` : 'Ajouter une ligne'}</h2>
          {/* With the script, the line saves itself: an existing line at each change, a new one once its fields are all filled (it is then edited in place). */}
          <Form action={dossierUrl(view.dossier.id, '/budget')} id="budget-ligne" {...{ 'data-live-total': '', 'data-autosave': 'budget', 'data-autosave-id': 'ligne', 'data-autosave-complete': 'uai volet categorie libelle quantite prixUnitaireHT prixUnitaireTTC' }}>
            <Revision view={view} />
            {f.lineId && <input type="hidden" name="ligne" value={f.lineId} />}
            <div class="fr-grid-row fr-grid-row--gutters">
              <div class="fr-col-12 fr-col-md-6"><Select name="uai" label="École" options={view.schools.map((s) => [s.uai, `${s.name} (${s.uai})`])} value={f.uai} error={errors.uai} /></div>
              <div class="fr-col-12 fr-col-md-6"><Select name="volet" label="Volet" options={[['1', 'Volet 1 — équipement'], ['2', 'Volet 2 — services et ressources']]} value={f.volet} error={errors.volet} /></div>
              <div class="fr-col-12"><Select name="categorie" label="Catégorie du référentiel" placeholder="Choisissez une catégorie" options={categories} value={f.categorie} error={errors.categorie} /></div>
              <div class="fr-col-12"><Input name="libelle" label="Libellé" hint="Par exemple : vidéoprojecteur interactif, installation comprise" value={f.libelle} error={errors.libelle} maxLength={200} /></div>
              <div class="fr-col-12 fr-col-md-4"><Input name="quantite" label="Quantité" inputMode="numeric" value={f.quantite} error={errors.quantite} /></div>
              <div class="fr-col-12 fr-col-md-4"><Input name="prixUnitaireHT" label="Prix unitaire HT (€)" hint="Par exemple 1 234,50" inputMode="decimal" value={f.prixUnitaireHT} error={errors.prixUnitaireHT} /></div>
              <div class="fr-col-12 fr-col-md-4"><Input name="prixUnitaireTTC" label="Prix unitaire TTC (€)" hint="Par exemple 1 481,40" inputMode="decimal" value={f.prixUnitaireTTC} error={errors.prixUnitaireTTC} /></div>
            </div>
            <p class="fr-text--sm" aria-live="polite" data-line-total></p>
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li><button type="submit" class="fr-btn" data-autosave-saved-label="Enregistrer la ligne">{f.lineId ? 'Enregistrer la ligne' : 'Ajouter la ligne'}</button></li>
              {f.lineId && <li><a class="fr-btn fr-btn--secondary" href={dossierUrl(view.dossier.id, '/budget')} data-autosave-saved-label="Fermer">Annuler</a></li>}
            </ul>
            <p class="fr-text--sm fr-mt-1w" aria-live="polite" data-autosave-status></p>
          </Form>
        </section>
      )}
    </DossierLayout>
  );
}

// -- project ------------------------------------------------------------------------------------

export function projectFormFromView(view: DossierView): ProjectForm {
  const textes: Record<string, string> = {};
  for (const o of view.dossier.objectiveList) textes[o.code] = o.text;
  const cofinancements = view.dossier.coFundingList.map((c) => ({ financeur: c.funder, montant: centsToInput(c.amountCents) }));
  return {
    presentation: view.dossier.project_summary, objectifs: view.dossier.objectiveList.map((o) => o.code), textes,
    planPret: view.dossier.lending_plan, accompagnement: view.dossier.support_text, cofinancements,
  };
}

export function ProjectPage(props: Base & Refused & { form?: ProjectForm }) {
  const { view, perms } = props;
  const f = props.form ?? projectFormFromView(view);
  const errors = props.errors ?? {};
  const ro = !perms.edit;
  return (
    <DossierLayout ctx={props.ctx} view={view} section="projet" title="Projet pédagogique" notice={props.notice} scriptUrl={props.scriptUrl}>
      <ReadOnlyNotice view={view} perms={perms} />
      <ConflictAlert changes={props.conflict} />
      <FormErrors errors={errors} message={props.message} />
      <Form action={dossierUrl(view.dossier.id, '/projet')} id="projet" {...(perms.edit ? { 'data-autosave': 'projet' } : {})}>
        <Revision view={view} />
        <TextArea name="presentation" label="Présentation du projet" value={f.presentation} error={errors.presentation} maxLength={10000} rows={5} />
        <fieldset class={`fr-fieldset${errors.objectifs ? ' fr-fieldset--error' : ''}`} id={FIELDS.objectives} aria-labelledby="objectifs-legend">
          <legend class="fr-fieldset__legend" id="objectifs-legend">Objectifs poursuivis <span class="fr-hint-text">Cochez les objectifs que le projet poursuit et décrivez pour chacun comment.</span></legend>
          {OBJECTIVES.map((o) => {
            const chosen = f.objectifs.includes(o.code);
            const tf = objectiveField(o.code);
            return (
              <div class="fr-fieldset__element" key={o.code} id={FIELDS.objective(o.code)}>
                <div class="fr-checkbox-group">
                  <input type="checkbox" name="objectifs" value={o.code} id={`champ-objectif-choisi-${o.code}`} checked={chosen} disabled={ro} />
                  <label class="fr-label" for={`champ-objectif-choisi-${o.code}`}>{o.number}. {o.label}</label>
                </div>
                <TextArea name={tf} label={<span>Comment le projet poursuit l’objectif {o.number}<span class="fr-sr-only"> ({o.label})</span></span>} value={f.textes[o.code] ?? ''} error={errors[tf]} maxLength={4000} rows={2} />
              </div>
            );
          })}
          {errors.objectifs && <div class="fr-messages-group"><p class="fr-message fr-message--error">{errors.objectifs}</p></div>}
        </fieldset>
        <div id={FIELDS.lendingPlan}>
          <TextArea rows={4} name="planPret" label="Plan de prêt des équipements mobiles aux familles" hint="Quels équipements, à quelles familles, selon quelles modalités (convention de prêt, assurance, retour)." value={f.planPret} error={errors.planPret} maxLength={10000} />
        </div>
        <div id={FIELDS.support}>
          <TextArea rows={4} name="accompagnement" label="Accompagnement prévu avec l’académie (volet 3)" hint="Formation et prise en main des équipements, services et ressources." value={f.accompagnement} error={errors.accompagnement} maxLength={10000} />
        </div>
        <fieldset class="fr-fieldset" id={FIELDS.coFunding} aria-labelledby="cofi-legend">
          <legend class="fr-fieldset__legend" id="cofi-legend">Autres financements publics <span class="fr-hint-text">Région, département, autres aides de l’État… Laissez vide s’il n’y en a pas.</span></legend>
          {Array.from({ length: Math.max(CO_FUNDING_ROWS, f.cofinancements.length) }, (_, i) => f.cofinancements[i] ?? { financeur: '', montant: '' }).slice(0, CO_FUNDING_ROWS).map((c, i) => (
            <div class="fr-fieldset__element fr-grid-row fr-grid-row--gutters" key={i}>
              <div class="fr-col-12 fr-col-md-8"><Input name={`financeur-${i}`} label={`Cofinanceur ${i + 1}`} value={c.financeur} error={errors[`financeur-${i}`]} maxLength={200} /></div>
              <div class="fr-col-12 fr-col-md-4"><Input name={`montant-${i}`} label={`Montant ${i + 1} (€)`} inputMode="decimal" value={c.montant} error={errors[`montant-${i}`]} /></div>
            </div>
          ))}
        </fieldset>
        {perms.edit && <button type="submit" class="fr-btn">Enregistrer le projet</button>}
        <p class="fr-text--sm fr-mt-1w" aria-live="polite" data-autosave-status></p>
      </Form>
    </DossierLayout>
  );
}

// -- attachments --------------------------------------------------------------------------------

export function AttachmentsPage(props: Base & Refused & { kind?: string }) {
  const { view, perms } = props;
  const errors = props.errors ?? {};
  const list = view.attachments.filter((a) => a.kind !== 'message');
  return (
    <DossierLayout ctx={props.ctx} view={view} section="pieces" title="Pièces jointes" notice={props.notice}>
      <FormErrors errors={errors} message={props.message} />
      {list.length === 0 ? <p>Aucune pièce jointe.</p> : (
        <Table id="pieces" caption="Pièces jointes du dossier" captionHidden head={['Pièce', 'Type', 'Taille', 'Empreinte SHA-256', 'Ajoutée le']}>
          {list.map((a) => (
            <tr key={a.id}>
              <td>{perms.readAttachments ? <a href={dossierUrl(view.dossier.id, `/pieces/${a.id}`)} download>{a.original_name}</a> : a.original_name}</td>
              <td>{KIND_LABEL[a.kind] ?? a.kind}</td>
              <td>{size(Number(a.size))}</td>
              <td><code class="fr-text--xs">{a.sha256}</code></td>
              <td>{when(a.uploaded_at)}</td>
            </tr>
          ))}
        </Table>
      )}
      <p id={FIELDS.deliberation}>{view.attachments.some((a) => a.kind === 'deliberation') ? 'La délibération de l’assemblée est jointe.' : 'La délibération de l’assemblée (conseil municipal ou communautaire) approuvant le projet est à joindre.'}</p>
      {perms.attach && perms.edit && (
        <section aria-labelledby="ajout-titre" class="fr-mt-4w">
          <h2 class="fr-h4" id="ajout-titre">Joindre une pièce</h2>
          <Form action={dossierUrl(view.dossier.id, '/pieces')} {...{ enctype: 'multipart/form-data' }}>
            <Revision view={view} />
            <Select name="type" label="Type de pièce" options={ATTACHMENT_KINDS} value={props.kind ?? 'deliberation'} error={errors.type} />
            <Input type="file" name="fichier" label="Fichier" hint="PDF, PNG, JPEG, ODT ou DOCX, 20 Mo au plus. Le type est vérifié d’après le contenu du fichier." accept=".pdf,.png,.jpg,.jpeg,.odt,.docx" error={errors.fichier} />
            <button type="submit" class="fr-btn">Joindre la pièce</button>
          </Form>
        </section>
      )}
    </DossierLayout>
  );
}

// -- team and co-signatures ---------------------------------------------------------------------

export function TeamPage(props: Base & Refused & { invite?: { uai: string; role: string; email: string }; invitationUrl?: string }) {
  const { view, perms } = props;
  const errors = props.errors ?? {};
  const inv = props.invite ?? { uai: view.schools[0]?.uai ?? '', role: 'director', email: '' };
  const d = view.dossier;
  const editableState = d.state === 'draft' || d.state === 'returned_for_changes';
  return (
    <DossierLayout ctx={props.ctx} view={view} section="equipe" title="Équipes des écoles et cosignatures" notice={props.notice}>
      <ConflictAlert changes={props.conflict} />
      <FormErrors errors={errors} message={props.message} />
      <p>Le directeur ou la directrice de chaque école cosigne le projet pédagogique. Une modification du projet, de la liste des écoles ou du budget d’une école par la collectivité après une cosignature l’annule : elle est alors à redonner.</p>
      {view.schools.map((s) => {
        const members = view.members.filter((m) => m.uai === s.uai);
        const sigs = view.signatures.filter((g) => g.uai === s.uai);
        const mine = perms.team.filter((t) => t.uai === s.uai);
        return (
          <section key={s.uai} id={FIELDS.school(s.uai, 'signatures')} class="fr-mb-4w" aria-labelledby={`equipe-${s.uai}`}>
            <h2 class="fr-h4" id={`equipe-${s.uai}`}>{s.name} ({s.uai})</h2>
            <h3 class="fr-h6">Équipe</h3>
            {members.length === 0 ? <p>Personne n’est encore invité pour cette école.</p> : (
              <ul>
                {members.map((m) => (
                  <li key={m.id}>
                    {m.display_name ?? m.email} — {roleLabel(m.role)} — {m.joined_at ? `a rejoint le dossier le ${when(m.joined_at)}` : `invitation envoyée le ${when(m.invited_at)}, en attente`}
                    {!m.joined_at && perms.revokeInvitations && (
                      <Form action={dossierUrl(d.id, `/equipe/${m.id}/annuler`)} class="fr-mt-1w fr-mb-2w">
                        <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">Annuler l’invitation<span class="fr-sr-only"> de {m.email} ({roleLabel(m.role)})</span></button>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <h3 class="fr-h6">Cosignatures</h3>
            {sigs.length === 0 ? <p>Aucune cosignature.</p> : (
              <ul>
                {sigs.map((g) => (
                  <li key={g.id}>
                    {g.signer_name}, {roleLabel(g.role)}, a cosigné le {when(g.signed_at)}
                    {g.voided_at ? <> — <strong>annulée le {when(g.voided_at)}</strong> : {g.voided_reason}</> : ' — valide'}
                  </li>
                ))}
              </ul>
            )}
            {mine.map((t) => {
              const active = sigs.some((g) => g.role === t.role && g.voided_at === null);
              if (active || !editableState) return null;
              return (
                <Form action={dossierUrl(d.id, '/signatures')} key={t.role}>
                  <Revision view={view} />
                  <input type="hidden" name="uai" value={s.uai} />
                  <input type="hidden" name="role" value={t.role} />
                  <p class="fr-text--sm">En cosignant, vous approuvez le projet pédagogique, la liste des écoles et le budget de {s.name} tels qu’ils sont affichés dans le dossier à cet instant.</p>
                  <button type="submit" class="fr-btn">Cosigner le projet pour {s.name} comme {roleLabel(t.role)}</button>
                </Form>
              );
            })}
          </section>
        );
      })}
      {perms.write && view.schools.length > 0 && (
        <section aria-labelledby="inviter-titre" class="fr-mt-4w">
          <h2 class="fr-h4" id="inviter-titre">Inviter un membre de l’équipe d’une école</h2>
          {props.invitationUrl && <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w"><p>Lien d’invitation envoyé par courriel (valable 14 jours) : <a href={props.invitationUrl}>{props.invitationUrl}</a></p></div>}
          <Form action={dossierUrl(d.id, '/equipe')}>
            <Select name="uai" label="École" options={view.schools.map((s) => [s.uai, `${s.name} (${s.uai})`])} value={inv.uai} error={errors.uai} />
            <Select name="role" label="Rôle" options={ROLE_OPTIONS} value={inv.role} error={errors.role} />
            <Input name="courriel" type="email" label="Adresse électronique de la personne" hint="Par exemple : ce.0350023g@ac-rennes.fr" value={inv.email} error={errors.courriel} autocomplete="email" maxLength={254} />
            <button type="submit" class="fr-btn">Envoyer l’invitation</button>
          </Form>
        </section>
      )}
    </DossierLayout>
  );
}

// -- submission ---------------------------------------------------------------------------------

export function SubmitPage(props: Base & Refused & { reasons?: { message: string; href?: string }[] }) {
  const { view, perms } = props;
  const d = view.dossier;
  const editableState = d.state === 'draft' || d.state === 'returned_for_changes';
  const last = view.versions.at(-1);
  return (
    <DossierLayout ctx={props.ctx} view={view} section="depot" title="Dépôt du dossier" notice={props.notice}>
      <ConflictAlert changes={props.conflict} />
      {props.reasons && props.reasons.length > 0 && (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="erreurs">
          <h2 class="fr-alert__title">Le dossier n’a pas été déposé</h2>
          <ul>{props.reasons.map((r, i) => <li key={i}>{r.href ? <a href={r.href}>{r.message}</a> : r.message}</li>)}</ul>
        </div>
      )}
      {props.message && !props.reasons && <Alert kind="error" title="Le dossier n’a pas été déposé"><p>{props.message}</p></Alert>}
      {last && !editableState && (
        <div class="fr-alert fr-alert--success fr-mb-3w">
          <h2 class="fr-alert__title">Dossier déposé le {when(last.submitted_at)}</h2>
          <p>Version {last.number}, empreinte SHA-256 : <code>{last.sha256}</code></p>
          <p><a class="fr-link fr-icon-download-line fr-link--icon-left" href={dossierUrl(d.id, `/versions/${last.number}/accuse-de-depot.pdf`)} download>Télécharger l’accusé de dépôt (PDF)</a></p>
          <p><a href={dossierUrl(d.id, `/versions/${last.number}`)}>Consulter la version déposée</a></p>
        </div>
      )}
      {editableState && <CompletenessList view={view} />}
      {editableState && perms.write && (
        <Form action={dossierUrl(d.id, '/depot')}>
          <Revision view={view} />
          <p>Le dépôt fige une version du dossier, calcule son empreinte et produit l’accusé de dépôt. Les membres de la collectivité en sont informés par courriel.</p>
          <button type="submit" class="fr-btn">{d.state === 'returned_for_changes' ? 'Déposer à nouveau le dossier' : 'Déposer le dossier'}</button>
        </Form>
      )}
      {perms.write && (d.state === 'submitted' || d.state === 'under_review' || d.state === 'waiting_list') && (
        <p class="fr-mt-4w"><a href={dossierUrl(d.id, '/retrait')}>Retirer le dossier</a></p>
      )}
    </DossierLayout>
  );
}

export function WithdrawPage(props: Base & Refused & { reason?: string }) {
  const { view } = props;
  const errors = props.errors ?? {};
  return (
    <DossierLayout ctx={props.ctx} view={view} section="retrait" title="Retirer le dossier" notice={props.notice} noAmounts>
      <FormErrors errors={errors} message={props.message} />
      <p>Le retrait met fin à la candidature de {view.organisation.name} pour cet appel à projets. Il est définitif et s’inscrit dans l’historique du dossier.</p>
      <Form action={dossierUrl(view.dossier.id, '/retrait')}>
        <TextArea rows={4} name="motif" label="Raison du retrait" value={props.reason ?? ''} error={errors.motif} maxLength={2000} />
        <button type="submit" class="fr-btn fr-btn--secondary">Retirer le dossier</button>
      </Form>
    </DossierLayout>
  );
}

// -- messages ----------------------------------------------------------------------------------

export function MessagesPage(props: Base & Refused & { body?: string }) {
  const { view, perms } = props;
  const errors = props.errors ?? {};
  const attachmentOf = (id: string | null) => (id ? view.attachments.find((a) => a.id === id) : undefined);
  return (
    <DossierLayout ctx={props.ctx} view={view} section="messages" title="Messages" notice={props.notice} noAmounts>
      <FormErrors errors={errors} message={props.message} />
      {view.messages.length === 0 ? <p>Aucun message pour l’instant.</p> : (
        <ol class="fr-raw-list">
          {view.messages.map((m) => {
            const a = attachmentOf(m.attachment_id);
            return (
              <li key={m.id} class="fr-mb-3w">
                <article class="fr-p-2w" style={undefined}>
                  <h2 class="fr-h6 fr-mb-1w">{m.author_label}, le {when(m.at)}</h2>
                  {m.body.split('\n').map((line, i) => <p key={i} class="fr-mb-1w">{line}</p>)}
                  {a && <p class="fr-text--sm">Pièce jointe : {perms.readAttachments ? <a href={dossierUrl(view.dossier.id, `/pieces/${a.id}`)} download>{a.original_name}</a> : a.original_name} ({size(Number(a.size))})</p>}
                </article>
              </li>
            );
          })}
        </ol>
      )}
      {perms.message && (
        <Form action={dossierUrl(view.dossier.id, '/messages')} {...{ enctype: 'multipart/form-data' }}>
          <TextArea rows={4} name="message" label="Votre message" value={props.body ?? ''} error={errors.message} maxLength={10000} />
          <Input type="file" name="fichier" label="Pièce jointe (facultatif)" hint="PDF, PNG, JPEG, ODT ou DOCX, 20 Mo au plus." accept=".pdf,.png,.jpg,.jpeg,.odt,.docx" error={errors.fichier} />
          <button type="submit" class="fr-btn">Envoyer le message</button>
        </Form>
      )}
    </DossierLayout>
  );
}

// -- versions -----------------------------------------------------------------------------------

export function VersionsPage(props: Base) {
  const { view } = props;
  return (
    <DossierLayout ctx={props.ctx} view={view} section="versions" title="Versions déposées" noAmounts>
      {view.versions.length === 0 ? <p>Le dossier n’a pas encore été déposé.</p> : (
        <Table id="versions" caption="Versions déposées" captionHidden head={['Version', 'Déposée le', 'Par', 'Empreinte SHA-256', 'Accusé de dépôt']}>
          {view.versions.map((v) => (
            <tr key={v.number}>
              <td><a href={dossierUrl(view.dossier.id, `/versions/${v.number}`)}>Version {v.number}</a></td>
              <td>{when(v.submitted_at)}</td>
              <td>{v.submitted_by}</td>
              <td><code class="fr-text--xs">{v.sha256}</code></td>
              <td><a href={dossierUrl(view.dossier.id, `/versions/${v.number}/accuse-de-depot.pdf`)} download>PDF<span class="fr-sr-only"> de la version {v.number}</span></a></td>
            </tr>
          ))}
        </Table>
      )}
    </DossierLayout>
  );
}

interface FrozenContent {
  submittedAt: string; submittedBy: string;
  applicant: { name: string; siren: string };
  project: { summary: string; objectives: { code: string; text: string }[]; lendingPlan: string; supportText: string; coFunding: { funder: string; amountCents: number }[] };
  schools: { uai: string; name: string; classes: number | null; pupils: number | null; private: boolean }[];
  lines: { id: string; uai: string; volet: number; label: string; quantity: number; unitHtCents: number; unitTtcCents: number }[];
  signatures: { uai: string; role: string; signer: string; signedAt: string }[];
  attachments: { id: string; kind: string; name: string; size: number; sha256: string }[];
  amounts: { grantCents: number; equipment: { spendingCents: number; eligibleCents: number; grantCents: number }; services: { spendingCents: number; eligibleCents: number; grantCents: number } };
}

export function VersionPage(props: Base & { number: number; sha256: string; content: string }) {
  const { view } = props;
  const c = JSON.parse(props.content) as FrozenContent;
  return (
    <DossierLayout ctx={props.ctx} view={view} section="versions" title={`Version déposée n° ${props.number}`} noAmounts>
      <div class="fr-alert fr-alert--info fr-mb-3w">
        <p>Version figée, en lecture seule : déposée le {when(c.submittedAt)} par {c.submittedBy}. Empreinte SHA-256 : <code>{props.sha256}</code></p>
        <p><a href={dossierUrl(view.dossier.id, `/versions/${props.number}/accuse-de-depot.pdf`)} download>Télécharger l’accusé de dépôt (PDF)</a></p>
      </div>
      <h2 class="fr-h4">Montants à la date du dépôt</h2>
      <ul>
        <li>Volet 1 : dépenses {euros(c.amounts.equipment.spendingCents)}, subvention {euros(c.amounts.equipment.grantCents)}</li>
        <li>Volet 2 : dépenses {euros(c.amounts.services.spendingCents)}, subvention {euros(c.amounts.services.grantCents)}</li>
        <li><strong>Subvention calculée : {euros(c.amounts.grantCents)}</strong></li>
      </ul>
      <FrozenBody c={c} />
    </DossierLayout>
  );
}

function FrozenBody({ c }: { c: FrozenContent }) {
  return (
    <>
      <h2 class="fr-h4">Écoles</h2>
      <ul>{c.schools.map((s) => <li key={s.uai}>{s.name} ({s.uai}){s.private ? ', privé sous contrat' : ''} — {s.classes ?? '?'} classes, {s.pupils ?? '?'} élèves</li>)}</ul>
      <h2 class="fr-h4">Budget</h2>
      <ul>{c.lines.map((l) => <li key={l.id}>Volet {l.volet} · {l.uai} · {l.label} : {l.quantity} × {euros(l.unitTtcCents)} TTC ({euros(l.unitHtCents)} HT)</li>)}</ul>
      <h2 class="fr-h4">Projet pédagogique</h2>
      <p>{c.project.summary}</p>
      <ul>{c.project.objectives.map((o) => <li key={o.code}><strong>{objectiveLabel(o.code)}</strong> : {o.text}</li>)}</ul>
      <p><strong>Plan de prêt aux familles :</strong> {c.project.lendingPlan}</p>
      <p><strong>Accompagnement (volet 3) :</strong> {c.project.supportText}</p>
      {c.project.coFunding.length > 0 && <ul>{c.project.coFunding.map((f, i) => <li key={i}>{f.funder} : {euros(f.amountCents)}</li>)}</ul>}
      <h2 class="fr-h4">Cosignatures</h2>
      <ul>{c.signatures.map((s, i) => <li key={i}>{s.signer}, {roleLabel(s.role)} ({s.uai}), le {when(s.signedAt)}</li>)}</ul>
      <h2 class="fr-h4">Pièces jointes</h2>
      <ul>{c.attachments.map((a) => <li key={a.id}>{a.name} ({KIND_LABEL[a.kind] ?? a.kind}, {size(a.size)}, SHA-256 <code class="fr-text--xs">{a.sha256}</code>)</li>)}</ul>
    </>
  );
}

// -- printable summary --------------------------------------------------------------------------

export function SummaryPage(props: Base) {
  const { view } = props;
  const d = view.dossier;
  const referential = referentialFor(view.call.referentialVersion);
  const cat = (code: string) => referential.items.find((i) => i.code === code)?.label ?? code;
  return (
    <Layout title={`Résumé du dossier ${d.reference}`} ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Mes dossiers', href: '/dossiers' }, { label: `Dossier ${d.reference}`, href: dossierUrl(d.id) }, { label: 'Résumé imprimable' }]}>
      <h1 class="fr-h2">Dossier {d.reference} — {view.organisation.name}</h1>
      <p>{view.call.title} · état : {d.stateLabel} · imprimé à partir de la version {d.revision} du dossier.</p>
      <AmountsBox view={view} />
      <h2 class="fr-h4">Écoles</h2>
      <ul>{view.schools.map((s) => <li key={s.uai}>{s.name} ({s.uai}){s.private_school === 1 ? ', privé sous contrat' : ''} — {s.classes ?? '?'} classes, {s.pupils ?? '?'} élèves{s.computed.diagnostic ? ` — ${baselineAfterDisplay(s.computed.diagnostic).label}` : ' — diagnostic à remplir'}</li>)}</ul>
      <h2 class="fr-h4">Budget</h2>
      {view.lines.length === 0 ? <p>Aucune ligne.</p> : (
        <Table id="resume-budget" caption="Lignes de budget" captionHidden head={['Volet', 'École', 'Catégorie', 'Libellé', 'Quantité', 'PU HT', 'PU TTC', 'Montant']}>
          {view.lines.map((l) => <tr key={l.id}><td>{l.volet}</td><td>{l.uai}</td><td>{cat(l.category)}</td><td>{l.label}</td><td>{l.quantity}</td><td>{euros(l.unit_ht_cents)}</td><td>{euros(l.unit_ttc_cents)}</td><td>{euros(l.amountCents)}</td></tr>)}
        </Table>
      )}
      <h2 class="fr-h4">Projet pédagogique</h2>
      <p>{d.project_summary || '—'}</p>
      <ul>{d.objectiveList.map((o) => <li key={o.code}><strong>{objectiveLabel(o.code)}</strong> : {o.text}</li>)}</ul>
      <p><strong>Plan de prêt aux familles :</strong> {d.lending_plan || '—'}</p>
      <p><strong>Accompagnement (volet 3) :</strong> {d.support_text || '—'}</p>
      <h2 class="fr-h4">Cosignatures</h2>
      <ul>{view.signatures.map((g) => <li key={g.id}>{g.signer_name}, {roleLabel(g.role)} ({g.uai}), le {when(g.signed_at)}{g.voided_at ? ` — annulée : ${g.voided_reason}` : ''}</li>)}</ul>
      <h2 class="fr-h4">Pièces jointes</h2>
      <ul>{view.attachments.filter((a) => a.kind !== 'message').map((a) => <li key={a.id}>{a.original_name} ({KIND_LABEL[a.kind]}, {size(Number(a.size))}, SHA-256 {a.sha256})</li>)}</ul>
      <CompletenessList view={view} />
    </Layout>
  );
}

// -- invitation ---------------------------------------------------------------------------------

export function DossierInvitationPage(props: { ctx: PageContext; token: string; error?: string; signedIn: boolean; closed?: boolean }) {
  if (props.closed) {
    return (
      <Layout title="Invitation à un dossier" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Invitation à un dossier' }]}>
        <h1>Invitation à un dossier</h1>
        <Alert kind="error" title="Cette invitation ne fonctionne plus"><p>{props.error}</p></Alert>
      </Layout>
    );
  }
  return (
    <Layout title="Invitation à un dossier" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Invitation à un dossier' }]}>
      <h1>Invitation à un dossier</h1>
      {props.error && <Alert kind="error" title="L’invitation n’a pas été acceptée"><p>{props.error}</p></Alert>}
      <p>Une collectivité vous invite à construire son dossier « Socle numérique » avec l’équipe de votre école : remplir le diagnostic de l’école, échanger avec la collectivité et cosigner le projet pédagogique.</p>
      {props.signedIn ? (
        <Form action={`/dossiers/invitations/${props.token}`}>
          <button type="submit" class="fr-btn">Accepter l’invitation</button>
        </Form>
      ) : (
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><a class="fr-btn" href={`/connexion?suite=${encodeURIComponent(`/dossiers/invitations/${props.token}`)}`}>Me connecter pour accepter</a></li>
          <li><a class="fr-btn fr-btn--secondary" href={`/inscription?invitation=${encodeURIComponent(props.token)}`}>Créer un compte</a></li>
        </ul>
      )}
    </Layout>
  );
}

export type { SectionKey };
