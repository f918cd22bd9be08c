// Platform administration: reviewer accounts (/admin/instructeurs). An administrator creates a
// reviewer with a territory (an académie, or some of its départements); the reviewer receives a
// link to choose a password. A reviewer of a whole académie can be made the decider of its
// committee (/comite: waves, decisions), and the role taken back.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CommandError } from '../../commands/accounts';
import { createReviewerAccount, listReviewers, setDecider, type ReviewerAccount } from '../../commands/review/accounts';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { academieOfScope } from '../../data/waves';
import { Mailer } from '../../mail/mailer';
import { authorize } from '../../policies';
import type { PageContext } from '../components/context';
import { Alert, Table } from '../components/dsfr';
import { ErrorSummary, Field, Select } from '../components/fields';
import { Form } from '../components/form';
import { pageContext } from '../context';
import { Layout } from '../layout';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';

const LABELS: Record<string, string> = { displayName: 'Nom', email: 'Adresse électronique', academie: 'Académie', departements: 'Départements' };

function ReviewersPage(props: {
  ctx: PageContext; reviewers: ReviewerAccount[]; academies: { code: string; name: string }[]; notice?: string;
  errors?: Record<string, string>; values?: Record<string, string>; error?: string;
}) {
  const v = props.values ?? {};
  return (
    <Layout title="Comptes des instructeurs" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Administration', href: '/admin/organisations' }, { label: 'Instructeurs' }]}>
      <h1>Comptes des instructeurs</h1>
      {props.notice && <Alert kind="success" title={props.notice} small />}
      {props.error && <Alert kind="error" title={props.error} small />}
      <h2>Ouvrir un compte d’instructeur</h2>
      <ErrorSummary errors={props.errors ?? {}} labels={LABELS} />
      <Form action="/admin/instructeurs">
        <Field name="displayName" label="Nom" value={v.displayName} error={props.errors?.displayName} autocomplete="off" maxLength={120} />
        <Field name="email" type="email" label="Adresse électronique professionnelle" value={v.email} error={props.errors?.email} autocomplete="off" />
        <Select name="academie" label="Académie" value={v.academie} error={props.errors?.academie}
          options={[['', 'Choisir une académie'], ...props.academies.map((a) => [a.code, a.name] as [string, string])]} />
        <Field name="departements" label="Départements (facultatif)" hint="Codes séparés par des virgules (par exemple « 35, 56 ») ; vide : toute l’académie."
          value={v.departements} error={props.errors?.departements} maxLength={100} />
        <button type="submit" class="fr-btn">Créer le compte et envoyer l’invitation</button>
      </Form>
      <h2 class="fr-mt-5w">Instructeurs</h2>
      {props.reviewers.length === 0 ? <p>Aucun instructeur.</p> : (
        <Table id="instructeurs" caption="Instructeurs, leur territoire et le comité de l’académie" head={['Nom', 'Adresse', 'Territoire', 'État', 'Comité de l’académie']}>
          {props.reviewers.map((r) => (
            <tr key={r.id}>
              <td>{r.displayName}</td><td>{r.email}</td><td>{r.scopeLabel}</td><td>{r.active ? 'Actif' : 'Invitation envoyée'}</td>
              <td><DeciderCell reviewer={r} /></td>
            </tr>
          ))}
        </Table>
      )}
    </Layout>
  );
}

/** Whether the reviewer decides for the académie's committee, and the button that changes it. */
function DeciderCell({ reviewer: r }: { reviewer: ReviewerAccount }) {
  if (r.decidesFor !== null) {
    return (
      <Form action={`/admin/instructeurs/${r.id}/decideur`}>
        <p class="fr-mb-1w">Décide pour le comité</p>
        <input type="hidden" name="decideur" value="non" />
        <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary" title={`Retirer à ${r.displayName} le rôle de décideur`}>Retirer le rôle de décideur</button>
      </Form>
    );
  }
  if (academieOfScope(r.scope) === undefined) return <p class="fr-mb-0">Territoire partiel : ne peut pas décider</p>;
  return (
    <Form action={`/admin/instructeurs/${r.id}/decideur`}>
      <input type="hidden" name="decideur" value="oui" />
      <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary" title={`Faire de ${r.displayName} le décideur du comité de son académie`}>Désigner décideur</button>
    </Form>
  );
}

export const reviewerAdminRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const deps = { db, mailer: new Mailer(settings) };
  const signedIn = { preHandler: requireSignIn };
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; error?: string; errors?: Record<string, string>; values?: Record<string, string> } = {}, status = 200) => {
    authorize(request.user, 'read', 'reviewer_account');
    const [reviewers, academies] = await Promise.all([listReviewers(db.kysely), db.kysely.selectFrom('academies').select(['code', 'name']).orderBy('name').execute()]);
    return sendPage(reply, <ReviewersPage ctx={pageContext(request)} reviewers={reviewers} academies={academies} {...extra} />, status);
  };

  app.get('/admin/instructeurs', signedIn, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).fait;
    const notices: Record<string, string> = {
      cree: 'Compte créé : l’invitation est envoyée', modifie: 'Territoire de l’instructeur modifié',
      decideur: 'L’instructeur décide désormais pour le comité de son académie', 'decideur-retire': 'Le rôle de décideur est retiré',
    };
    return page(request, reply, { notice: typeof done === 'string' ? notices[done] : undefined });
  });

  app.post('/admin/instructeurs/:id/decideur', signedIn, async (request, reply) => {
    authorize(request.user, 'update', 'reviewer_account');
    const grant = ((request.body ?? {}) as Record<string, unknown>).decideur === 'oui';
    try {
      await setDecider(deps, request.user, (request.params as { id: string }).id, grant);
    } catch (e) {
      if (e instanceof CommandError) return page(request, reply, { error: e.message }, e.statusCode);
      throw e;
    }
    return reply.redirect(`/admin/instructeurs?fait=${grant ? 'decideur' : 'decideur-retire'}`, 303);
  });

  app.post('/admin/instructeurs', signedIn, async (request, reply) => {
    authorize(request.user, 'create', 'reviewer_account');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const s = (k: string) => (typeof body[k] === 'string' ? body[k] as string : '');
    const values = { displayName: s('displayName'), email: s('email'), academie: s('academie'), departements: s('departements') };
    try {
      const out = await createReviewerAccount(deps, request.user, {
        displayName: values.displayName, email: values.email, academie: values.academie,
        departements: values.departements.split(/[\s,;]+/).filter((x) => x !== ''),
      });
      return reply.redirect(`/admin/instructeurs?fait=${out.created ? 'cree' : 'modifie'}`, 303);
    } catch (e) {
      if (e instanceof CommandError) return page(request, reply, { errors: { [e.field ?? 'email']: e.message }, values }, e.statusCode === 409 ? 409 : 400);
      throw e;
    }
  });
};
