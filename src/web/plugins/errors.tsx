// Error pages: any unknown URL is the DSFR 404 page; a refused action is 403; a client error is a
// French 400 page; anything else is logged and answered by the 500 page, never with a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../policies';
import { pageContext } from '../context';
import { BadRequestPage, ForbiddenPage, NotFoundPage, ServerErrorPage } from '../errors';
import { sendPage } from '../render';
import { isCsrfError } from './csrf';

export function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendPage(reply, <NotFoundPage ctx={pageContext(request)} />, 404);
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const ctx = pageContext(request);
  if (error instanceof ForbiddenError) {
    request.log.info({ action: error.action, subject: error.subject }, 'forbidden');
    return sendPage(reply, <ForbiddenPage ctx={ctx} />, 403);
  }
  if (isCsrfError(error)) {
    request.log.info({ code: (error as FastifyError).code }, 'csrf refused');
    return sendPage(reply, <BadRequestPage ctx={ctx} message="Ce formulaire a expiré ou n’a pas été envoyé depuis cette page : revenez à la page précédente, rechargez-la, puis envoyez le formulaire de nouveau." />, 403);
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    if (status === 404) return sendPage(reply, <NotFoundPage ctx={ctx} />, 404);
    request.log.info({ code: (error as FastifyError).code, statusCode: status }, 'client error');
    return sendPage(reply, <BadRequestPage ctx={ctx} message="La demande n’a pas pu être traitée : vérifiez l’adresse ou le formulaire, puis réessayez." />, status);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendPage(reply, <ServerErrorPage ctx={ctx} requestId={String(request.id)} />, 500);
}

export async function errorPages(app: FastifyInstance): Promise<void> {
  app.setNotFoundHandler(notFound);
  app.setErrorHandler(handleError);
}
