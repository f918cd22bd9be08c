// The référentiel of a call, read once from `data/referentiel/<version>.json` (shipped with the code).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReferential, type Referential } from '../domain/baseline';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/referentiel');
const cache = new Map<string, Referential>();

export function referentialFor(version: string): Referential {
  let r = cache.get(version);
  if (r === undefined) {
    if (!/^[a-z0-9-]+$/.test(version)) throw new Error(`Version de référentiel invalide : ${version}`);
    r = parseReferential(JSON.parse(fs.readFileSync(path.join(DIR, `${version}.json`), 'utf8')));
    cache.set(version, r);
  }
  return r;
}
