// Reading the reference files: CSV (`;`, BOM) and JSON exports, with a check of their shape.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** The repository's `data/` folder: the reference data shipped with socle (see data/SOURCES.md). */
export const DATA_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');

export const SHIPPED = {
  departementsAcademies: 'reference/departements-academies.csv',
  schoolsIps: 'education/national/fr-en-ips-ecoles-ap2022_rentree2022.csv',
  annuaires: [
    'education/dep035/fr-en-annuaire-education_035_2023-06-08.csv',
    'education/dep094/fr-en-annuaire-education_094_ecoles-publiques_2026-05-27.csv',
  ],
  effectifs: ['education/dep035/fr-en-ecoles-effectifs-nb_classes_035_2019-2022.csv'],
} as const;

/** A file that cannot be imported at all: wrong shape, unreadable. Nothing is written. */
export class ImportFileError extends Error {}

export interface SourceFile {
  path: string;
  name: string;
  sha256: string;
  text: string;
}

export function readSource(file: string): SourceFile {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    throw new ImportFileError(`Fichier illisible : ${file} (vérifiez le chemin).`);
  }
  return { path: file, name: path.basename(file), sha256: crypto.createHash('sha256').update(buf).digest('hex'), text: buf.toString('utf8') };
}

/** A row of a CSV with its line number in the file (header = line 1). */
export interface Row { line: number; get(column: string): string }

/**
 * Parses a `;` CSV (BOM tolerated) and checks that every `required` column is present,
 * matching names without regard to case (the ministry's exports vary in case across years).
 */
export function csvRows(src: SourceFile, required: readonly string[]): Row[] {
  let records: string[][];
  try {
    records = parse(src.text, { delimiter: ';', bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    throw new ImportFileError(`${src.name} : ce n'est pas un fichier CSV séparé par des points-virgules (${(e as Error).message}).`);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c.toLowerCase()));
  if (missing.length > 0) {
    throw new ImportFileError(`${src.name} : colonnes attendues absentes : ${missing.join(', ')}. Ce fichier n'a pas la forme attendue ; rien n'a été importé.`);
  }
  const index = new Map(header.map((h, i) => [h, i]));
  return records.slice(1).map((r, i) => ({
    line: i + 2,
    get: (column: string) => (r[index.get(column.toLowerCase()) ?? -1] ?? '').trim(),
  }));
}

/** Rows of a JSON export (an array of objects with lower-case field names). */
export function jsonRows(src: SourceFile, required: readonly string[]): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(src.text);
  } catch {
    throw new ImportFileError(`${src.name} : JSON invalide ; rien n'a été importé.`);
  }
  if (!Array.isArray(data) || data.length === 0 || typeof data[0] !== 'object') {
    throw new ImportFileError(`${src.name} : un tableau d'objets JSON (export de l'annuaire) est attendu ; rien n'a été importé.`);
  }
  const first = data[0] as Record<string, unknown>;
  const missing = required.filter((c) => !(c.toLowerCase() in first));
  if (missing.length > 0) {
    throw new ImportFileError(`${src.name} : champs attendus absents : ${missing.join(', ')} ; rien n'a été importé.`);
  }
  return (data as Record<string, unknown>[]).map((o, i) => ({
    line: i + 1,
    get: (column: string) => {
      const v = o[column.toLowerCase()];
      if (v === null || v === undefined) return '';
      if (typeof v === 'object') {
        const p = v as { lat?: number; lon?: number };
        return p.lat !== undefined ? `${p.lat}, ${p.lon}` : JSON.stringify(v);
      }
      return String(v).trim();
    },
  }));
}
