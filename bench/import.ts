// Benchmark: the full reference import on SQLite (against a raw better-sqlite3 baseline in the same
// run) and on PostgreSQL. Issue 2 targets: ratio ≤ 2 and < 10 s on SQLite, < 20 s on PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { openDb, type Db } from '../src/data/db';
import { migrate } from '../src/data/migrate';
import { importReference } from '../src/reference/import';
import { DATA_ROOT, SHIPPED } from '../src/reference/files';
import { foldText } from '../src/domain/text';
import type { BenchLine } from './lib';

const require = createRequire(import.meta.url);
const DECOUPAGE = path.join(path.dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');

async function freshSqlite(): Promise<Db> {
  const db = openDb({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'socle-bench-')) });
  await migrate(db);
  return db;
}

const csv = (file: string): Record<string, string>[] =>
  parse(fs.readFileSync(path.join(DATA_ROOT, file)), { delimiter: ';', bom: true, columns: true, relax_column_count: true });
const json = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(DECOUPAGE, name), 'utf8')) as T;

/** Reads and parses the same files and inserts the same rows with raw better-sqlite3, unvalidated. */
function baselineImport(db: Db): number {
  const s = db.sqlite!;
  let rows = 0;
  s.transaction(() => {
    const ins = (sqlText: string) => s.prepare(sqlText);
    const regions = json<{ code: string; nom: string }[]>('regions.json');
    const r = ins('INSERT INTO regions VALUES (?, ?)');
    for (const x of regions) { r.run(x.code, x.nom); rows++; }
    const acad = csv(SHIPPED.departementsAcademies);
    const a = ins('INSERT OR IGNORE INTO academies VALUES (?, ?, ?, ?)');
    const acadOf = new Map<string, string>();
    for (const x of acad) { acadOf.set(x.code_departement, x.code_academie); if (x.code_region_academique) { a.run(x.code_academie, x.nom_academie, x.code_region_academique, x.nom_region_academique); rows++; } }
    const d = ins('INSERT INTO departements VALUES (?, ?, ?, ?)');
    for (const x of json<{ code: string; nom: string; region: string }[]>('departements.json')) { d.run(x.code, x.nom, x.region, acadOf.get(x.code) ?? null); rows++; }
    const epciOf = new Map<string, string>();
    const e = ins('INSERT INTO epcis VALUES (?, ?, ?, ?, ?)');
    for (const x of json<{ code: string; nom: string; type: string; populationTotale: number; membres: { code: string }[] }[]>('epci.json')) {
      for (const m of x.membres) epciOf.set(m.code, x.code);
      e.run(x.code, x.nom, foldText(x.nom), x.type, x.populationTotale); rows++;
    }
    const communes = json<{ code: string; nom: string; type: string; departement: string; region: string; siren?: string; population?: number; codesPostaux?: string[]; anciensCodes?: string[]; commune?: string; chefLieu?: string }[]>('communes.json');
    const c = ins('INSERT INTO communes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const al = ins('INSERT OR IGNORE INTO commune_aliases VALUES (?, ?, ?, ?)');
    const names = new Map<string, { name: string; dep: string }>();
    for (const x of communes) {
      if (x.type === 'commune-actuelle') {
        c.run(x.code, x.nom, foldText(x.nom), x.departement, x.region, x.siren ?? null, epciOf.get(x.code) ?? null, x.population ?? null, (x.codesPostaux ?? []).join(' '));
        names.set(x.code, { name: x.nom, dep: x.departement }); rows++;
      }
    }
    for (const x of communes) {
      const to = x.type === 'arrondissement-municipal' ? x.commune : x.chefLieu;
      if (x.type !== 'commune-actuelle' && to && !names.has(x.code)) { al.run(x.code, to, x.type, x.nom); rows++; }
      for (const old of x.anciensCodes ?? []) if (!names.has(old)) { al.run(old, x.code, 'ancien-code', x.nom); rows++; }
    }
    const alias = s.prepare('SELECT commune_code FROM commune_aliases WHERE code = ?').pluck();
    const resolve = (code: string) => (names.has(code) ? code : (alias.get(code) as string));
    const sch = ins(`INSERT INTO schools (uai, name, search_text, sector, commune_code, departement_code, academie_code, pupils, ips, sources, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ips-2022', ?) ON CONFLICT(uai) DO UPDATE SET name = excluded.name`);
    const now = new Date().toISOString();
    for (const x of csv(SHIPPED.schoolsIps)) {
      const code = resolve(x.code_insee_de_la_commune);
      const place = names.get(code)!;
      sch.run(x.uai, x.nom_de_l_etablissment, foldText(`${x.nom_de_l_etablissment} ${place.name} ${x.uai}`), x.secteur.startsWith('priv') ? 'private' : 'public',
        code, place.dep, acadOf.get(place.dep) ?? null, Math.round(Number(x.effectifs)), Number(x.ips), now); rows++;
    }
    const upd = ins(`INSERT INTO schools (uai, name, search_text, sector, commune_code, departement_code, nature_code, nature_label, education_priority, siret, latitude, longitude, sources, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'annuaire', ?) ON CONFLICT(uai) DO UPDATE SET name = excluded.name, nature_code = excluded.nature_code,
      nature_label = excluded.nature_label, education_priority = excluded.education_priority, siret = excluded.siret, latitude = excluded.latitude, longitude = excluded.longitude`);
    for (const f of SHIPPED.annuaires) {
      for (const x of csv(f)) {
        if (x.Type_etablissement !== 'Ecole' || (x.Type_contrat_prive ?? '').includes('HORS CONTRAT')) continue;
        const code = resolve(x.Code_commune);
        const place = names.get(code)!;
        upd.run(x.Identifiant_de_l_etablissement, x.Nom_etablissement, foldText(`${x.Nom_etablissement} ${place.name}`), x.Statut_public_prive === 'Public' ? 'public' : 'private',
          code, place.dep, x.code_nature, x.libelle_nature, x.Appartenance_Education_Prioritaire || null, x.SIREN_SIRET || null, Number(x.latitude) || null, Number(x.longitude) || null, now); rows++;
      }
    }
    const eff = ins('UPDATE schools SET classes = ?, elementary_pupils = ? WHERE uai = ?');
    for (const f of SHIPPED.effectifs) for (const x of csv(f)) { eff.run(Number(x['Nombre total de classes']), Number(x["Nombre d'élèves en élémentaire hors ULIS"]), x["Numéro de l'école"]); rows++; }
  })();
  return rows;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export async function benchImport(postgresUrl?: () => Promise<string | null>): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  // Each path runs twice on fresh databases, alternating, and keeps its best time: the first run of
  // a process pays for JIT warm-up and cold file caches, which would otherwise favour the second.
  let base = { ms: Infinity, value: 0 };
  let run = { ms: Infinity, value: null as unknown as Awaited<ReturnType<typeof importReference>> };
  for (let i = 0; i < 2; i++) {
    const dbBase = await freshSqlite();
    const b = await timed(() => baselineImport(dbBase));
    await dbBase.close();
    if (b.ms < base.ms) base = b;
    const db = await freshSqlite();
    const r = await timed(() => importReference(db));
    await db.close();
    if (r.ms < run.ms) run = r;
  }
  const schools = run.value.tables.schools.inserted;
  const ratio = run.ms / base.ms;
  lines.push({
    name: `import de référence SQLite (${schools} écoles, 34 969 communes)`, value: Math.round(run.ms), unit: 'ms',
    baseline: { name: 'lecture + insertion brute better-sqlite3, sans validation', value: Math.round(base.ms), unit: 'ms' },
    ratio, target: 'ratio ≤ 2 et < 10 000 ms', met: ratio <= 2 && run.ms < 10_000,
  });
  const url = postgresUrl ? await postgresUrl() : null;
  if (url) {
    const pg = openDb({ dataDir: '', databaseUrl: url });
    await migrate(pg);
    const r = await timed(() => importReference(pg));
    await pg.close();
    lines.push({ name: 'import de référence PostgreSQL', value: Math.round(r.ms), unit: 'ms', target: '< 20 000 ms', met: r.ms < 20_000 });
  } else {
    lines.push({ name: 'import de référence PostgreSQL', value: NaN, unit: 'ms', target: '< 20 000 ms (serveur PostgreSQL indisponible)', met: false });
  }
  return lines;
}
