// From the dossier's HTML forms to the commands' inputs: French amounts in euros to integer cents
// (exactly, from the text, never through a float), whole numbers, checkboxes, and the diagnostic's
// grid. What cannot be read is reported per field, in French, before any command runs.
import type { FieldError } from '../../commands/dossier';
import type { Referential } from '../../domain/baseline';
import { OBJECTIVES } from '../../domain/objectives';

export type FormBody = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

const MAX_EUROS = 10_000_000_000; // far above any real amount; keeps every value a safe integer of cents

/**
 * « 1 234,56 € », « 1234.5 », « 3 500 », « -12 » → cents; undefined when the text is not an amount.
 * Spaces (also no-break and narrow no-break) group thousands; the decimal mark is a comma or a
 * point followed by one or two digits; « 1.234,56 » (points grouping thousands) is accepted too.
 */
export function parseEuros(text: string): number | undefined {
  let t = text.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|EUR|euros?)$/i, '');
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('−')) { sign = -1; t = t.slice(1); }
  else if (t.startsWith('+')) t = t.slice(1);
  if (t.includes(',') && t.includes('.')) {
    if (!/^\d{1,3}(\.\d{3})+,\d{1,2}$/.test(t)) return undefined;
    t = t.replace(/\./g, '');
  }
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(t);
  if (m === null) return undefined;
  const whole = m[1].replace(/^0+(?=\d)/, '');
  if (whole.length > String(MAX_EUROS).length) return undefined;
  const euros = Number(whole);
  if (euros > MAX_EUROS) return undefined;
  const cents = euros * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return sign * cents;
}

/** Cents to the text a French form field shows: 123456 → « 1234,56 » (no grouping: easy to edit). */
export function centsToInput(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** A whole number typed in a field (« 12 », « 1 200 »); undefined when it is not one. */
export function parseWhole(text: string): number | undefined {
  const t = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^-?\d{1,9}$/.test(t)) return undefined;
  return Number(t);
}

/** Reads the revision every dossier form carries (a hidden field). */
export function revisionOf(body: FormBody): number {
  const n = parseWhole(str(body.revision));
  return n ?? Number.NaN;
}

export class FormError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '));
    this.name = 'FormError';
  }
}

// -- budget -----------------------------------------------------------------------------------

export interface BudgetForm {
  lineId: string; uai: string; volet: string; categorie: string; libelle: string; quantite: string; prixUnitaireHT: string; prixUnitaireTTC: string;
}

export function budgetFormOf(body: FormBody): BudgetForm {
  return {
    lineId: str(body.ligne), uai: str(body.uai), volet: str(body.volet), categorie: str(body.categorie), libelle: str(body.libelle),
    quantite: str(body.quantite), prixUnitaireHT: str(body.prixUnitaireHT), prixUnitaireTTC: str(body.prixUnitaireTTC),
  };
}

function euroField(errors: FieldError[], field: string, what: string, value: string): number {
  if (value.trim() === '') { errors.push({ field, message: `Indiquez le ${what} en euros (par exemple 1 234,50).` }); return 0; }
  const c = parseEuros(value);
  if (c === undefined) { errors.push({ field, message: `Le ${what} « ${value.trim()} » n'est pas un montant en euros : écrivez par exemple 1 234,50 (deux décimales au plus).` }); return 0; }
  return c;
}

/** The saveBudgetLine input of the budget form, or the fields that cannot be read. */
export function budgetInput(dossierId: string, body: FormBody) {
  const f = budgetFormOf(body);
  const errors: FieldError[] = [];
  const volet: 1 | 2 | undefined = f.volet === '1' ? 1 : f.volet === '2' ? 2 : undefined;
  if (volet === undefined) errors.push({ field: 'volet', message: 'Choisissez le volet : 1 (équipement) ou 2 (services et ressources).' });
  const quantity = f.quantite.trim() === '' ? undefined : parseWhole(f.quantite);
  if (quantity === undefined) errors.push({ field: 'quantite', message: 'La quantité est un nombre entier supérieur ou égal à 1.' });
  const ht = euroField(errors, 'prixUnitaireHT', 'prix unitaire HT', f.prixUnitaireHT);
  const ttc = euroField(errors, 'prixUnitaireTTC', 'prix unitaire TTC', f.prixUnitaireTTC);
  if (errors.length > 0) throw new FormError(errors);
  return {
    dossierId, revision: revisionOf(body), ...(f.lineId ? { lineId: f.lineId } : {}),
    uai: f.uai, volet: volet!, category: f.categorie, label: f.libelle, quantity: quantity!, unitHtCents: ht, unitTtcCents: ttc,
  };
}

// -- schools ----------------------------------------------------------------------------------

export function headcountInput(dossierId: string, uai: string, body: FormBody) {
  const errors: FieldError[] = [];
  const classes = parseWhole(str(body.classes));
  const pupils = parseWhole(str(body.eleves));
  if (classes === undefined) errors.push({ field: 'classes', message: 'Le nombre de classes (cycles 2 et 3) est un entier supérieur ou égal à 1.' });
  if (pupils === undefined) errors.push({ field: 'eleves', message: "Le nombre d'élèves est un entier supérieur ou égal à 1." });
  if (errors.length > 0) throw new FormError(errors);
  const reason = str(body.motif).trim();
  return { dossierId, revision: revisionOf(body), uai, classes: classes!, pupils: pupils!, ...(reason ? { reason } : {}) };
}

// -- diagnostic --------------------------------------------------------------------------------

/** The form's rows: one per item, or one per alternative of an item with alternatives. */
export interface DiagnosticRow { item: string; alternative?: string; key: string }

export function diagnosticRows(referential: Referential): DiagnosticRow[] {
  const rows: DiagnosticRow[] = [];
  for (const item of referential.items) {
    if (item.alternatives === undefined) rows.push({ item: item.code, key: item.code });
    else for (const a of item.alternatives) rows.push({ item: item.code, alternative: a, key: `${item.code}.${a}` });
  }
  return rows;
}

export const diagField = (key: string, part: 'present' | 'apporte' | 'nonPrevu'): string => `diag.${key}.${part}`;

export interface DiagnosticFormValues { [field: string]: string }

/**
 * Entries of the diagnostic form: a row with a quantity typed or « non prévu » checked is answered;
 * an empty quantity beside a typed one counts as 0. Returns the entries and, for error messages,
 * the form field of each entry.
 */
export function diagnosticInput(dossierId: string, uai: string, referential: Referential, body: FormBody) {
  const errors: FieldError[] = [];
  const entries: { item: string; alternative?: string; present: number; added: number; notPlanned?: boolean }[] = [];
  const fieldOfEntry: string[] = [];
  const labelOf = (code: string) => referential.items.find((i) => i.code === code)?.label ?? code;
  for (const row of diagnosticRows(referential)) {
    const p = str(body[diagField(row.key, 'present')]).trim();
    const a = str(body[diagField(row.key, 'apporte')]).trim();
    const np = str(body[diagField(row.key, 'nonPrevu')]) !== '';
    if (p === '' && a === '' && !np) continue;
    const present = p === '' ? 0 : parseWhole(p);
    const added = a === '' ? 0 : parseWhole(a);
    const what = `${labelOf(row.item)}${row.alternative ? ` (${row.alternative})` : ''}`;
    if (present === undefined || present < 0) errors.push({ field: diagField(row.key, 'present'), message: `« ${what} » : la quantité présente est un nombre entier positif ou nul.` });
    if (added === undefined || added < 0) errors.push({ field: diagField(row.key, 'apporte'), message: `« ${what} » : la quantité apportée par le projet est un nombre entier positif ou nul.` });
    entries.push({ item: row.item, ...(row.alternative ? { alternative: row.alternative } : {}), present: present ?? 0, added: added ?? 0, ...(np ? { notPlanned: true } : {}) });
    fieldOfEntry.push(diagField(row.key, 'present'));
  }
  if (errors.length > 0) throw new FormError(errors);
  return { input: { dossierId, revision: revisionOf(body), uai, entries }, fieldOfEntry };
}

/** The diagnostic form's values from saved entries. */
export function diagnosticValues(entries: readonly { item: string; alternative?: string; present: number; added: number; notPlanned?: boolean }[] | null): DiagnosticFormValues {
  const out: DiagnosticFormValues = {};
  for (const e of entries ?? []) {
    const key = e.alternative ? `${e.item}.${e.alternative}` : e.item;
    out[diagField(key, 'present')] = String(e.present);
    out[diagField(key, 'apporte')] = String(e.added);
    if (e.notPlanned) out[diagField(key, 'nonPrevu')] = 'on';
  }
  return out;
}

export function diagnosticValuesOf(body: FormBody): DiagnosticFormValues {
  const out: DiagnosticFormValues = {};
  for (const [k, v] of Object.entries(body)) if (k.startsWith('diag.')) out[k] = str(v);
  return out;
}

// -- project ------------------------------------------------------------------------------------

export const CO_FUNDING_ROWS = 3;

export interface ProjectForm {
  presentation: string; objectifs: string[]; textes: Record<string, string>; planPret: string; accompagnement: string;
  cofinancements: { financeur: string; montant: string }[];
}

export const objectiveField = (code: string): string => `objectif-${code}`;

export function projectFormOf(body: FormBody): ProjectForm {
  const textes: Record<string, string> = {};
  for (const o of OBJECTIVES) textes[o.code] = str(body[objectiveField(o.code)]);
  const cofinancements = [];
  for (let i = 0; i < CO_FUNDING_ROWS; i++) cofinancements.push({ financeur: str(body[`financeur-${i}`]), montant: str(body[`montant-${i}`]) });
  return { presentation: str(body.presentation), objectifs: strs(body.objectifs), textes, planPret: str(body.planPret), accompagnement: str(body.accompagnement), cofinancements };
}

export function projectInput(dossierId: string, body: FormBody) {
  const f = projectFormOf(body);
  const errors: FieldError[] = [];
  const coFunding: { funder: string; amountCents: number }[] = [];
  const coFundingRows: number[] = [];
  f.cofinancements.forEach((c, i) => {
    if (c.financeur.trim() === '' && c.montant.trim() === '') return;
    coFundingRows.push(i);
    if (c.financeur.trim() === '') errors.push({ field: `financeur-${i}`, message: `Cofinancement ${i + 1} : indiquez le nom du cofinanceur.` });
    const cents = c.montant.trim() === '' ? undefined : parseEuros(c.montant);
    if (cents === undefined) errors.push({ field: `montant-${i}`, message: `Cofinancement ${i + 1} : le montant « ${c.montant.trim()} » n'est pas un montant en euros (par exemple 5 000).` });
    coFunding.push({ funder: c.financeur.trim(), amountCents: cents ?? 0 });
  });
  if (errors.length > 0) throw new FormError(errors);
  const input = {
    dossierId, revision: revisionOf(body), summary: f.presentation,
    objectives: f.objectifs.map((code) => ({ code, text: f.textes[code] ?? '' })),
    lendingPlan: f.planPret, supportText: f.accompagnement, coFunding,
  };
  /** Maps the command's field paths (`objectifs[1].texte`, `cofinancements[0].montant`) to the form's fields. */
  const fieldOf = (field: string): string => {
    let m = /^objectifs\[(\d+)\]/.exec(field);
    if (m) { const o = input.objectives[Number(m[1])]; return o ? objectiveField(o.code) : 'objectifs'; }
    m = /^cofinancements\[(\d+)\]\.(financeur|montant)/.exec(field);
    if (m) return `${m[2]}-${coFundingRows[Number(m[1])] ?? 0}`;
    return field;
  };
  return { input, fieldOf };
}
