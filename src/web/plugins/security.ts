// Security headers: helmet with a Content-Security-Policy that the locally served DSFR assets
// satisfy (no inline script or style, no third-party origin), and a restrictive Permissions-Policy.
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/**
 * The headers helmet writes, read from it once: they depend on nothing in the request, and setting
 * them from a plain object costs a few microseconds where running helmet on each response cost
 * about fifty.
 */
export function securityHeaderValues(): Record<string, string> {
  const headers: Record<string, string> = { 'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' };
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) { headers[name.toLowerCase()] = String(value); },
    removeHeader(name: string) { delete headers[name.toLowerCase()]; },
  };
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Links to other State sites keep no trace of what was searched here.
    referrerPolicy: { policy: 'no-referrer' },
  });
  let done = false;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  const headers = securityHeaderValues();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
