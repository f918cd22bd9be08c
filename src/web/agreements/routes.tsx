// The applicant's convention (issue 5): /dossiers/:id/convention shows where the dossier stands
// (« décidé en vague N »), the maximum per volet, the decision letter and the convention to read
// (PDF), and the acceptance form (an admin of the collectivité; the digest of the PDF seen is sent
// back and recorded). The PDFs: /dossiers/:id/convention.pdf and /dossiers/:id/lettre-de-decision.pdf.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { acceptAgreement, agreementDocument, decisionLetterDocument } from '../../commands/agreements';
import { DossierCommandError } from '../../commands/dossier';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { loadDossierAccess } from '../../data/dossiers';
import { loadDecision } from '../../data/waves';
import { displayOf } from '../../domain/dossier/lifecycle';
import { formatEuros } from '../../domain/money';
import { authorize, can, ForbiddenError } from '../../policies';
import type { PageContext } from '../components/context';
import { Alert } from '../components/dsfr';
import { Form } from '../components/form';
import { pageContext } from '../context';
import { Layout } from '../layout';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';
import { formatDateTime } from '../format';


interface ConventionProps {
  ctx: PageContext; dossierId: string; reference: string; state: string; wave: number | null;
  equipmentCents: number; servicesCents: number; sha256: string | null; canAccept: boolean;
  accepted: { by: string; at: string; sha256: string } | null; error?: string; notice?: string;
}

function ConventionPage(p: ConventionProps) {
  const st = displayOf(p.state);
  return (
    <Layout title={`Convention du dossier ${p.reference}`} ctx={p.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Mes dossiers', href: '/dossiers' }, { label: p.reference, href: `/dossiers/${p.dossierId}` }, { label: 'Convention' }]}>
      <h1>Convention du dossier {p.reference}</h1>
      {p.notice && <Alert kind="success" title={p.notice} />}
      {p.error && <Alert kind="error" title="La convention n’a pas été acceptée"><p>{p.error}</p></Alert>}
      <p><span class={`fr-badge fr-badge--${st.badge}`}>{st.label}</span>{p.wave !== null && <> — décidé en vague {p.wave}</>}</p>
      <p>{st.description}</p>
      <h2>Montant maximum de subvention alloué</h2>
      <ul>
        <li>Volet 1 — Équipement : <strong>{formatEuros(p.equipmentCents)}</strong></li>
        <li>Volet 2 — Services et ressources numériques : <strong>{formatEuros(p.servicesCents)}</strong></li>
        <li>Total : <strong>{formatEuros(p.equipmentCents + p.servicesCents)}</strong></li>
      </ul>
      <h2>Documents</h2>
      <ul>
        <li><a href={`/dossiers/${p.dossierId}/lettre-de-decision.pdf`}>Lettre de décision (PDF)</a></li>
        <li><a href={`/dossiers/${p.dossierId}/convention.pdf`}>Convention attributive de subvention (PDF)</a>{p.sha256 && <> — empreinte SHA-256 : <code>{p.sha256}</code></>}</li>
      </ul>
      {p.accepted ? (
        <Alert kind="success" title="Convention acceptée">
          <p>Acceptée par {p.accepted.by} le {formatDateTime(p.accepted.at)} (heure de Paris). Empreinte du document accepté : <code>{p.accepted.sha256}</code>.</p>
        </Alert>
      ) : p.state === 'accepted' && (p.canAccept && p.sha256 ? (
        <Form action={`/dossiers/${p.dossierId}/convention`}>
          <input type="hidden" name="empreinte" value={p.sha256} />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Acceptation de la convention</legend>
            <div class="fr-fieldset__element"><div class="fr-checkbox-group">
              <input type="checkbox" id="accord" name="accord" value="1" required />
              <label class="fr-label" for="accord">J’ai lu la convention et je l’accepte au nom de la collectivité.</label>
            </div></div>
          </fieldset>
          <button type="submit" class="fr-btn">Accepter la convention</button>
        </Form>
      ) : <p>Seul un administrateur de l’espace de la collectivité peut accepter la convention.</p>)}
    </Layout>
  );
}

export const agreementRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const signedIn = { preHandler: requireSignIn };
  const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

  const access = async (request: FastifyRequest) => {
    const id = idOf(request);
    const a = id.length <= 64 ? await loadDossierAccess(db.kysely, request.user, id) : undefined;
    if (a === undefined) throw new ForbiddenError('read', 'agreement');
    authorize(request.user, 'read', 'agreement', a);
    return a;
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { error?: string; notice?: string } = {}, status = 200) => {
    const a = await access(request);
    const id = idOf(request);
    const decided = await loadDecision(db.kysely, id);
    const agreement = decided?.agreement ?? null;
    if (agreement === null) throw new ForbiddenError('read', 'agreement');
    const dossier = await db.kysely.selectFrom('dossiers').select(['reference', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
    const doc = agreement.accepted_at === null ? await agreementDocument(db.kysely, id) : undefined;
    return sendPage(reply, <ConventionPage
      ctx={pageContext(request)} dossierId={id} reference={dossier.reference} state={dossier.state} wave={decided!.decision.wave_number}
      equipmentCents={agreement.equipment_max_cents} servicesCents={agreement.services_max_cents} sha256={agreement.accepted_sha256 ?? doc?.sha256 ?? null}
      canAccept={can(request.user, 'submit', 'agreement', a)}
      accepted={agreement.accepted_at && agreement.accepted_sha256 ? { by: agreement.accepted_by_label ?? '', at: agreement.accepted_at, sha256: agreement.accepted_sha256 } : null}
      {...extra} />, status);
  };

  app.get('/dossiers/:id/convention', signedIn, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).fait;
    return page(request, reply, done === 'acceptee' ? { notice: 'Convention acceptée' } : {});
  });

  app.post('/dossiers/:id/convention', signedIn, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await acceptAgreement({ kysely: db.kysely, dialect: db.dialect, dataDir: settings.dataDir, publicUrl: settings.publicUrl }, request.user,
        { dossierId: idOf(request), sha256: String(body.empreinte ?? ''), consent: (body.accord === '1') as true }, new Date());
    } catch (e) {
      if (e instanceof DossierCommandError) return page(request, reply, { error: e.message }, e.status);
      throw e;
    }
    return reply.redirect(`/dossiers/${idOf(request)}/convention?fait=acceptee`, 303);
  });

  for (const [path, load] of [['convention.pdf', agreementDocument], ['lettre-de-decision.pdf', decisionLetterDocument]] as const) {
    app.get(`/dossiers/:id/${path}`, signedIn, async (request, reply) => {
      await access(request);
      const doc = await load(db.kysely, idOf(request));
      if (doc === undefined) throw new ForbiddenError('read', 'agreement');
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${doc.fileName}"`).header('cache-control', 'private, no-store').send(doc.bytes);
    });
  }
};
