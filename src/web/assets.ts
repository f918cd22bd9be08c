// Where the DSFR assets are and which version they are (for cache-busting URLs), and the serving
// of the pages' own files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const pkgFile = require.resolve('@gouvfr/dsfr/package.json');

export const DSFR_DIST = path.join(path.dirname(pkgFile), 'dist');
export const DSFR_VERSION: string = (require(pkgFile) as { version: string }).version;

/** URL of a DSFR asset, versioned so that it can be cached for a year. */
export const dsfr = (file: string): string => `/dsfr/${file}?v=${DSFR_VERSION}`;

/**
 * Serves a page family's own files (its script, its stylesheet) from `dir` under `prefix`: read
 * once, with an ETag from their content; a URL carrying `?v=` (as the returned function writes
 * it) is cached for a year, a bare one is revalidated.
 */
export function serveAssets(app: FastifyInstance, prefix: string, dir: URL, types: Readonly<Record<string, string>>): (name: string) => string {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const [name, type] of Object.entries(types)) {
    const body = readFileSync(new URL(name, dir));
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  app.get(`${prefix}/:file`, async (request, reply) => {
    const asset = assets.get((request.params as { file: string }).file);
    if (!asset) return reply.callNotFound();
    const versioned = typeof (request.query as Record<string, unknown>).v === 'string';
    reply.header('etag', asset.etag).header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
  return (name) => `${prefix}/${name}?v=${assets.get(name)!.etag.slice(1, 9)}`;
}
