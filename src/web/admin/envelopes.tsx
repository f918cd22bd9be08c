// The national administrator's envelopes (issue 5): /admin/enveloppes lists each académie's envelope
// for the call (set, or the call's default), what its waves allocated and what waits; each amount can
// be changed (in euros, with a reason), every change kept in `envelope_changes`.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DossierCommandError } from '../../commands/dossier';
import { setEnvelope } from '../../commands/waves';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { listEnvelopes, type EnvelopeRow } from '../../data/waves';
import { formatEuros } from '../../domain/money';
import { authorize, can } from '../../policies';
import type { PageContext } from '../components/context';
import { Alert } from '../components/dsfr';
import { Form } from '../components/form';
import { pageContext } from '../context';
import { Layout } from '../layout';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';

const CALL_ID = 'snee-2021';
const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

function EnvelopesPage(p: { ctx: PageContext; rows: EnvelopeRow[]; canUpdate: boolean; notice?: string; error?: string }) {
  const total = p.rows.reduce((t, r) => t + r.envelope.amountCents, 0);
  return (
    <Layout title="Enveloppes des académies" ctx={p.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Administration' }, { label: 'Enveloppes' }]}>
      <h1>Enveloppes des académies</h1>
      {p.notice && <Alert kind="success" title={p.notice} />}
      {p.error && <Alert kind="error" title="Enveloppe non modifiée"><p>{p.error}</p></Alert>}
      <p>Total des enveloppes : <strong>{formatEuros(total)}</strong>.</p>
      <div class="fr-table fr-table--bordered"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
        <table>
          <caption>Enveloppe de chaque académie et son emploi</caption>
          <thead><tr><th scope="col">Académie</th><th scope="col">Enveloppe</th><th scope="col">Alloué</th><th scope="col">Dossiers retenus</th><th scope="col">En attente</th><th scope="col">Vagues</th>{p.canUpdate && <th scope="col">Modifier</th>}</tr></thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.academieCode}>
                <th scope="row">{r.academieName}</th>
                <td>{formatEuros(r.envelope.amountCents)}{r.envelope.source === 'default' && <span class="fr-hint-text">valeur par défaut de l’appel</span>}</td>
                <td>{formatEuros(r.committedCents)}</td>
                <td>{r.acceptedCount}</td>
                <td>{r.waitingCount}</td>
                <td>{r.wavesCount}</td>
                {p.canUpdate && (
                  <td>
                    <Form action="/admin/enveloppes">
                      <input type="hidden" name="academie" value={r.academieCode} />
                      <label class="fr-label" for={`montant-${r.academieCode}`}>Montant en euros<span class="fr-sr-only"> pour l’académie de {r.academieName}</span></label>
                      <input class="fr-input" id={`montant-${r.academieCode}`} name="montant" inputMode="decimal" value={euros(r.envelope.amountCents)} />
                      <label class="fr-label" for={`motif-${r.academieCode}`}>Motif</label>
                      <input class="fr-input" id={`motif-${r.academieCode}`} name="motif" maxLength={2000} />
                      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w">Enregistrer<span class="fr-sr-only"> l’enveloppe de l’académie de {r.academieName}</span></button>
                    </Form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div></div></div></div>
    </Layout>
  );
}

/** « 1 234 567,89 » → cents; undefined when it is not an amount. */
export function parseEuros(text: string): number | undefined {
  const t = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return undefined;
  const [u, d = ''] = t.split('.');
  return Number(u) * 100 + Number(d.padEnd(2, '0'));
}

export const envelopeRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db }) => {
  const signedIn = { preHandler: requireSignIn };
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; error?: string } = {}, status = 200) => {
    authorize(request.user, 'read', 'envelope');
    const rows = await listEnvelopes(db.kysely, CALL_ID);
    return sendPage(reply, <EnvelopesPage ctx={pageContext(request)} rows={rows} canUpdate={can(request.user, 'update', 'envelope')} {...extra} />, status);
  };
  app.get('/admin/enveloppes', signedIn, async (request, reply) => page(request, reply, (request.query as Record<string, unknown>).fait === '1' ? { notice: 'Enveloppe enregistrée' } : {}));
  app.post('/admin/enveloppes', signedIn, async (request, reply) => {
    authorize(request.user, 'update', 'envelope');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const cents = parseEuros(String(body.montant ?? ''));
    if (cents === undefined) return page(request, reply, { error: 'Montant : indiquez un montant en euros, par exemple 1 250 000,00.' }, 422);
    try {
      await setEnvelope({ kysely: db.kysely, dialect: db.dialect, dataDir: '' }, request.user, { callId: CALL_ID, academieCode: String(body.academie ?? ''), amountCents: cents, reason: String(body.motif ?? '') }, new Date());
    } catch (e) {
      if (e instanceof DossierCommandError) return page(request, reply, { error: e.message }, e.status);
      throw e;
    }
    return reply.redirect('/admin/enveloppes?fait=1', 303);
  });
};
