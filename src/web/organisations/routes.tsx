// The organisations journey: claim a collectivité, its page (members, roles, legal details,
// invitations), the legal details form, invitations; and the platform administrators' page that
// confirms claims (/admin/organisations, src/web/admin). Every route needs a signed-in user and
// checks the policy; non-members get 403.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CommandError } from '../../commands/accounts';
import { validate } from '../../commands/accounts/validation';
import {
  acceptInvitation, changeMemberRole, claimOrganisation, claimSchema, inviteMember, inviteSchema, loadOrganisation, removeMember,
  revokeInvitation, roleSchema, saveLegalDetails, viewInvitation,
} from '../../commands/organisations';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import {
  MAX_COLLECTIVITE_QUERY, membersOf, organisationsOf, pendingInvitations, searchCollectivites, type Collectivite,
} from '../../data/organisations';
import { maskIban } from '../../domain/iban';
import { Mailer } from '../../mail/mailer';
import { authorize, can } from '../../policies';
import { pageContext } from '../context';
import { NotFoundPage } from '../errors';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';
import { InvitationPage, LegalDetailsPage, MyOrganisationsPage, OrganisationPage } from './pages';

const body = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body as Record<string, unknown> : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const NOTICES: Record<string, string> = {
  coordonnees: 'Coordonnées légales enregistrées', invitation: 'Invitation envoyée', 'invitation-annulee': 'Invitation annulée : son lien ne fonctionne plus',
  role: 'Rôle modifié', retire: 'Membre retiré',
  bienvenue: 'Vous avez rejoint la collectivité', revendiquee: 'Demande enregistrée',
};

export const organisationRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const deps = { db, mailer: new Mailer(settings), demo: settings.demo };
  const signedIn = { preHandler: requireSignIn };

  const myPage = async (request: FastifyRequest, reply: FastifyReply, extra: { claimError?: string } = {}, status = 200) => {
    const user = request.user!;
    const q = str((request.query as Record<string, unknown>).q).trim();
    let results: Collectivite[] | null = null;
    let error: string | undefined;
    if (q.length > MAX_COLLECTIVITE_QUERY) error = `La recherche est trop longue : ${MAX_COLLECTIVITE_QUERY} caractères au plus.`;
    else if (q) results = await searchCollectivites(db, q);
    const mine = await organisationsOf(db.kysely, user.id);
    return sendPage(reply, <MyOrganisationsPage ctx={pageContext(request)} mine={mine} canClaim={can(user, 'create', 'organisation')} q={q.slice(0, MAX_COLLECTIVITE_QUERY)} results={results} error={error} {...extra} />, error ? 400 : status);
  };

  app.get('/organisations', signedIn, async (request, reply) => {
    authorize(request.user, 'read', 'account');
    return myPage(request, reply);
  });

  app.post('/organisations', signedIn, async (request, reply) => {
    const v = validate(claimSchema, body(request));
    if (!v.ok) return myPage(request, reply, { claimError: Object.values(v.errors)[0] }, 400);
    try {
      const org = await claimOrganisation(deps, request.user!, v.data);
      return reply.redirect(`/organisations/${org.id}?fait=revendiquee`, 303);
    } catch (e) {
      if (e instanceof CommandError) return myPage(request, reply, { claimError: e.message }, e.statusCode);
      throw e;
    }
  });

  /** Loads the organisation and checks `read`: 404 when unknown, 403 when not a member. */
  const load = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await loadOrganisation(db.kysely, request.user, (request.params as { id: string }).id);
    if (!found) {
      await sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Cette collectivité n’existe pas sur la plateforme." />, 404);
      return undefined;
    }
    authorize(request.user, 'read', 'organisation', found.access);
    return found;
  };

  const orgPage = async (request: FastifyRequest, reply: FastifyReply, extra: { inviteErrors?: Record<string, string>; inviteValues?: { email?: string; role?: string }; error?: string } = {}, status = 200) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const { organisation, access } = found;
    const user = request.user!;
    const notice = NOTICES[str((request.query as Record<string, unknown>).fait)];
    const [members, invitations] = await Promise.all([membersOf(db.kysely, organisation.id), pendingInvitations(db.kysely, organisation.id, new Date())]);
    return sendPage(reply, <OrganisationPage ctx={pageContext(request)} organisation={organisation} role={access.memberRole} members={members}
      invitations={invitations} canEdit={can(user, 'update', 'organisation', access)} canManage={can(user, 'create', 'membership', access)}
      notice={status === 200 ? notice : undefined} {...extra} />, status);
  };

  app.get('/organisations/:id', signedIn, async (request, reply) => orgPage(request, reply));

  const commandFailure = (request: FastifyRequest, reply: FastifyReply, e: unknown) => {
    if (e instanceof CommandError) {
      if (e.statusCode === 404) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail={e.message} />, 404);
      return orgPage(request, reply, { error: e.message }, e.statusCode);
    }
    throw e;
  };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.post('/organisations/:id/invitations', signedIn, async (request, reply) => {
    const raw = body(request);
    const v = validate(inviteSchema, raw);
    const values = { email: str(raw.email), role: str(raw.role) };
    if (!v.ok) {
      // The policy first: a non-admin learns nothing from validation messages.
      const found = await loadOrganisation(db.kysely, request.user, idOf(request));
      if (found) authorize(request.user, 'create', 'membership', found.access);
      return orgPage(request, reply, { inviteErrors: v.errors, inviteValues: values }, 400);
    }
    try {
      await inviteMember(deps, request.user!, idOf(request), v.data);
    } catch (e) {
      if (e instanceof CommandError && e.field) return orgPage(request, reply, { inviteErrors: { [e.field]: e.message }, inviteValues: values }, e.statusCode);
      return commandFailure(request, reply, e);
    }
    return reply.redirect(`/organisations/${idOf(request)}?fait=invitation`, 303);
  });

  app.post('/organisations/:id/invitations/:invitation/annuler', signedIn, async (request, reply) => {
    const { invitation } = request.params as { invitation: string };
    try {
      await revokeInvitation(deps, request.user!, idOf(request), invitation);
    } catch (e) {
      return commandFailure(request, reply, e);
    }
    return reply.redirect(`/organisations/${idOf(request)}?fait=invitation-annulee`, 303);
  });

  app.post('/organisations/:id/membres/:userId/role', signedIn, async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const v = validate(roleSchema, body(request));
    try {
      if (!v.ok) {
        const found = await loadOrganisation(db.kysely, request.user, idOf(request));
        if (found) authorize(request.user, 'update', 'membership', found.access);
        throw new CommandError(v.errors.role ?? 'Choisissez un rôle.', 'role');
      }
      await changeMemberRole(deps, request.user!, idOf(request), userId, v.data.role);
    } catch (e) {
      return commandFailure(request, reply, e);
    }
    return reply.redirect(`/organisations/${idOf(request)}?fait=role`, 303);
  });

  app.post('/organisations/:id/membres/:userId/retirer', signedIn, async (request, reply) => {
    const { userId } = request.params as { userId: string };
    try {
      await removeMember(deps, request.user!, idOf(request), userId);
    } catch (e) {
      return commandFailure(request, reply, e);
    }
    if (userId === request.user!.id) return reply.redirect('/organisations', 303);
    return reply.redirect(`/organisations/${idOf(request)}?fait=retire`, 303);
  });

  // -- legal details ----------------------------------------------------------------------------

  app.get('/organisations/:id/coordonnees', signedIn, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    authorize(request.user, 'update', 'organisation', found.access);
    const o = found.organisation;
    return sendPage(reply, <LegalDetailsPage ctx={pageContext(request)} organisation={o}
      values={{ siret: o.siret ?? '', signatoryName: o.signatoryName ?? '', signatoryCapacity: o.signatoryCapacity ?? '', address: o.address ?? '', ibanMasked: o.iban ? maskIban(o.iban) : '' }} />);
  });

  app.post('/organisations/:id/coordonnees', signedIn, async (request, reply) => {
    const raw = body(request);
    let result;
    try {
      result = await saveLegalDetails(deps, request.user!, idOf(request), raw);
    } catch (e) {
      return commandFailure(request, reply, e);
    }
    if (result.ok) return reply.redirect(`/organisations/${idOf(request)}?fait=coordonnees`, 303);
    const found = await load(request, reply);
    if (!found) return reply;
    const o = found.organisation;
    return sendPage(reply, <LegalDetailsPage ctx={pageContext(request)} organisation={o} errors={result.errors}
      values={{ siret: str(raw.siret), signatoryName: str(raw.signatoryName), signatoryCapacity: str(raw.signatoryCapacity), address: str(raw.address), ibanMasked: o.iban ? maskIban(o.iban) : '' }} />, 400);
  });

  // -- invitations --------------------------------------------------------------------------------

  app.get('/invitations/:token', async (request, reply) => {
    authorize(request.user, 'create', 'session');
    const token = (request.params as { token: string }).token;
    const view = await viewInvitation(deps, token);
    return sendPage(reply, <InvitationPage ctx={pageContext(request)} token={token} {...view} />, view.status === 'valid' ? 200 : view.status === 'unknown' ? 404 : 410);
  });

  app.post('/invitations/:token', signedIn, async (request, reply) => {
    authorize(request.user, 'read', 'account');
    const token = (request.params as { token: string }).token;
    try {
      const org = await acceptInvitation(deps, request.user!, token);
      return reply.redirect(`/organisations/${org.id}?fait=bienvenue`, 303);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      const view = await viewInvitation(deps, token);
      return sendPage(reply, <InvitationPage ctx={pageContext(request)} token={token} {...view} error={e.message} />, e.statusCode);
    }
  });
};
