// Régions, départements, académies, communes (with their aliases) and EPCI from
// @etalab/decoupage-administratif 6.0.0 and the département → académie table.
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AcademieTable, CommuneAliasTable, CommuneTable, DepartementTable, EpciTable, RegionTable } from '../data/schema';
import { foldText } from '../domain/text';
import { csvRows, readSource, type SourceFile } from './files';

const require = createRequire(import.meta.url);
const DECOUPAGE_DIR = path.join(path.dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');

interface RawCommune {
  code: string; nom: string; type: string; departement: string; region: string;
  siren?: string; population?: number; codesPostaux?: string[]; anciensCodes?: string[];
  commune?: string; chefLieu?: string;
}
interface RawEpci { code: string; nom: string; type: string; populationTotale?: number; membres: { code: string }[] }

export interface Geography {
  regions: RegionTable[];
  academies: AcademieTable[];
  departements: DepartementTable[];
  communes: CommuneTable[];
  aliases: CommuneAliasTable[];
  epcis: EpciTable[];
  sources: SourceFile[];
}

export function decoupageFile(name: string): SourceFile {
  return readSource(path.join(DECOUPAGE_DIR, name));
}

/** `069` → `69`, `02A` → `2A`, `971` stays: the INSEE département code of a 3-character one. */
export function departementCode(raw: string): string {
  return raw.length === 3 && raw.startsWith('0') ? raw.slice(1) : raw;
}

export function readGeography(academiesCsv: string): Geography {
  const files = {
    regions: decoupageFile('regions.json'),
    departements: decoupageFile('departements.json'),
    communes: decoupageFile('communes.json'),
    epci: decoupageFile('epci.json'),
    academies: readSource(academiesCsv),
  };

  const regions = (JSON.parse(files.regions.text) as { code: string; nom: string }[]).map((r) => ({ code: r.code, name: r.nom }));

  const academieOf = new Map<string, string>();
  const academies = new Map<string, AcademieTable>();
  for (const row of csvRows(files.academies, ['code_departement', 'code_academie', 'nom_academie', 'code_region_academique', 'nom_region_academique'])) {
    const code = row.get('code_academie');
    academieOf.set(row.get('code_departement'), code);
    const regionCode = row.get('code_region_academique');
    if (regionCode && !academies.has(code)) {
      academies.set(code, { code, name: row.get('nom_academie'), academic_region_code: regionCode, academic_region_name: row.get('nom_region_academique') });
    }
  }

  const departements = (JSON.parse(files.departements.text) as { code: string; nom: string; region: string }[]).map((d) => ({
    code: d.code, name: d.nom, region_code: d.region, academie_code: academieOf.get(d.code) ?? null,
  }));

  const epciOf = new Map<string, string>();
  const epcis = (JSON.parse(files.epci.text) as RawEpci[]).map((e) => {
    for (const m of e.membres) epciOf.set(m.code, e.code);
    return { siren: e.code, name: e.nom, name_folded: foldText(e.nom), type: e.type, population: e.populationTotale ?? null };
  });

  const raw = JSON.parse(files.communes.text) as RawCommune[];
  const communes: CommuneTable[] = [];
  const current = new Set<string>();
  for (const c of raw) {
    if (c.type !== 'commune-actuelle') continue;
    current.add(c.code);
    communes.push({
      code: c.code, name: c.nom, name_folded: foldText(c.nom), departement_code: c.departement, region_code: c.region,
      siren: c.siren ?? null, epci_siren: epciOf.get(c.code) ?? null, population: c.population ?? null,
      postal_codes: (c.codesPostaux ?? []).join(' '),
    });
  }

  // Codes that are not current communes point to the current one; the first mapping found wins,
  // in this order: arrondissements, communes déléguées / associées, former codes.
  const aliases = new Map<string, CommuneAliasTable>();
  const addAlias = (code: string, to: string | undefined, kind: string, name: string) => {
    if (to && !current.has(code) && current.has(to) && !aliases.has(code)) aliases.set(code, { code, commune_code: to, kind, name });
  };
  for (const c of raw) if (c.type === 'arrondissement-municipal') addAlias(c.code, c.commune, c.type, c.nom);
  for (const c of raw) if (c.type === 'commune-deleguee' || c.type === 'commune-associee') addAlias(c.code, c.chefLieu, c.type, c.nom);
  for (const c of raw) if (c.type === 'commune-actuelle') for (const old of c.anciensCodes ?? []) addAlias(old, c.code, 'ancien-code', c.nom);

  return {
    regions, academies: [...academies.values()], departements, communes, aliases: [...aliases.values()], epcis,
    sources: Object.values(files),
  };
}
