// Read queries on the reference data (communes, EPCI, académies, schools) for the public pages.
// Both dialects: SQLite searches through the FTS5 trigram table `schools_fts`, PostgreSQL through
// the pg_trgm GIN index on `schools.search_text`. Differences between the two stay in this file.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './db';
import { searchTerms } from '../domain/text';
import { isValidUai, normalizeUai } from '../domain/identifiers';

/** Longest query accepted by the school search (characters, before folding). */
export const MAX_QUERY_LENGTH = 120;
/** Shortest term the trigram indexes can serve. */
const TRIGRAM = 3;

export interface SchoolSummary {
  uai: string;
  name: string;
  sector: 'public' | 'private';
  natureLabel: string | null;
  communeCode: string;
  communeName: string | null;
  departementCode: string;
  pupils: number | null;
  classes: number | null;
  educationPriority: 'REP' | 'REP+' | null;
}

export interface SchoolSearch {
  /** The folded terms actually searched. */
  terms: string[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
  rows: SchoolSummary[];
}

export interface SchoolDetail extends SchoolSummary {
  natureCode: string | null;
  elementaryPupils: number | null;
  ips: number | null;
  siret: string | null;
  address: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  openedOn: string | null;
  sources: string[];
  updatedAt: string;
  communePostalCodes: string[];
  epci: { siren: string; name: string; type: string } | null;
  departement: { code: string; name: string } | null;
  academie: { code: string; name: string; academicRegionCode: string; academicRegionName: string } | null;
  region: { code: string; name: string } | null;
}

export interface CommuneInfo {
  code: string;
  name: string;
  siren: string | null;
  population: number | null;
  postalCodes: string[];
}

export interface CommuneDetail extends CommuneInfo {
  epci: { siren: string; name: string; type: string; population: number | null } | null;
  departement: { code: string; name: string } | null;
  academie: { code: string; name: string; academicRegionName: string } | null;
  region: { code: string; name: string } | null;
  schools: SchoolSummary[];
}

export type CommuneLookup =
  | { kind: 'commune'; commune: CommuneDetail }
  /** The code is an arrondissement, a commune déléguée or a former code of `communeCode`. */
  | { kind: 'alias'; code: string; aliasKind: string; name: string; communeCode: string }
  | { kind: 'missing' };

export interface EpciMember extends CommuneInfo {
  departementCode: string;
  schoolCount: number;
}

export interface EpciDetail {
  siren: string;
  name: string;
  type: string;
  population: number | null;
  members: EpciMember[];
  /** Schools of the member communes, ordered by commune name then school name. */
  schools: SchoolSummary[];
  schoolCount: number;
  departements: { code: string; name: string }[];
}

export interface ReferenceCounts {
  regions: number;
  academies: number;
  departements: number;
  communes: number;
  epcis: number;
  schools: number;
  publicSchools: number;
  privateSchools: number;
  pupils: number;
}

export interface ImportRunSummary {
  kind: string;
  source: string;
  sha256: string;
  startedAt: string;
  finishedAt: string;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** Byte order on folded text, the same on both dialects (PostgreSQL's collation would differ). */
const folded = (db: Db, column: 'schools.search_text' | 'communes.name_folded') =>
  db.dialect === 'postgres' ? sql`${sql.ref(column)} collate "C"` : sql`${sql.ref(column)}`;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const splitList = (s: string | null | undefined): string[] => (s ? s.split(/[\s,;|]+/).filter(Boolean) : []);

function summaryColumns(db: Db) {
  return db.kysely
    .selectFrom('schools')
    .leftJoin('communes', 'communes.code', 'schools.commune_code')
    .select([
      'schools.uai', 'schools.name', 'schools.sector', 'schools.nature_label', 'schools.commune_code',
      'communes.name as commune_name', 'schools.departement_code', 'schools.pupils', 'schools.classes',
      'schools.education_priority',
    ]);
}

type SummaryRow = {
  uai: string; name: string; sector: 'public' | 'private'; nature_label: string | null; commune_code: string;
  commune_name: string | null; departement_code: string; pupils: number | null; classes: number | null;
  education_priority: 'REP' | 'REP+' | null;
};

function toSummary(r: SummaryRow): SchoolSummary {
  return {
    uai: r.uai, name: r.name, sector: r.sector, natureLabel: r.nature_label, communeCode: r.commune_code,
    communeName: r.commune_name, departementCode: r.departement_code, pupils: numOrNull(r.pupils),
    classes: numOrNull(r.classes), educationPriority: r.education_priority,
  };
}

/** Up to this many matches, a search is counted and ranked in memory rather than in SQL. */
const RANK_IN_MEMORY = 2000;

/** How many terms match a whole word of the folded text (the SQL ranking below says the same). */
function wholeWordMatches(text: string, terms: string[]): number {
  const padded = ` ${text} `;
  let n = 0;
  for (const t of terms) if (padded.includes(` ${t} `)) n++;
  return n;
}

/** Thrown when a query cannot be searched (too long); the message is for the person. */
export class SearchQueryError extends Error {
  constructor(message: string) { super(message); this.name = 'SearchQueryError'; }
}

/**
 * Searches schools by name, UAI or commune name, accents and case ignored. Every term must match
 * (as a substring of the folded name + commune + UAI). Ordered by relevance, then name, then UAI.
 */
export async function searchSchools(db: Db, opts: { q: string; page?: number; perPage?: number }): Promise<SchoolSearch> {
  const perPage = Math.min(Math.max(Math.trunc(opts.perPage ?? 20), 1), 100);
  const requestedPage = Math.max(Math.trunc(opts.page ?? 1) || 1, 1);
  if (opts.q.length > MAX_QUERY_LENGTH) {
    throw new SearchQueryError(`La recherche est trop longue (${opts.q.length} caractères) : saisissez au plus ${MAX_QUERY_LENGTH} caractères, par exemple le nom de l’école et sa commune.`);
  }
  const terms = searchTerms(opts.q);
  if (terms.length === 0) return { terms, total: 0, page: 1, perPage, pages: 0, rows: [] };

  const long = terms.filter((t) => t.length >= TRIGRAM);
  const short = terms.filter((t) => t.length < TRIGRAM);
  const filters: Expression<SqlBool>[] = [];
  if (long.length > 0) {
    if (db.dialect === 'sqlite') {
      // FTS5 trigram: each term as a quoted phrase (terms are [a-z0-9] only), implicit AND.
      const match = long.map((t) => `"${t}"`).join(' ');
      filters.push(sql<SqlBool>`schools.rowid in (select rowid from schools_fts where schools_fts match ${match})`);
    } else {
      for (const t of long) filters.push(sql<SqlBool>`schools.search_text like ${'%' + t + '%'}`);
    }
    // Short terms cannot use the trigram index: they only filter what the long ones found.
    for (const t of short) filters.push(sql<SqlBool>`schools.search_text like ${'%' + t + '%'}`);
  } else {
    // Only short terms: the beginning of the name, or an exact UAI.
    const prefix = terms.join(' ');
    const uai = normalizeUai(opts.q);
    filters.push(sql<SqlBool>`(schools.search_text like ${prefix + '%'} or schools.uai = ${uai})`);
  }

  // Most searches match a few hundred schools: their keys are fetched once (one index lookup), then
  // counted and ranked here, and only the page's rows are read. A broader search ranks in SQL.
  // On SQLite the keys come from the narrow `school_search` (migration 009), named `schools` here so
  // that the filters above read the same on both tables (same rowid, UAI and folded text).
  let candidates = db.dialect === 'sqlite'
    ? db.kysely.selectFrom('school_search as schools').select(['schools.uai', 'schools.search_text'])
    : db.kysely.selectFrom('schools').select(['schools.uai', 'schools.search_text']);
  for (const f of filters) candidates = candidates.where(f);
  const keys = await candidates.limit(RANK_IN_MEMORY + 1).execute();
  if (keys.length <= RANK_IN_MEMORY) {
    const total = keys.length;
    const pages = Math.ceil(total / perPage);
    const page = Math.min(requestedPage, Math.max(pages, 1));
    if (total === 0) return { terms, total, page, perPage, pages, rows: [] };
    const ranked = keys.map((k) => ({ uai: k.uai, text: k.search_text, relevance: wholeWordMatches(k.search_text, terms) }))
      .sort((a, b) => b.relevance - a.relevance || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) || (a.uai < b.uai ? -1 : a.uai > b.uai ? 1 : 0))
      .slice((page - 1) * perPage, page * perPage);
    const byUai = new Map((await summaryColumns(db).where('schools.uai', 'in', ranked.map((r) => r.uai)).execute()).map((r) => [r.uai, r]));
    return { terms, total, page, perPage, pages, rows: ranked.map((r) => toSummary(byUai.get(r.uai)!)) };
  }

  let total: number;
  if (db.dialect === 'sqlite' && long.length > 0 && short.length === 0) {
    // Counting in the FTS table alone saves the join back to schools.
    const match = long.map((t) => `"${t}"`).join(' ');
    const r = await sql<{ n: number }>`select count(*) as n from schools_fts where schools_fts match ${match}`.execute(db.kysely);
    total = num(r.rows[0]?.n);
  } else {
    let base = db.kysely.selectFrom('schools');
    for (const f of filters) base = base.where(f);
    const countRow = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    total = num(countRow?.n);
  }
  const pages = Math.ceil(total / perPage);
  const page = Math.min(requestedPage, Math.max(pages, 1));
  if (total === 0) return { terms, total, page, perPage, pages, rows: [] };

  // Relevance first (how many terms match a whole word: « rennes » puts Rennes before Varennes),
  // then the folded name (accents and case ignored, byte order on both dialects), then the UAI.
  const wholeWords = sql.join(terms.map((t) => sql`(case when (' ' || schools.search_text || ' ') like ${'% ' + t + ' %'} then 1 else 0 end)`), sql` + `);
  let q = summaryColumns(db);
  for (const f of filters) q = q.where(f);
  const rows = await q.orderBy(sql`${wholeWords}`, 'desc').orderBy(folded(db, 'schools.search_text')).orderBy('schools.uai')
    .limit(perPage).offset((page - 1) * perPage).execute();
  return { terms, total, page, perPage, pages, rows: rows.map(toSummary) };
}

/** A school with the names of its commune, EPCI, département, académie and région; null if unknown. */
export async function getSchool(db: Db, rawUai: string): Promise<SchoolDetail | null> {
  const uai = normalizeUai(rawUai);
  if (!isValidUai(uai)) return null;
  const r = await db.kysely
    .selectFrom('schools')
    .leftJoin('communes', 'communes.code', 'schools.commune_code')
    .leftJoin('epcis', 'epcis.siren', 'communes.epci_siren')
    .leftJoin('departements', 'departements.code', 'schools.departement_code')
    .leftJoin('academies', 'academies.code', 'schools.academie_code')
    .leftJoin('regions', 'regions.code', 'communes.region_code')
    .selectAll('schools')
    .select([
      'communes.name as commune_name', 'communes.postal_codes as commune_postal_codes',
      'epcis.siren as epci_siren', 'epcis.name as epci_name', 'epcis.type as epci_type',
      'departements.name as departement_name',
      'academies.name as academie_name', 'academies.academic_region_code', 'academies.academic_region_name',
      'regions.code as region_code', 'regions.name as region_name',
    ])
    .where('schools.uai', '=', uai)
    .executeTakeFirst();
  if (!r) return null;
  return {
    ...toSummary(r),
    natureCode: r.nature_code,
    elementaryPupils: numOrNull(r.elementary_pupils),
    ips: numOrNull(r.ips),
    siret: r.siret,
    address: r.address,
    postalCode: r.postal_code,
    latitude: numOrNull(r.latitude),
    longitude: numOrNull(r.longitude),
    openedOn: r.opened_on,
    sources: splitList(r.sources),
    updatedAt: r.updated_at,
    communePostalCodes: splitList(r.commune_postal_codes),
    epci: r.epci_siren ? { siren: r.epci_siren, name: r.epci_name ?? r.epci_siren, type: r.epci_type ?? '' } : null,
    departement: r.departement_name ? { code: r.departement_code, name: r.departement_name } : null,
    academie: r.academie_code && r.academie_name
      ? { code: r.academie_code, name: r.academie_name, academicRegionCode: r.academic_region_code ?? '', academicRegionName: r.academic_region_name ?? '' }
      : null,
    region: r.region_code && r.region_name ? { code: r.region_code, name: r.region_name } : null,
  };
}

/**
 * A current commune with its schools, EPCI, département and académie; or, when the code is an
 * alias (arrondissement, commune déléguée, former code), the current commune it belongs to.
 */
export async function getCommune(db: Db, rawCode: string): Promise<CommuneLookup> {
  const code = rawCode.trim().toUpperCase();
  const c = await db.kysely
    .selectFrom('communes')
    .leftJoin('epcis', 'epcis.siren', 'communes.epci_siren')
    .leftJoin('departements', 'departements.code', 'communes.departement_code')
    .leftJoin('academies', 'academies.code', 'departements.academie_code')
    .leftJoin('regions', 'regions.code', 'communes.region_code')
    .selectAll('communes')
    .select([
      'epcis.name as epci_name', 'epcis.type as epci_type', 'epcis.population as epci_population',
      'departements.name as departement_name',
      'academies.code as academie_code', 'academies.name as academie_name', 'academies.academic_region_name',
      'regions.name as region_name',
    ])
    .where('communes.code', '=', code)
    .executeTakeFirst();
  if (!c) {
    const alias = await db.kysely.selectFrom('commune_aliases').selectAll().where('code', '=', code).executeTakeFirst();
    if (alias) return { kind: 'alias', code: alias.code, aliasKind: alias.kind, name: alias.name, communeCode: alias.commune_code };
    return { kind: 'missing' };
  }
  const schools = await summaryColumns(db)
    .where('schools.commune_code', '=', c.code)
    .orderBy(folded(db, 'schools.search_text')).orderBy('schools.uai')
    .execute();
  return {
    kind: 'commune',
    commune: {
      code: c.code, name: c.name, siren: c.siren, population: numOrNull(c.population),
      postalCodes: splitList(c.postal_codes),
      epci: c.epci_siren
        ? { siren: c.epci_siren, name: c.epci_name ?? c.epci_siren, type: c.epci_type ?? '', population: numOrNull(c.epci_population) }
        : null,
      departement: c.departement_name ? { code: c.departement_code, name: c.departement_name } : null,
      academie: c.academie_code && c.academie_name
        ? { code: c.academie_code, name: c.academie_name, academicRegionName: c.academic_region_name ?? '' }
        : null,
      region: c.region_name ? { code: c.region_code, name: c.region_name } : null,
      schools: schools.map(toSummary),
    },
  };
}

/** An EPCI with its member communes (and how many schools each has) and their schools; null if unknown. */
export async function getEpci(db: Db, rawSiren: string): Promise<EpciDetail | null> {
  const siren = rawSiren.trim();
  if (!/^\d{9}$/.test(siren)) return null;
  const e = await db.kysely.selectFrom('epcis').selectAll().where('siren', '=', siren).executeTakeFirst();
  if (!e) return null;
  const members = await db.kysely
    .selectFrom('communes')
    .leftJoin('schools', 'schools.commune_code', 'communes.code')
    .select((eb) => [
      'communes.code', 'communes.name', 'communes.siren', 'communes.population', 'communes.postal_codes',
      'communes.departement_code', eb.fn.count('schools.uai').as('school_count'),
    ])
    .where('communes.epci_siren', '=', siren)
    .groupBy(['communes.code', 'communes.name', 'communes.name_folded', 'communes.siren', 'communes.population', 'communes.postal_codes', 'communes.departement_code'])
    .orderBy(folded(db, 'communes.name_folded')).orderBy('communes.code')
    .execute();
  const schools = await summaryColumns(db)
    .where('communes.epci_siren', '=', siren)
    .orderBy(folded(db, 'communes.name_folded')).orderBy('schools.commune_code')
    .orderBy(folded(db, 'schools.search_text')).orderBy('schools.uai')
    .execute();
  const depCodes = [...new Set(members.map((m) => m.departement_code))];
  const departements = depCodes.length === 0 ? [] : await db.kysely
    .selectFrom('departements').select(['code', 'name']).where('code', 'in', depCodes).orderBy('code').execute();
  return {
    siren: e.siren, name: e.name, type: e.type, population: numOrNull(e.population),
    members: members.map((m) => ({
      code: m.code, name: m.name, siren: m.siren, population: numOrNull(m.population),
      postalCodes: splitList(m.postal_codes), departementCode: m.departement_code, schoolCount: num(m.school_count),
    })),
    schools: schools.map(toSummary),
    schoolCount: schools.length,
    departements,
  };
}

/** The counts of each database, with the import run they were counted after. */
const countsCache = new WeakMap<Db, { run: number; counts: ReferenceCounts }>();

/**
 * The reference data's counts (home and data pages). Counting the schools and communes takes a few
 * milliseconds, and they change only with an import, which records its run in the same
 * transaction: the counts are kept until a new run appears (this checks it with one indexed read),
 * whichever node or command made it.
 */
export async function referenceCounts(db: Db): Promise<ReferenceCounts> {
  const latest = await db.kysely.selectFrom('import_runs').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const run = num(latest?.id);
  const cached = countsCache.get(db);
  if (cached?.run === run) return cached.counts;
  const counts = await countReference(db);
  countsCache.set(db, { run, counts });
  return counts;
}

async function countReference(db: Db): Promise<ReferenceCounts> {
  const k = db.kysely;
  const [regions, academies, departements, communes, epcis, schools] = await Promise.all([
    k.selectFrom('regions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    k.selectFrom('academies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    k.selectFrom('departements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    k.selectFrom('communes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    k.selectFrom('epcis').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    k.selectFrom('schools').select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.sum<number | string | null>(eb.case().when('sector', '=', 'public').then(1).else(0).end()).as('public_n'),
      eb.fn.sum<number | string | null>('pupils').as('pupils'),
    ]).executeTakeFirst(),
  ]);
  const schoolCount = num(schools?.n);
  const publicSchools = num(schools?.public_n);
  return {
    regions: num(regions?.n), academies: num(academies?.n), departements: num(departements?.n),
    communes: num(communes?.n), epcis: num(epcis?.n), schools: schoolCount,
    publicSchools, privateSchools: schoolCount - publicSchools, pupils: Math.round(num(schools?.pupils)),
  };
}

/** The most recent import runs, newest first, for the data page. */
export async function latestImports(db: Db, limit = 10): Promise<ImportRunSummary[]> {
  const rows = await db.kysely.selectFrom('import_runs').selectAll()
    .orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    kind: r.kind, source: r.source, sha256: r.sha256, startedAt: String(r.started_at), finishedAt: String(r.finished_at),
    inserted: num(r.inserted), updated: num(r.updated), unchanged: num(r.unchanged), rejected: num(r.rejected),
  }));
}
