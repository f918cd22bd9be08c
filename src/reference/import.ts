// `socle import reference` and `socle import schools FILE`: validate everything first, then write
// in one transaction, so that a refused file leaves the database as it was.
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../data/db';
import type { SchoolTable } from '../data/schema';
import { syncRows, type SyncCounts } from '../data/sync';
import { foldText } from '../domain/text';
import { DATA_ROOT, SHIPPED, readSource, type SourceFile } from './files';
import { readGeography, type Geography } from './geography';
import { parseAnnuaire, parseEffectifs, parseIps, type ParsedSource, type Rejection, type SchoolOverlay } from './schools';
import { silentProgress, type Progress } from './progress';

export interface ImportReport {
  tables: Record<string, SyncCounts>;
  rejections: Rejection[];
  ignored: number;
  files: { name: string; sha256: string }[];
  ms: number;
}

export interface ImportOptions { progress?: Progress; now?: () => Date; dataRoot?: string }

interface Places {
  communes: Map<string, { name: string; departement_code: string }>;
  aliases: Map<string, string>;
  academieOf: Map<string, string | null>;
}

async function loadPlaces(db: Db): Promise<Places> {
  const k = db.kysely;
  const [communes, aliases, deps] = await Promise.all([
    k.selectFrom('communes').select(['code', 'name', 'departement_code']).execute(),
    k.selectFrom('commune_aliases').select(['code', 'commune_code']).execute(),
    k.selectFrom('departements').select(['code', 'academie_code']).execute(),
  ]);
  return placesOf(communes, aliases, deps);
}

function placesOf(
  communes: { code: string; name: string; departement_code: string }[],
  aliases: { code: string; commune_code: string }[],
  deps: { code: string; academie_code: string | null }[],
): Places {
  return {
    communes: new Map(communes.map((c) => [c.code, c])),
    aliases: new Map(aliases.map((a) => [a.code, a.commune_code])),
    academieOf: new Map(deps.map((d) => [d.code, d.academie_code])),
  };
}

const resolver = (p: Places) => (code: string) => (p.communes.has(code) ? code : p.aliases.get(code));

const BLANK: Omit<SchoolTable, 'uai' | 'name' | 'commune_code' | 'search_text' | 'departement_code' | 'updated_at' | 'sources'> = {
  sector: 'public', nature_code: null, nature_label: null, academie_code: null, pupils: null, elementary_pupils: null,
  classes: null, ips: null, education_priority: null, siret: null, address: null, postal_code: null,
  latitude: null, longitude: null, opened_on: null,
};

/** Applies source overlays, in order, onto the schools the database holds. */
function mergeSchools(existing: Map<string, SchoolTable>, sources: ParsedSource[], places: Places, now: string): { rows: SchoolTable[]; ignored: number } {
  const work = new Map<string, SchoolTable>();
  let ignored = 0;
  for (const src of sources) {
    for (const o of src.overlays) {
      const base = work.get(o.uai) ?? existing.get(o.uai);
      if (!base && (!o.name || !o.commune_code)) { ignored++; continue; }
      const { source, ...fields } = o as SchoolOverlay;
      const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const merged = { ...BLANK, ...base, ...defined } as SchoolTable;
      const tags = new Set((base?.sources ?? '').split(' ').filter(Boolean)).add(source);
      merged.sources = [...tags].sort().join(' ');
      const commune = places.communes.get(merged.commune_code)!;
      merged.departement_code = commune.departement_code;
      merged.academie_code = places.academieOf.get(commune.departement_code) ?? null;
      merged.search_text = foldText(`${merged.name} ${commune.name} ${merged.uai}`);
      merged.updated_at = now;
      work.set(o.uai, merged);
    }
  }
  return { rows: [...work.values()], ignored };
}

async function existingSchools(db: Db): Promise<Map<string, SchoolTable>> {
  const rows = await db.kysely.selectFrom('schools').selectAll().execute();
  return new Map(rows.map((r) => [r.uai, r]));
}

async function recordRun(db: Db, tx: Parameters<typeof syncRows>[0], kind: string, files: SourceFile[], counts: SyncCounts, rejected: number, started: string, now: string) {
  await tx.insertInto('import_runs').values({
    kind, source: files.map((f) => f.name).join(', '),
    sha256: files.map((f) => f.sha256.slice(0, 16)).join(' '), started_at: started, finished_at: now,
    inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, rejected,
  }).execute();
}

async function writeSchools(db: Db, geo: Geography | null, schools: SchoolTable[], progress: Progress) {
  const tables: Record<string, SyncCounts> = {};
  await db.kysely.transaction().execute(async (tx) => {
    if (geo) {
      progress.step('Géographie', geo.communes.length + geo.epcis.length + geo.aliases.length);
      tables.regions = await syncRows(tx, 'regions', 'code', geo.regions as never);
      tables.academies = await syncRows(tx, 'academies', 'code', geo.academies as never);
      tables.departements = await syncRows(tx, 'departements', 'code', geo.departements as never);
      tables.epcis = await syncRows(tx, 'epcis', 'siren', geo.epcis as never, { onBatch: progress.tick });
      tables.communes = await syncRows(tx, 'communes', 'code', geo.communes as never, { onBatch: progress.tick });
      tables.commune_aliases = await syncRows(tx, 'commune_aliases', 'code', geo.aliases as never, { onBatch: progress.tick });
      progress.done();
    }
    progress.step('Écoles', schools.length);
    tables.schools = await syncRows(tx, 'schools', 'uai', schools as never, { ignore: ['updated_at'], onBatch: progress.tick });
    progress.done();
  });
  return tables;
}

/** A short name for a source file, the same for its CSV and JSON exports: `annuaire:094_ecoles-publiques_2026-05-27`. */
function sourceTag(f: SourceFile): string {
  const base = f.name.replace(/\.(csv|json)$/i, '');
  if (base.startsWith('fr-en-ecoles-effectifs-nb_classes_')) return `effectifs:${base.slice(34)}`;
  return `annuaire:${base.replace(/^fr-en-annuaire-education_?/, '') || base}`;
}

/** Imports the reference data shipped in the repository's data/ folder. */
export async function importReference(db: Db, opts: ImportOptions = {}): Promise<ImportReport> {
  const t0 = Date.now();
  const progress = opts.progress ?? silentProgress;
  const root = opts.dataRoot ?? DATA_ROOT;
  const started = (opts.now?.() ?? new Date()).toISOString();

  const geo = readGeography(path.join(root, SHIPPED.departementsAcademies));
  const places = placesOf(geo.communes, geo.aliases, geo.departements);
  const resolve = resolver(places);
  const ipsFile = readSource(path.join(root, SHIPPED.schoolsIps));
  const annuaires = SHIPPED.annuaires.map((f) => readSource(path.join(root, f)));
  const effectifs = SHIPPED.effectifs.map((f) => readSource(path.join(root, f)));
  const parsed = [
    parseIps(ipsFile, resolve),
    ...annuaires.map((f) => parseAnnuaire(f, resolve, sourceTag(f))),
    ...effectifs.map((f) => parseEffectifs(f, sourceTag(f))),
  ];
  const merged = mergeSchools(await existingSchools(db), parsed, places, started);
  const tables = await writeSchools(db, geo, merged.rows, progress);
  const files = [...geo.sources, ipsFile, ...annuaires, ...effectifs];
  const rejections = parsed.flatMap((p) => p.rejections);
  await recordRun(db, db.kysely, 'reference', files, tables.schools, rejections.length, started, new Date().toISOString());
  return report(tables, rejections, merged.ignored + parsed.reduce((n, p) => n + p.ignored, 0), files, t0);
}

/** Loads an annuaire export (the ministry's CSV with `;` and BOM, or its JSON export), merged by UAI. */
export async function importSchoolsFile(db: Db, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const t0 = Date.now();
  const progress = opts.progress ?? silentProgress;
  const started = (opts.now?.() ?? new Date()).toISOString();
  const places = await loadPlaces(db);
  if (places.communes.size === 0) {
    throw new Error('Les communes ne sont pas encore importées : lancez d\'abord « socle import reference ».');
  }
  const src = readSource(file);
  const parsed = parseAnnuaire(src, resolver(places), sourceTag(src));
  const merged = mergeSchools(await existingSchools(db), [parsed], places, started);
  const tables = await writeSchools(db, null, merged.rows, progress);
  await recordRun(db, db.kysely, 'schools', [src], tables.schools, parsed.rejections.length, started, new Date().toISOString());
  return report(tables, parsed.rejections, merged.ignored + parsed.ignored, [src], t0);
}

function report(tables: Record<string, SyncCounts>, rejections: Rejection[], ignored: number, files: SourceFile[], t0: number): ImportReport {
  return { tables, rejections, ignored, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })), ms: Date.now() - t0 };
}

/** True when no school has been imported yet (start-up decides whether to import). */
export async function isReferenceEmpty(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('schools').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** French summary lines of a report, for the terminal. */
export function describeReport(r: ImportReport): string[] {
  const lines = Object.entries(r.tables).map(([t, c]) =>
    `  ${t.padEnd(16)} ${String(c.inserted).padStart(6)} ajoutées, ${String(c.updated).padStart(6)} mises à jour, ${String(c.unchanged).padStart(6)} inchangées`);
  lines.push(`  lignes ignorées (hors champ : collèges, lycées, privé hors contrat…) : ${r.ignored}`);
  lines.push(`  lignes rejetées : ${r.rejections.length}`);
  for (const x of r.rejections.slice(0, 50)) lines.push(`    ${x.file}, ligne ${x.line} : ${x.reason}`);
  if (r.rejections.length > 50) lines.push(`    … et ${r.rejections.length - 50} autres`);
  lines.push(`  durée : ${(r.ms / 1000).toFixed(1)} s`);
  return lines;
}
