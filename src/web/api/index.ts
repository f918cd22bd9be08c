// The public JSON API, under /api: stateless (no cookie, no session, no CSRF token), JSON in and out,
// JSON problems for every error (./problems.ts), described by /api/openapi.json.
//   POST /api/v1/simulations   the `socle simulate` contract, through the same simulateText()
//   GET  /api/v1/territoires   communes and EPCI matching ?q= (suggestions of the simulator)
//   GET  /api/openapi.json     the OpenAPI 3.1 document
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../data/db';
import { simulateText } from '../../domain/funding';
import { authorize } from '../../policies';
import { MAX_TERRITORY_QUERY, searchTerritories } from '../simulator/territories';
import { buildOpenApiDocument } from './openapi';
import { API_BODY_LIMIT, apiError, apiNotFound, problem, PROBLEM_TYPES, sendProblem, unsupportedMediaType } from './problems';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Refuses, before reading the body, a request that does not say it sends JSON. */
async function requireJson(request: FastifyRequest, reply: FastifyReply) {
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) return unsupportedMediaType(reply);
}

const sendJson = (reply: FastifyReply, text: string, status = 200) =>
  reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(text);

export const apiRoutes: FastifyPluginAsync<{ db: Db }> = async (api, { db }) => {
  api.setErrorHandler(apiError);
  api.setNotFoundHandler(apiNotFound);
  // The body is read as text and handed to simulateText(), exactly as the CLI reads standard input:
  // same JSON parsing, same messages for unreadable JSON.
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: API_BODY_LIMIT }, (_request, body, done) => done(null, body));

  api.post('/v1/simulations', { onRequest: requireJson }, async (request, reply) => {
    authorize(request.user, 'create', 'simulation');
    const outcome = simulateText(typeof request.body === 'string' ? request.body : '');
    if (outcome.ok) return sendJson(reply, JSON.stringify(outcome.result));
    return sendProblem(reply, problem(400, PROBLEM_TYPES.invalidInput, 'Entrée invalide', outcome.error.error, outcome.error.fields));
  });

  api.get('/v1/territoires', async (request, reply) => {
    authorize(request.user, 'read', 'reference');
    const raw = (request.query as Record<string, unknown>).q;
    const q = (typeof raw === 'string' ? raw : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '').trim();
    if (q.length > MAX_TERRITORY_QUERY) {
      return sendProblem(reply, problem(400, PROBLEM_TYPES.badRequest, 'Recherche trop longue',
        `La recherche compte ${q.length} caractères : saisissez au plus ${MAX_TERRITORY_QUERY} caractères.`, [{ path: 'q', message: `Au plus ${MAX_TERRITORY_QUERY} caractères.` }]));
    }
    const matches = q.length < 2 ? [] : await searchTerritories(db, q, 8);
    return sendJson(reply, JSON.stringify({
      q,
      results: matches.map((m) => ({
        type: m.kind, code: m.code, name: m.name, detail: m.detail,
        label: `${m.name} (${m.kind === 'commune' ? m.code : `EPCI ${m.code}`})`,
        url: `/simulateur?${m.kind}=${m.code}`,
      })),
    }));
  });

  let openApi: string | undefined;
  api.get('/openapi.json', async (_request, reply) => {
    openApi ??= JSON.stringify(buildOpenApiDocument(), null, 2);
    return reply.header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(openApi);
  });
};
