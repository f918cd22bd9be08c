// Platform administration: the claims of collectivités to confirm or refuse (role `admin`).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CommandError } from '../../commands/accounts';
import { confirmClaim, refuseClaim } from '../../commands/organisations';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { pendingOrganisations, recentlyConfirmed } from '../../data/organisations';
import { Mailer } from '../../mail/mailer';
import { authorize } from '../../policies';
import { pageContext } from '../context';
import { ClaimsAdminPage } from '../organisations/pages';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';

export const adminRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const deps = { db, mailer: new Mailer(settings), demo: settings.demo };
  const signedIn = { preHandler: requireSignIn };

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; error?: string } = {}, status = 200) => {
    authorize(request.user, 'decide', 'organisation');
    const [pending, confirmed] = await Promise.all([pendingOrganisations(db.kysely), recentlyConfirmed(db.kysely)]);
    return sendPage(reply, <ClaimsAdminPage ctx={pageContext(request)} pending={pending} confirmed={confirmed} {...extra} />, status);
  };

  app.get('/admin/organisations', signedIn, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).fait;
    return page(request, reply, { notice: done === 'confirmee' ? 'Collectivité confirmée' : done === 'refusee' ? 'Demande refusée' : undefined });
  });

  for (const [action, run, done] of [['confirmer', confirmClaim, 'confirmee'], ['refuser', refuseClaim, 'refusee']] as const) {
    app.post(`/admin/organisations/:id/${action}`, signedIn, async (request, reply) => {
      authorize(request.user, 'decide', 'organisation');
      try {
        await run(deps, request.user!, (request.params as { id: string }).id);
      } catch (e) {
        if (e instanceof CommandError) return page(request, reply, { error: e.message }, e.statusCode);
        throw e;
      }
      return reply.redirect(`/admin/organisations?fait=${done}`, 303);
    });
  }
};
