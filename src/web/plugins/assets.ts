// DSFR assets served from node_modules/@gouvfr/dsfr/dist under /dsfr/: only what pages use
// (the main stylesheet, the icon utility, the two scripts, fonts, icons, favicons).
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DSFR_DIST } from '../assets';

const ALLOWED = new RegExp([
  '^/dsfr\\.min\\.css$',
  '^/dsfr\\.(module|nomodule)\\.min\\.js$',
  '^/utility/icons/icons\\.min\\.css$',
  '^/fonts/[\\w-]+\\.woff2?$',
  '^/icons/[\\w-]+/[\\w-]+\\.svg$',
  '^/favicon/[\\w.-]+\\.(ico|svg|png|webmanifest)$',
].join('|'));

export const isServedDsfrAsset = (pathName: string): boolean => ALLOWED.test(pathName);

export async function dsfrAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: DSFR_DIST,
    prefix: '/dsfr/',
    decorateReply: false,
    index: false,
    list: false,
    allowedPath: (pathName) => isServedDsfrAsset(pathName),
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders(res, filePath) {
      // Stylesheets and scripts are linked with ?v=<DSFR version>: cached for a year. Fonts, icons
      // and favicons are referenced without version by the stylesheet: a week.
      const versioned = /\.(css|js)$/.test(filePath);
      res.setHeader('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=604800');
    },
  });
  app.get('/favicon.ico', (_request, reply) => reply.redirect('/dsfr/favicon/favicon.ico', 301));
}
