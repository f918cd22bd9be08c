// Platform administration: reviewer accounts (/admin/instructeurs). An administrator creates a
// reviewer with a territory (an académie, or some of its départements); the reviewer receives a
// link to choose a password.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CommandError } from '../../commands/accounts';
import { createReviewerAccount, listReviewers, type ReviewerAccount } from '../../commands/review/accounts';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
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
  errors?: Record<string, string>; values?: Record<string, string>;
}) {
  const v = props.values ?? {};
  return (
    <Layout title="Comptes des instructeurs" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Administration', href: '/admin/organisations' }, { label: 'Instructeurs' }]}>
      <h1>Comptes des instructeurs</h1>
      {props.notice && <Alert kind="success" title={props.notice} small />}
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
        <Table id="instructeurs" caption="Instructeurs et leur territoire" head={['Nom', 'Adresse', 'Territoire', 'État']}>
          {props.reviewers.map((r) => (
            <tr key={r.id}><td>{r.displayName}</td><td>{r.email}</td><td>{r.scopeLabel}</td><td>{r.active ? 'Actif' : 'Invitation envoyée'}</td></tr>
          ))}
        </Table>
      )}
    </Layout>
  );
}

export const reviewerAdminRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const deps = { db, mailer: new Mailer(settings) };
  const signedIn = { preHandler: requireSignIn };
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; errors?: Record<string, string>; values?: Record<string, string> } = {}, status = 200) => {
    authorize(request.user, 'read', 'reviewer_account');
    const [reviewers, academies] = await Promise.all([listReviewers(db.kysely), db.kysely.selectFrom('academies').select(['code', 'name']).orderBy('name').execute()]);
    return sendPage(reply, <ReviewersPage ctx={pageContext(request)} reviewers={reviewers} academies={academies} {...extra} />, status);
  };

  app.get('/admin/instructeurs', signedIn, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).fait;
    return page(request, reply, { notice: done === 'cree' ? 'Compte créé : l’invitation est envoyée' : done === 'modifie' ? 'Territoire de l’instructeur modifié' : undefined });
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
