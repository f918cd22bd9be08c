// DSFR error pages (404, 403, 500). No technical detail ever reaches the person.
import type { ComponentChildren } from 'preact';
import { Layout } from './layout';
import type { PageContext } from './components/context';

function ErrorPage(props: { ctx: PageContext; title: string; code: number; lead: string; children?: ComponentChildren }) {
  return (
    <Layout title={props.title} ctx={props.ctx}>
      <div class="fr-my-7w fr-mt-md-12w fr-mb-md-10w fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-grid-row--center">
        <div class="fr-py-0 fr-col-12 fr-col-md-8">
          <h1>{props.title}</h1>
          <p class="fr-text--sm fr-mb-3w">Erreur {props.code}</p>
          <p class="fr-text--lead fr-mb-3w">{props.lead}</p>
          {props.children}
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li><a class="fr-btn" href="/">Page d’accueil</a></li>
            <li><a class="fr-btn fr-btn--secondary" href="/ecoles">Rechercher une école</a></li>
          </ul>
        </div>
      </div>
    </Layout>
  );
}

export function NotFoundPage({ ctx, detail }: { ctx: PageContext; detail?: string }) {
  return (
    <ErrorPage ctx={ctx} title="Page non trouvée" code={404} lead="La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.">
      <p class="fr-text--sm fr-mb-5w">
        {detail ?? 'Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte. La page n’est peut-être plus disponible.'}
        <br />Pour continuer votre visite, vous pouvez consulter la page d’accueil ou rechercher une école.
      </p>
    </ErrorPage>
  );
}

export function ForbiddenPage({ ctx }: { ctx: PageContext }) {
  return (
    <ErrorPage ctx={ctx} title="Accès refusé" code={403} lead="Vous n’avez pas le droit d’accéder à cette page.">
      <p class="fr-text--sm fr-mb-5w">Si vous pensez qu’il s’agit d’une erreur, contactez la personne qui vous a donné accès à la plateforme.</p>
    </ErrorPage>
  );
}

export function ServerErrorPage({ ctx, requestId }: { ctx: PageContext; requestId: string }) {
  return (
    <ErrorPage ctx={ctx} title="Erreur inattendue" code={500} lead="Désolé, le service rencontre un problème, nous travaillons pour le résoudre le plus rapidement possible.">
      <p class="fr-text--sm fr-mb-5w">
        Essayez de rafraîchir la page ou bien réessayez plus tard. Si le problème persiste, indiquez cette référence
        à l’équipe du service : <span class="fr-text--bold">{requestId}</span>.
      </p>
    </ErrorPage>
  );
}

export function BadRequestPage({ ctx, message }: { ctx: PageContext; message: string }) {
  return (
    <ErrorPage ctx={ctx} title="Demande invalide" code={400} lead={message} />
  );
}
