// Security headers: helmet with a Content-Security-Policy that the locally served DSFR assets
// satisfy (no inline script or style, no third-party origin), and a restrictive Permissions-Policy.
import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // The DSFR stylesheet draws some icons and the République française logo as data: SVG.
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  // Built once (@fastify/helmet rebuilt the middleware, CSP parsing included, on every request).
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Links to other State sites keep no trace of what was searched here.
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    headers(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
}
