// School records from the national IPS file, annuaire exports (CSV or JSON) and the effectifs file.
// Each source gives an overlay of fields for a UAI; overlays are applied onto what the database holds.
import type { SchoolTable } from '../data/schema';
import { isValidSiret, isValidUai, normalizeUai } from '../domain/identifiers';
import { csvRows, jsonRows, type Row, type SourceFile } from './files';

export type SchoolFields = Omit<SchoolTable, 'search_text' | 'departement_code' | 'academie_code' | 'updated_at' | 'sources'>;
export type SchoolOverlay = Partial<SchoolFields> & { uai: string; source: string };

export interface Rejection { file: string; line: number; reason: string }

export interface ParsedSource { overlays: SchoolOverlay[]; rejections: Rejection[]; ignored: number }

/** Resolves a commune code of a source (current, arrondissement, déléguée, former) to a current one. */
export type CommuneResolver = (code: string) => string | undefined;

const IPS_COLUMNS = ['uai', 'nom_de_l_etablissment', 'code_insee_de_la_commune', 'secteur', 'effectifs', 'ips'];
const ANNUAIRE_COLUMNS = ['Identifiant_de_l_etablissement', 'Nom_etablissement', 'Type_etablissement', 'Statut_public_prive',
  'Code_commune', 'Appartenance_Education_Prioritaire', 'SIREN_SIRET', 'latitude', 'longitude', 'code_nature', 'libelle_nature'];
const EFFECTIFS_COLUMNS = ['Rentrée scolaire', "Numéro de l'école", 'Nombre total de classes', "Nombre d'élèves en élémentaire hors ULIS", "Nombre d'élèves en ULIS"];

function int(v: string): number | null {
  if (v === '') return null;
  const n = Math.round(Number(v.replace(',', '.')));
  return Number.isFinite(n) && n >= 0 ? n : null;
}
function real(v: string): number | null {
  if (v === '') return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

function checkUai(raw: string, file: SourceFile, row: Row, rejections: Rejection[]): string | null {
  const uai = normalizeUai(raw);
  if (isValidUai(uai)) return uai;
  rejections.push({ file: file.name, line: row.line, reason: `UAI « ${raw} » invalide (lettre de contrôle ou forme)` });
  return null;
}

function resolveCommune(code: string, resolve: CommuneResolver, file: SourceFile, row: Row, rejections: Rejection[]): string | null {
  const current = resolve(code);
  if (current) return current;
  rejections.push({ file: file.name, line: row.line, reason: `commune INSEE « ${code} » inconnue` });
  return null;
}

/** The national file of schools with elementary pupils (IPS, rentrée 2022). */
export function parseIps(file: SourceFile, resolve: CommuneResolver): ParsedSource {
  const rejections: Rejection[] = [];
  const overlays: SchoolOverlay[] = [];
  for (const row of csvRows(file, IPS_COLUMNS)) {
    const uai = checkUai(row.get('uai'), file, row, rejections);
    if (!uai) continue;
    const commune = resolveCommune(row.get('code_insee_de_la_commune'), resolve, file, row, rejections);
    if (!commune) continue;
    overlays.push({
      uai, source: 'ips-2022', name: row.get('nom_de_l_etablissment'), commune_code: commune,
      sector: row.get('secteur').startsWith('priv') ? 'private' : 'public',
      pupils: int(row.get('effectifs')), ips: real(row.get('ips')),
    });
  }
  return { overlays, rejections, ignored: 0 };
}

/** An annuaire de l'éducation export (CSV `;` or JSON): écoles only, private ones under contract only. */
export function parseAnnuaire(file: SourceFile, resolve: CommuneResolver, source: string): ParsedSource {
  const rows = file.name.toLowerCase().endsWith('.json') ? jsonRows(file, ANNUAIRE_COLUMNS) : csvRows(file, ANNUAIRE_COLUMNS);
  const rejections: Rejection[] = [];
  const overlays: SchoolOverlay[] = [];
  let ignored = 0;
  for (const row of rows) {
    const type = row.get('Type_etablissement').toLowerCase();
    const contract = row.get('Type_contrat_prive').toUpperCase();
    if (type !== 'ecole' || contract.includes('HORS CONTRAT') || row.get('etat').toUpperCase() === 'FERME') {
      ignored++;
      continue;
    }
    const uai = checkUai(row.get('Identifiant_de_l_etablissement'), file, row, rejections);
    if (!uai) continue;
    const siret = row.get('SIREN_SIRET').replace(/\s/g, '');
    if (siret && !isValidSiret(siret)) {
      rejections.push({ file: file.name, line: row.line, reason: `SIRET « ${siret} » invalide (clé de Luhn)` });
      continue;
    }
    const commune = resolveCommune(row.get('Code_commune'), resolve, file, row, rejections);
    if (!commune) continue;
    const priority = row.get('Appartenance_Education_Prioritaire').toUpperCase();
    const address = [row.get('Adresse_1'), row.get('Adresse_2'), row.get('Adresse_3')].filter(Boolean).join(', ');
    overlays.push({
      uai, source, name: row.get('Nom_etablissement'), commune_code: commune,
      sector: row.get('Statut_public_prive').toLowerCase().startsWith('priv') ? 'private' : 'public',
      nature_code: row.get('code_nature') || null, nature_label: row.get('libelle_nature') || null,
      education_priority: priority === 'REP+' ? 'REP+' : priority === 'REP' ? 'REP' : null,
      siret: siret || null, address: address || null,
      postal_code: row.get('Code_postal') || row.get('Code postal') || null,
      latitude: real(row.get('latitude')), longitude: real(row.get('longitude')),
      opened_on: row.get('date_ouverture') || null,
    });
  }
  return { overlays, rejections, ignored };
}

/** Classes and elementary pupils per school, latest rentrée of the file. */
export function parseEffectifs(file: SourceFile, source: string): ParsedSource {
  const rejections: Rejection[] = [];
  const latest = new Map<string, { year: number; overlay: SchoolOverlay }>();
  for (const row of csvRows(file, EFFECTIFS_COLUMNS)) {
    const uai = checkUai(row.get("Numéro de l'école"), file, row, rejections);
    if (!uai) continue;
    const year = Number(row.get('Rentrée scolaire'));
    const elementary = (int(row.get("Nombre d'élèves en élémentaire hors ULIS")) ?? 0) + (int(row.get("Nombre d'élèves en ULIS")) ?? 0);
    const prev = latest.get(uai);
    if (!prev || year > prev.year) {
      latest.set(uai, { year, overlay: { uai, source, classes: int(row.get('Nombre total de classes')), elementary_pupils: elementary } });
    }
  }
  return { overlays: [...latest.values()].map((v) => v.overlay), rejections, ignored: 0 };
}
