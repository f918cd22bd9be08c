// The Fastify application: security headers, DSFR assets, logs without personal data, a request
// id, error pages, and the journeys (one folder each; only `public/` so far).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { Settings } from '../config';
import type { Db } from '../data/db';
import { pathOf } from './context';
import { dsfrAssets } from './plugins/assets';
import { errorPages, handleError, notFound } from './plugins/errors';
import { securityHeaders } from './plugins/security';
import { publicRoutes } from './public/routes';
import formbody from '@fastify/formbody';
import { accountRoutes } from './account/routes';
import { adminRoutes } from './admin/routes';
import { organisationRoutes } from './organisations/routes';
import { csrf } from './plugins/csrf';
import { sessions } from './plugins/session';
import { simulationRoutes } from './simulator';
import { committeeRoutes } from './committee/routes';
import { agreementRoutes } from './agreements/routes';
import { envelopeRoutes } from './admin/envelopes';
import { reviewRoutes } from './review/routes';
import { reviewerAdminRoutes } from './admin/reviewers';
import { dossierRoutes } from './dossiers';

export interface AppOptions {
  db: Db;
  settings: Settings;
  /** false: silent (tests); true (default): JSON logs at settings.logLevel; object: pino options. */
  logger?: boolean | object;
}

/**
 * Log lines name the route and path but never the query string (searches may hold names) nor
 * the client's address.
 */
export const logSerializers = {
  req(req: { method: string; url: string; routeOptions?: { url?: string } }) {
    return { method: req.method, url: pathOf(req.url), route: req.routeOptions?.url };
  },
  res(res: { statusCode: number }) {
    return { statusCode: res.statusCode };
  },
};

function loggerOptions(opts: AppOptions): FastifyServerOptions['logger'] {
  if (opts.logger === false) return false;
  const custom = typeof opts.logger === 'object' ? opts.logger : {};
  return { level: opts.settings.logLevel, ...custom, serializers: logSerializers };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts),
    genReqId: () => randomUUID(),
    routerOptions: {
      ignoreTrailingSlash: true,
      maxParamLength: 200,
    },
    // A malformed URL (bad percent-encoding, an identifier longer than any real one) is a page
    // that does not exist, not a server error.
    frameworkErrors(error, request, reply) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_MAX_PARAM_LENGTH') return notFound(request, reply);
      return handleError(error, request, reply);
    },
  });

  app.decorateRequest('user', null);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  await securityHeaders(app);
  await errorPages(app);
  await dsfrAssets(app);
  await app.register(formbody);
  await sessions(app, opts);
  await csrf(app, opts);

  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(opts.db.kysely);
      return { status: 'ok' };
    } catch (err) {
      reply.log.error({ err }, 'database unreachable');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  await app.register(publicRoutes, { db: opts.db });
  await app.register(accountRoutes, { db: opts.db, settings: opts.settings });
  await app.register(organisationRoutes, { db: opts.db, settings: opts.settings });
  await app.register(adminRoutes, { db: opts.db, settings: opts.settings });
  await app.register(simulationRoutes, { db: opts.db });
  await app.register(committeeRoutes, { db: opts.db, settings: opts.settings });
  await app.register(agreementRoutes, { db: opts.db, settings: opts.settings });
  await app.register(envelopeRoutes, { db: opts.db, settings: opts.settings });
  await app.register(reviewRoutes, { db: opts.db, settings: opts.settings });
  await app.register(reviewerAdminRoutes, { db: opts.db, settings: opts.settings });
  await app.register(dossierRoutes, { db: opts.db, settings: opts.settings });
  return app;
}
