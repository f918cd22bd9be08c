// The committee's page (/comite): the proposals of the académie ranked by priority score (« Pourquoi
// ce rang ? »), checkboxes « retenu », the envelope's use recomputed by the server (« Recalculer »,
// without JavaScript) and live in the browser (committee.js), the rejections to confirm, previews of
// the decision letter and the convention, and the waves already decided.
import { formatEuros } from '../../domain/money';
import type { EnvelopeUse, WavePlan } from '../../domain/waves';
import type { CommitteeCandidate, CommitteeView } from '../../data/waves';
import type { PageContext } from '../components/context';
import { Alert } from '../components/dsfr';
import { Form } from '../components/form';
import { Layout } from '../layout';

const date = (iso: string) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
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

function Why({ c }: { c: CommitteeCandidate }) {
  return (
    <details>
      <summary>Pourquoi ce rang ?</summary>
      <ul>{c.priority.explanation.map((line, i) => <li key={i}>{line}</li>)}</ul>
    </details>
  );
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
          {view.withoutProposal > 0 && ` ${view.withoutProposal} dossier(s) en instruction sans proposition ne sont pas dans cette vague.`}
        </p>
        <div class="fr-table fr-table--bordered"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
          <table id="candidats">
            <caption>Dossiers proposés, par rang de priorité</caption>
            <thead><tr>
              <th scope="col">Rang</th><th scope="col">Retenu</th><th scope="col">Dossier</th><th scope="col">État</th><th scope="col">Proposition</th>
              <th scope="col">Score</th><th scope="col">Volet 1 (max.)</th><th scope="col">Volet 2 (max.)</th><th scope="col">Total</th><th scope="col">Aperçus</th>
            </tr></thead>
            <tbody>
              {view.candidates.map((c) => (
                <tr key={c.dossierId}>
                  <td>{c.rank}</td>
                  <td>
                    <div class="fr-checkbox-group fr-checkbox-group--sm">
                      <input type="checkbox" id={`retenu-${c.dossierId}`} name="retenu" value={c.dossierId} checked={props.selected.has(c.dossierId)}
                        data-total={c.equipmentMaxCents + c.servicesMaxCents} disabled={!props.canDecide} />
                      <label class="fr-label" for={`retenu-${c.dossierId}`}><span class="fr-sr-only">Retenir le dossier {c.reference}</span></label>
                    </div>
                  </td>
                  <th scope="row"><a href={`/instruction/dossiers/${c.dossierId}`}>{c.reference}</a><br />{c.organisationName} ({c.schoolCount} école{c.schoolCount > 1 ? 's' : ''})</th>
                  <td>{STATE_LABEL[c.state] ?? c.state}</td>
                  <td>{c.proposal ? PROPOSAL_LABEL[c.proposal] : '—'}</td>
                  <td>{new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(c.score)}<Why c={c} /></td>
                  <td>{formatEuros(c.equipmentMaxCents)}</td>
                  <td>{formatEuros(c.servicesMaxCents)}</td>
                  <td>{formatEuros(c.equipmentMaxCents + c.servicesMaxCents)}</td>
                  <td>
                    <a href={`/comite/apercu/${c.dossierId}/lettre.pdf`}>Lettre<span class="fr-sr-only"> de décision du dossier {c.reference} (PDF)</span></a>{' · '}
                    <a href={`/comite/apercu/${c.dossierId}/convention.pdf`}>Convention<span class="fr-sr-only"> du dossier {c.reference} (PDF)</span></a>
                  </td>
                </tr>
              ))}
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
              Vague n° {w.number}, le {date(w.decided_at)} par {w.decided_by_label} : {w.accepted_count} retenu(s) pour {formatEuros(w.allocated_cents)},
              {' '}{w.waiting_count} sur liste d’attente, {w.rejected_count} rejeté(s).
            </li>
          ))}
        </ul>
      )}
      <script src="/comite/comite.js" defer />
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
