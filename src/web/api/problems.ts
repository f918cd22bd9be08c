// JSON errors of the API: every answer other than 2xx is a JSON problem (RFC 9457 `type`, `title`,
// `status`) that also carries the `error` and `fields` keys of the `socle simulate` contract, in
// French, as application/json. Never a stack trace, never an HTML page.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../policies';

export interface Problem {
  type: string;
  title: string;
  status: number;
  error: string;
  fields: readonly { path: string; message: string }[];
}

export const PROBLEM_TYPES = {
  invalidInput: 'urn:socle:probleme:entree-invalide',
  unsupportedMediaType: 'urn:socle:probleme:type-de-contenu',
  payloadTooLarge: 'urn:socle:probleme:trop-volumineux',
  notFound: 'urn:socle:probleme:introuvable',
  forbidden: 'urn:socle:probleme:interdit',
  badRequest: 'urn:socle:probleme:requete-invalide',
  internal: 'urn:socle:probleme:erreur-interne',
} as const;

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(problem));
}

export const problem = (status: number, type: string, title: string, error: string, fields: Problem['fields'] = []): Problem =>
  ({ type, title, status, error, fields });

export function apiNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(404, PROBLEM_TYPES.notFound, 'Ressource introuvable',
    `Aucune ressource de l’API ne répond à ${request.method} ${request.url.split('?')[0]} : voir /api/openapi.json.`));
}

export function apiError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ForbiddenError) {
    return sendProblem(reply, problem(403, PROBLEM_TYPES.forbidden, 'Action non autorisée', 'Cette action ne vous est pas permise.'));
  }
  const status = (error as FastifyError).statusCode;
  const code = (error as FastifyError).code;
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendProblem(reply, problem(413, PROBLEM_TYPES.payloadTooLarge, 'Requête trop volumineuse',
      `Le corps de la requête dépasse ${Math.round(API_BODY_LIMIT / 1024)} Kio : envoyez moins d’écoles à la fois.`));
  }
  if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedMediaType(reply);
  if (status !== undefined && status >= 400 && status < 500) {
    request.log.info({ code, statusCode: status }, 'api client error');
    return sendProblem(reply, problem(status, PROBLEM_TYPES.badRequest, 'Requête invalide', 'La requête n’a pas pu être lue : vérifiez l’en-tête Content-Type et le corps JSON.'));
  }
  request.log.error({ err: error }, 'unexpected api error');
  return sendProblem(reply, problem(500, PROBLEM_TYPES.internal, 'Erreur interne',
    `Erreur interne du serveur : réessayez plus tard ; si elle persiste, signalez-la avec l’identifiant ${String(request.id)}.`));
}

export function unsupportedMediaType(reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problem(415, PROBLEM_TYPES.unsupportedMediaType, 'Type de contenu non pris en charge',
    'Envoyez le corps en JSON avec l’en-tête « Content-Type: application/json ».'));
}

/** Largest request body of the API: 1 Mio, a dossier of several thousand schools. */
export const API_BODY_LIMIT = 1024 * 1024;
