// Where the DSFR assets are and which version they are (for cache-busting URLs).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pkgFile = require.resolve('@gouvfr/dsfr/package.json');

export const DSFR_DIST = path.join(path.dirname(pkgFile), 'dist');
export const DSFR_VERSION: string = (require(pkgFile) as { version: string }).version;

/** URL of a DSFR asset, versioned so that it can be cached for a year. */
export const dsfr = (file: string): string => `/dsfr/${file}?v=${DSFR_VERSION}`;
