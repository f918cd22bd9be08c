// What a simulator URL says, and the simulation it reproduces. The whole simulation lives in the
// query string of a GET form (shareable, works without JavaScript):
//   q=…                                     a commune or EPCI to look for
//   commune=35006 | epci=200039022          the territory chosen (its schools prefill the rows)
//   uai=…&classes=…&eleves=…&equipement=…&services=…   one group per school row, in order
//   ajout=…                                 a UAI to add as a new row
// Amounts are French euros (« 3 500,50 »), read into cents by form.js, the parser the browser uses too.
import type { Db } from '../../data/db';
import { getCommune, getEpci, type SchoolSummary } from '../../data/reference';
import { isInseeCode, isValidUai, normalizeUai } from '../../domain/identifiers';
import { simulate, type SimulationResult } from '../../domain/funding';
import { MAX_FIELD_LENGTH, MAX_SCHOOLS, readRows, type FieldName, type RowError } from './assets/form.js';
import { MAX_TERRITORY_QUERY, schoolsByUai, searchTerritories, type SchoolRef, type TerritoryMatch } from './territories';

export const DEFAULT_CALL = 'snee-2021';

export interface Territory {
  kind: 'commune' | 'epci';
  code: string;
  name: string;
  /** Member communes when the EPCI has too many schools for one page (links to each commune). */
  members?: { code: string; name: string; schoolCount: number }[];
  schoolCount: number;
}

export interface Row {
  uai: string;
  name: string;
  communeCode: string | null;
  communeName: string | null;
  /** The reference data's figures, when known (shown as a hint). */
  refPupils: number | null;
  refClasses: number | null;
  known: boolean;
  classes: string;
  pupils: string;
  equipment: string;
  services: string;
}

export interface SimulatorState {
  q: string;
  qError?: string;
  matches: TerritoryMatch[] | null;
  territory: Territory | null;
  territoryError?: string;
  rows: Row[];
  add: string;
  addError?: string;
  /** Errors not tied to one field (too many schools, unreadable rows). */
  formErrors: string[];
  /** Information about the list (a territory with more schools than one simulation takes). */
  notices: string[];
  fieldErrors: RowError[];
  /** Row indexes left out (no amount entered). */
  skipped: number[];
  /** Row index of each school of the simulation input, in order. */
  simulated: number[];
  result: SimulationResult | null;
  /** The canonical query string that reproduces this simulation (no `ajout`, no `q`). */
  shareQuery: string;
}

/** Where the person should go instead (a code given in the search field, an alias of a commune). */
export class Redirect {
  constructor(readonly location: string) {}
}

const clip = (s: string, n = MAX_FIELD_LENGTH + 16): string => s.slice(0, n);

function fromRef(s: SchoolRef | SchoolSummary): Pick<Row, 'name' | 'communeCode' | 'communeName' | 'refPupils' | 'refClasses' | 'known'> & { uai: string } {
  const communeCode = 'communeCode' in s ? s.communeCode : null;
  return { uai: s.uai, name: s.name, communeCode, communeName: s.communeName, refPupils: s.pupils, refClasses: s.classes, known: true };
}

const prefilled = (s: SchoolRef | SchoolSummary): Row => ({
  ...fromRef(s),
  classes: s.classes === null ? '' : String(s.classes),
  pupils: s.pupils === null ? '' : String(s.pupils),
  equipment: '',
  services: '',
});

/** The code at the end of a suggestion (« Bais (35014) », « CC … (EPCI 200039022) ») or the query itself. */
function codeOf(q: string): { kind: 'commune' | 'epci'; code: string } | null {
  const m = /\((?:EPCI\s+)?([0-9][0-9AB]\d{3}|\d{9})\)\s*$/i.exec(q) ?? /^\s*([0-9][0-9AB]\d{3}|\d{9})\s*$/i.exec(q);
  if (!m) return null;
  const code = m[1].toUpperCase();
  return code.length === 9 ? { kind: 'epci', code } : { kind: 'commune', code };
}

export function canonicalQuery(territory: Territory | null, rows: readonly Row[]): string {
  const p = new URLSearchParams();
  if (territory) p.set(territory.kind, territory.code);
  for (const r of rows) {
    p.append('uai', r.uai);
    p.append('classes', r.classes.trim());
    p.append('eleves', r.pupils.trim());
    p.append('equipement', r.equipment.trim());
    p.append('services', r.services.trim());
  }
  return p.toString();
}

async function loadTerritory(db: Db, kind: 'commune' | 'epci', rawCode: string): Promise<{ territory: Territory; schools: SchoolSummary[] } | Redirect | string> {
  const code = rawCode.trim().toUpperCase();
  if (kind === 'commune') {
    if (!isInseeCode(code)) return `« ${clip(rawCode, 20)} » n’est pas un code INSEE de commune (5 caractères, par exemple 35006).`;
    const found = await getCommune(db, code);
    if (found.kind === 'alias') return new Redirect(`/simulateur?commune=${found.communeCode}`);
    if (found.kind === 'missing') return `Aucune commune de code INSEE ${code} dans les données de référence.`;
    const c = found.commune;
    return { territory: { kind, code: c.code, name: c.name, schoolCount: c.schools.length }, schools: c.schools };
  }
  if (!/^\d{9}$/.test(code)) return `« ${clip(rawCode, 20)} » n’est pas un SIREN d’intercommunalité (9 chiffres).`;
  const e = await getEpci(db, code);
  if (!e) return `Aucune intercommunalité de SIREN ${code} dans les données de référence.`;
  const territory: Territory = { kind, code: e.siren, name: e.name, schoolCount: e.schoolCount };
  if (e.schoolCount > MAX_SCHOOLS) {
    territory.members = e.members.filter((m) => m.schoolCount > 0).map((m) => ({ code: m.code, name: m.name, schoolCount: m.schoolCount }));
    return { territory, schools: [] };
  }
  return { territory, schools: e.schools };
}

const FIELD_OF_INPUT: Record<string, FieldName> = { classes: 'classes', pupils: 'pupils', equipmentCents: 'equipment', servicesCents: 'services' };

/** Reads a simulator URL's query, looks up the territory and schools, and simulates when amounts are given. */
export async function readState(db: Db, search: URLSearchParams): Promise<SimulatorState | Redirect> {
  const one = (k: string) => (search.get(k) ?? '').trim();
  const all = (k: string) => search.getAll(k);
  const state: SimulatorState = {
    q: clip(one('q'), MAX_TERRITORY_QUERY + 20), matches: null, territory: null, rows: [], add: '', formErrors: [], notices: [], fieldErrors: [],
    skipped: [], simulated: [], result: null, shareQuery: '',
  };

  // The territory search.
  if (state.q !== '') {
    const code = codeOf(state.q);
    if (code) return new Redirect(`/simulateur?${code.kind}=${encodeURIComponent(code.code)}`);
    if (one('q').length > MAX_TERRITORY_QUERY) {
      state.qError = `La recherche est trop longue (${one('q').length} caractères) : saisissez au plus ${MAX_TERRITORY_QUERY} caractères, par exemple le nom de la commune.`;
    } else if (state.q.length < 2) {
      state.qError = 'Saisissez au moins 2 caractères du nom de la commune ou de l’intercommunalité, ou son code.';
    } else {
      state.matches = await searchTerritories(db, state.q, 10);
    }
  }

  // The territory.
  let territorySchools: SchoolSummary[] = [];
  const kind = search.has('epci') ? 'epci' : search.has('commune') ? 'commune' : null;
  if (kind) {
    const loaded = await loadTerritory(db, kind, one(kind));
    if (loaded instanceof Redirect) return loaded;
    if (typeof loaded === 'string') state.territoryError = loaded;
    else {
      state.territory = loaded.territory;
      territorySchools = loaded.schools;
    }
  }

  // The rows: from the URL when it has any, else the territory's schools.
  const uais = all('uai');
  if (uais.length > 0) {
    if (uais.length > MAX_SCHOOLS) state.formErrors.push(`Une simulation compte au plus ${MAX_SCHOOLS} écoles : seules les ${MAX_SCHOOLS} premières sont reprises.`);
    const cols = { classes: all('classes'), pupils: all('eleves'), equipment: all('equipement'), services: all('services') };
    const wanted = uais.slice(0, MAX_SCHOOLS).map((u) => normalizeUai(u));
    const refs = await schoolsByUai(db, wanted);
    const seen = new Set<string>();
    wanted.forEach((uai, i) => {
      if (!isValidUai(uai)) {
        state.formErrors.push(`L’école n° ${i + 1} de l’adresse a un UAI invalide (« ${clip(uais[i], 20)} ») : elle est ignorée.`);
        return;
      }
      if (seen.has(uai)) return;
      seen.add(uai);
      const ref = refs.get(uai);
      const base = ref ? fromRef(ref) : { uai, name: `École ${uai}`, communeCode: null, communeName: null, refPupils: null, refClasses: null, known: false };
      state.rows.push({
        ...base,
        classes: clip(cols.classes[i] ?? ''), pupils: clip(cols.pupils[i] ?? ''),
        equipment: clip(cols.equipment[i] ?? ''), services: clip(cols.services[i] ?? ''),
      });
    });
  } else {
    state.rows = territorySchools.slice(0, MAX_SCHOOLS).map(prefilled);
    if (territorySchools.length > MAX_SCHOOLS) {
      state.notices.push(`${state.territory?.name ?? 'Ce territoire'} compte ${territorySchools.length} écoles : une simulation en prend au plus ${MAX_SCHOOLS} ; les ${MAX_SCHOOLS} premières sont listées.`);
    }
  }

  // A school added by UAI.
  const add = one('ajout');
  if (add !== '') {
    const uai = normalizeUai(add);
    if (!isValidUai(uai)) {
      state.add = clip(add, 20);
      state.addError = `« ${clip(add, 20)} » n’est pas un UAI valide : 7 chiffres suivis de la lettre de contrôle, par exemple 0351633K.`;
    } else if (state.rows.some((r) => r.uai === uai)) {
      state.add = uai;
      state.addError = `L’école ${uai} figure déjà dans la liste ci-dessus.`;
    } else if (state.rows.length >= MAX_SCHOOLS) {
      state.add = uai;
      state.addError = `Une simulation compte au plus ${MAX_SCHOOLS} écoles.`;
    } else {
      const ref = (await schoolsByUai(db, [uai])).get(uai);
      if (!ref) {
        state.add = uai;
        state.addError = `Aucune école d’UAI ${uai} dans les données de référence : vérifiez l’UAI sur la fiche de l’école (recherche d’écoles).`;
      } else {
        state.rows.push(prefilled(ref));
      }
    }
  }

  state.shareQuery = canonicalQuery(state.territory, state.rows);

  // The simulation, when at least one school has an amount.
  const read = readRows(state.rows.map((r) => ({ ...r, commune: r.communeCode })));
  state.fieldErrors = read.errors;
  state.skipped = read.skipped;
  if (read.errors.length === 0 && read.schools.length > 0) {
    const outcome = simulate({
      call: DEFAULT_CALL,
      schools: read.schools.map(({ row: _row, ...school }) => school),
    });
    if (outcome.ok) {
      state.result = outcome.result;
      state.simulated = read.schools.map((s) => s.row);
    } else {
      // Rules the form cannot check by itself: the engine's messages, next to the field when there is one.
      for (const f of outcome.error.fields) {
        const m = /^schools\[(\d+)\]\.(\w+)/.exec(f.path);
        const field = m ? FIELD_OF_INPUT[m[2]] : undefined;
        if (m && field) state.fieldErrors.push({ row: read.schools[Number(m[1])].row, field, message: f.message });
        else state.formErrors.push(f.path ? `${f.path} : ${f.message}` : f.message);
      }
    }
  }
  return state;
}
