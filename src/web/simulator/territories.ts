// Reference-data reads of the simulator: communes and EPCI by name or code (the territory picker and
// its JSON suggestions), and schools by UAI (rows of a shared simulation URL).
// Dialect-neutral Kysely (plain LIKE on the folded names, no index needed for 35 000 communes).
// Belongs with src/data/reference.ts; kept here while that file has another owner.
import { sql } from 'kysely';
import type { Db } from '../../data/db';
import { isValidUai, normalizeUai } from '../../domain/identifiers';
import { foldText } from '../../domain/text';
import { epciTypeLabel } from '../labels';

/** Longest territory query accepted (characters). */
export const MAX_TERRITORY_QUERY = 80;

export interface TerritoryMatch {
  kind: 'commune' | 'epci';
  /** INSEE code of a commune, SIREN of an EPCI. */
  code: string;
  name: string;
  /** « Ille-et-Vilaine (35) » for a commune, the EPCI's type for an EPCI. */
  detail: string;
  population: number | null;
}

export interface SchoolRef {
  uai: string;
  name: string;
  communeCode: string;
  communeName: string | null;
  pupils: number | null;
  classes: number | null;
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Communes and EPCI whose folded name contains every word of `q` (or whose code is `q`), best first. */
export async function searchTerritories(db: Db, q: string, limit = 10): Promise<TerritoryMatch[]> {
  const words = foldText(q).split(' ').filter(Boolean).slice(0, 6);
  const code = q.trim().toUpperCase();
  if (words.length === 0) return [];
  const phrase = words.join(' ');
  // Exact name first, then names starting with the query, then the others; larger first.
  const rank = (column: 'communes.name_folded' | 'epcis.name_folded') =>
    sql<number>`case when ${sql.ref(column)} = ${phrase} then 0 when ${sql.ref(column)} like ${phrase + '%'} then 1 else 2 end`;

  let communes = db.kysely
    .selectFrom('communes')
    .leftJoin('departements', 'departements.code', 'communes.departement_code')
    .select(['communes.code', 'communes.name', 'communes.population', 'communes.departement_code', 'departements.name as departement_name']);
  if (/^[0-9][0-9AB][0-9]{3}$/.test(code)) {
    communes = communes.where((eb) => eb.or([eb('communes.code', '=', code), eb('communes.postal_codes', 'like', `%${code}%`)]));
  } else {
    for (const w of words) communes = communes.where('communes.name_folded', 'like', `%${w}%`);
  }
  const communeRows = await communes
    .orderBy(rank('communes.name_folded')).orderBy('communes.population', 'desc').orderBy('communes.code')
    .limit(limit).execute();

  let epcis = db.kysely.selectFrom('epcis').select(['siren', 'name', 'type', 'population']);
  if (/^\d{9}$/.test(code)) epcis = epcis.where('siren', '=', code);
  else for (const w of words) epcis = epcis.where('name_folded', 'like', `%${w}%`);
  const epciRows = await epcis
    .orderBy(rank('epcis.name_folded')).orderBy('population', 'desc').orderBy('siren')
    .limit(limit).execute();

  return [
    ...communeRows.map((c): TerritoryMatch => ({
      kind: 'commune', code: c.code, name: c.name, population: numOrNull(c.population),
      detail: c.departement_name ? `${c.departement_name} (${c.departement_code})` : c.departement_code,
    })),
    ...epciRows.map((e): TerritoryMatch => ({
      kind: 'epci', code: e.siren, name: e.name, population: numOrNull(e.population), detail: epciTypeLabel(e.type),
    })),
  ];
}

/** The schools of these UAIs that exist in the reference data, by UAI. */
export async function schoolsByUai(db: Db, uais: readonly string[]): Promise<Map<string, SchoolRef>> {
  const wanted = [...new Set(uais.map(normalizeUai).filter(isValidUai))];
  const found = new Map<string, SchoolRef>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db.kysely
      .selectFrom('schools')
      .leftJoin('communes', 'communes.code', 'schools.commune_code')
      .select(['schools.uai', 'schools.name', 'schools.commune_code', 'communes.name as commune_name', 'schools.pupils', 'schools.classes'])
      .where('schools.uai', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      found.set(r.uai, {
        uai: r.uai, name: r.name, communeCode: r.commune_code, communeName: r.commune_name,
        pupils: numOrNull(r.pupils), classes: numOrNull(r.classes),
      });
    }
  }
  return found;
}
