// The committee's page (/comite): the proposals of the académie ranked by priority score, checkboxes
// « retenu », the envelope's use recomputed by the server (« Recalculer », without JavaScript) and live
// in the browser (committee.js), the rejections to confirm, and the waves already decided. Each row
// links to the dossier's page before the committee (/comite/dossiers/:id): « Pourquoi ce rang ? » (the
// score's explanation) and the previews of the decision letter and the convention. The list holds
// every candidate of the académie (hundreds): its rows stay lean, formatters are built once.
import type { VNode } from 'preact';
import { formatEuros } from '../../domain/money';
import { formatScore } from '../../domain/priority';
import type { EnvelopeUse, WavePlan } from '../../domain/waves';
import type { CommitteeCandidate, CommitteeEntry, CommitteeView } from '../../data/waves';
import type { PageContext } from '../components/context';
import { Alert } from '../components/dsfr';
import { Form } from '../components/form';
import { Layout } from '../layout';
import { html } from '../components/html';
import { formatDateTime } from '../format';

const PCT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const DEC2 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const STATE_LABEL: Record<string, string> = { under_review: 'En instruction', waiting_list: "Liste d'attente" };
const PROPOSAL_LABEL: Record<string, string> = { accept: 'Retenir', waiting_list: "Liste d'attente", reject: 'Rejeter' };

function Use({ use }: { use: EnvelopeUse }) {
  return (
    <div class={`fr-callout${use.fits ? '' : ' fr-callout--pink-tuile'}`} id="enveloppe" aria-live="polite">
      <h2 class="fr-callout__title">Enveloppe de l’académie</h2>
      <ul class="fr-callout__text">
        <li>Enveloppe : <strong data-envelope={use.envelopeCents}>{formatEuros(use.envelopeCents)}</strong></li>
        <li>Déjà alloué par les vagues précédentes : <span data-committed={use.committedCents}>{formatEuros(use.committedCents)}</span></li>
        <li>Retenu dans cette vague : <strong id="retenu-total">{formatEuros(use.selectedCents)}</strong></li>
        <li>Reste disponible : <strong id="reste-total">{formatEuros(use.remainingCents)}</strong>{!use.fits && <span id="depassement"> — l’enveloppe est dépassée</span>}</li>
      </ul>
    </div>
  );
}

/** The link to a dossier's page before the committee. */
export const entryUrl = (dossierId: string): string => `/comite/dossiers/${dossierId}`;

/** One candidate's row (hundreds of them: Preact's precompiled form, src/web/components/html.ts); the checkbox's id is its rank. */
function row(c: CommitteeCandidate, checked: boolean, disabled: boolean): VNode {
  const id = `c${c.rank}`;
  const total = c.equipmentMaxCents + c.servicesMaxCents;
  const schools = `${c.schoolCount} école${c.schoolCount > 1 ? 's' : ''}`;
  return html`<tr><td>${c.rank}</td><td><div class="fr-checkbox-group fr-checkbox-group--sm"><input type="checkbox" id="${id}" name="retenu" value="${c.dossierId}"${checked ? ' checked' : null} data-total="${total}"${disabled ? ' disabled' : null}/><label class="fr-label" for="${id}"><span class="fr-sr-only">Retenir le dossier ${c.reference}</span></label></div></td><th scope="row"><a href="/instruction/dossiers/${c.dossierId}">${c.reference}</a><br/>${c.organisationName} (${schools})</th><td>${STATE_LABEL[c.state] ?? c.state}</td><td>${c.proposal ? PROPOSAL_LABEL[c.proposal] : '—'}</td><td>${formatScore(c.score)}<br/><a href="${entryUrl(c.dossierId)}">Pourquoi ce rang ?<span class="fr-sr-only"> (${c.reference})</span></a></td><td>${formatEuros(c.equipmentMaxCents)}</td><td>${formatEuros(c.servicesMaxCents)}</td><td>${formatEuros(total)}</td></tr>`;
}

export function CommitteePage(props: {
  ctx: PageContext; view: CommitteeView; selected: ReadonlySet<string>; rejected: ReadonlySet<string>; use: EnvelopeUse;
  canDecide: boolean; plan?: WavePlan; notice?: string; error?: string; problems?: readonly string[];
}) {
  const { view } = props;
  const n = view.nextWaveNumber;
  return (
    <Layout title={`Comité de l’académie de ${view.academieName}`} ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Comité de décision' }]}>
      <h1>Comité de l’académie de {view.academieName}</h1>
      {props.notice && <Alert kind="success" title={props.notice} />}
      {props.error && (
        <Alert kind="error" title="La vague n’a pas été décidée">
          <ul>{(props.problems ?? [props.error]).map((p, i) => <li key={i}>{p}</li>)}</ul>
        </Alert>
      )}
      <Use use={props.use} />
      <Form action="/comite" id="vague" class="fr-mt-4w">
        <input type="hidden" name="vague" value={String(n)} />
        <h2>Vague n° {n} : dossiers proposés ({view.candidates.length})</h2>
        <p>
          Classés par score de priorité. Cochez les dossiers retenus : ils reçoivent le montant maximum proposé par volet. Les dossiers
          en instruction non cochés passent sur liste d’attente pour la vague suivante ; la collectivité en est informée.
          « Pourquoi ce rang ? » explique le score d’un dossier et donne les aperçus de sa lettre de décision et de sa convention.
          {view.withoutProposal > 0 && ` ${view.withoutProposal} dossier(s) en instruction sans proposition ne sont pas dans cette vague.`}
        </p>
        <div class="fr-table fr-table--bordered"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
          <table id="candidats">
            <caption>Dossiers proposés, par rang de priorité</caption>
            <thead><tr>
              <th scope="col">Rang</th><th scope="col">Retenu</th><th scope="col">Dossier</th><th scope="col">État</th><th scope="col">Proposition</th>
              <th scope="col">Score</th><th scope="col">Volet 1 (max.)</th><th scope="col">Volet 2 (max.)</th><th scope="col">Total</th>
            </tr></thead>
            <tbody>
              {view.candidates.map((c) => row(c, props.selected.has(c.dossierId), !props.canDecide))}
            </tbody>
          </table>
        </div></div></div></div>
        {view.rejections.length > 0 && (
          <>
            <h2>Rejets proposés ({view.rejections.length})</h2>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Cochez les rejets que le comité confirme ; la motivation est envoyée à la collectivité.</legend>
              {view.rejections.map((c) => (
                <div class="fr-fieldset__element" key={c.dossierId}>
                  <div class="fr-checkbox-group">
                    <input type="checkbox" id={`rejet-${c.dossierId}`} name="rejet" value={c.dossierId} checked={props.rejected.has(c.dossierId)} disabled={!props.canDecide} />
                    <label class="fr-label" for={`rejet-${c.dossierId}`}>{c.reference} — {c.organisationName}<span class="fr-hint-text">Motivation : {c.reason ?? '—'}</span></label>
                  </div>
                  <p class="fr-text--sm fr-mb-0"><a href={entryUrl(c.dossierId)}>Pourquoi ce rang ?<span class="fr-sr-only"> Dossier {c.reference}</span></a></p>
                </div>
              ))}
            </fieldset>
          </>
        )}
        <ul class="fr-btns-group fr-btns-group--inline">
          <li><button type="submit" name="action" value="recalculer" class="fr-btn fr-btn--secondary">Recalculer</button></li>
          {props.canDecide && <li><button type="submit" name="action" value="decider" class="fr-btn">Décider la vague n° {n}</button></li>}
        </ul>
        {!props.canDecide && <p class="fr-hint-text">Seul le décideur de l’académie peut décider une vague.</p>}
      </Form>
      <h2 class="fr-mt-6w">Vagues décidées</h2>
      {view.waves.length === 0 ? <p>Aucune vague décidée pour l’instant.</p> : (
        <ul>
          {view.waves.map((w) => (
            <li key={w.id}>
              Vague n° {w.number}, le {formatDateTime(w.decided_at)} par {w.decided_by_label} : {w.accepted_count} retenu(s) pour {formatEuros(w.allocated_cents)},
              {' '}{w.waiting_count} sur liste d’attente, {w.rejected_count} rejeté(s).
            </li>
          ))}
        </ul>
      )}
      <script src="/comite/comite.js" defer />
    </Layout>
  );
}

/** A dossier before the committee: its rank and how its score was computed, its amounts, the previews. */
export function CommitteeEntryPage(props: { ctx: PageContext; entry: CommitteeEntry }) {
  const { view, candidate: c, priority } = props.entry;
  const of = view.candidates.length + view.rejections.length;
  const rejected = c.proposal === 'reject';
  return (
    <Layout title={`Dossier ${c.reference} devant le comité`} ctx={props.ctx}
      breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Comité de décision', href: '/comite' }, { label: `Dossier ${c.reference}` }]}>
      <h1>Dossier {c.reference} devant le comité</h1>
      <p>
        {c.organisationName} ({c.schoolCount} école{c.schoolCount > 1 ? 's' : ''}), {STATE_LABEL[c.state] ?? c.state}, proposition : {c.proposal ? PROPOSAL_LABEL[c.proposal] : '—'}.
        {' '}<a href={`/instruction/dossiers/${c.dossierId}`}>Page d’instruction du dossier</a>
      </p>
      <h2 id="pourquoi">Pourquoi ce rang ?</h2>
      <p>
        Score de priorité : <strong data-priority={priority.score}>{formatScore(priority.score)} sur 100</strong>, rang {c.rank} sur {of} dossier(s)
        {' '}devant le comité de l’académie de {view.academieName} (vague n° {view.nextWaveNumber}).
      </p>
      <ul>{priority.explanation.map((line, i) => <li key={i}>{line}</li>)}</ul>
      <div class="fr-table fr-table--bordered"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
        <table id="composantes">
          <caption>Composantes du score</caption>
          <thead><tr><th scope="col">Composante</th><th scope="col">Valeur (0 à 1)</th><th scope="col">Poids de l’appel</th><th scope="col">Part du score</th><th scope="col">Points</th></tr></thead>
          <tbody>
            {priority.components.map((p) => (
              <tr key={p.code}>
                <th scope="row">{p.label}</th>
                <td>{p.value === null ? 'non prise en compte' : DEC2.format(p.value)}</td>
                <td>{DEC2.format(p.weight)}</td>
                <td>{PCT.format(p.share)}</td>
                <td>{formatScore(p.points)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div></div></div></div>
      <h2>Montants</h2>
      {rejected ? <p>Rejet proposé. Motivation : {c.reason ?? '—'}</p> : (
        <ul>
          <li>Volet 1 — équipement : maximum {formatEuros(c.equipmentMaxCents)} (subvention calculée : {formatEuros(c.engineEquipmentCents)})</li>
          <li>Volet 2 — services et ressources : maximum {formatEuros(c.servicesMaxCents)} (subvention calculée : {formatEuros(c.engineServicesCents)})</li>
          <li>Total si retenu : <strong>{formatEuros(c.equipmentMaxCents + c.servicesMaxCents)}</strong></li>
        </ul>
      )}
      <h2>Aperçus avant décision</h2>
      {rejected ? <p>La lettre de décision et la convention accompagnent un dossier retenu : pas d’aperçu pour un rejet proposé.</p> : (
        <ul>
          <li><a class="fr-link fr-link--download" href={`/comite/apercu/${c.dossierId}/lettre.pdf`}>Lettre de décision<span class="fr-sr-only"> du dossier {c.reference}</span> (PDF)</a></li>
          <li><a class="fr-link fr-link--download" href={`/comite/apercu/${c.dossierId}/convention.pdf`}>Convention<span class="fr-sr-only"> du dossier {c.reference}</span> (PDF)</a></li>
        </ul>
      )}
      <p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/comite">Retour au comité</a></p>
    </Layout>
  );
}

/** Live totals as boxes are ticked (the server recomputes on « Recalculer » and refuses an overflow). */
export const COMMITTEE_SCRIPT = `(() => {
  const form = document.getElementById('vague');
  if (!form) return;
  const env = document.querySelector('[data-envelope]');
  const com = document.querySelector('[data-committed]');
  const fmt = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
  const update = () => {
    let sel = 0;
    form.querySelectorAll('input[name="retenu"]:checked').forEach((b) => { sel += Number(b.dataset.total || 0); });
    const rest = Number(env.dataset.envelope) - Number(com.dataset.committed) - sel;
    document.getElementById('retenu-total').textContent = fmt.format(sel / 100);
    document.getElementById('reste-total').textContent = fmt.format(rest / 100) + (rest < 0 ? ' — l’enveloppe est dépassée' : '');
  };
  form.addEventListener('change', update);
})();`;
