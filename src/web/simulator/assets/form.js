// The simulator's form read into a simulation input: French amounts (« 3 500 », « 3 500,50 € ») and
// counts parsed into exact integers, never through a float. Plain JavaScript so that the very same
// code runs on the server (src/web/simulator, typed by form.d.ts) and in the browser (the live update
// of simulateur.js, served as /assets/simulateur/form.js): one parser, one set of French messages.

/** Longest amount or count accepted, in characters. */
export const MAX_FIELD_LENGTH = 24;
/** 999 999 999,99 €: far above any school's spending, far below 2^53 cents. */
export const MAX_AMOUNT_CENTS = 99_999_999_999;
/** Most schools in one simulation (the shareable URL must stay short enough for every server). */
export const MAX_SCHOOLS = 150;

const SPACES = /[\s\u00a0\u202f]+/g;

/**
 * A French amount in euros to integer cents. Spaces between digit groups, a comma (or a dot) before at
 * most two digits of cents, and a trailing « € » or « EUR » are accepted. Empty → cents null.
 * @param {string} text
 * @param {string} field the field's name, for the message (« Équipement (volet 1) »)
 * @returns {{ ok: true, cents: number | null } | { ok: false, message: string }}
 */
export function parseEuros(text, field) {
  const raw = String(text ?? '').trim();
  if (raw === '') return { ok: true, cents: null };
  if (raw.length > MAX_FIELD_LENGTH) {
    return { ok: false, message: `${field} : montant trop long (${raw.length} caractères) ; saisissez au plus ${MAX_FIELD_LENGTH} caractères, par exemple 3 500 ou 3 500,50.` };
  }
  const compact = raw.replace(/\s*(€|eur|euros?)$/i, '').replace(SPACES, '');
  if (/^[-−]/.test(compact)) return { ok: false, message: `${field} : le montant ne peut pas être négatif ; saisissez 0 s’il n’y a pas de dépense.` };
  const m = /^(\d+)(?:[,.](\d*))?$/.exec(compact);
  if (m === null) {
    return { ok: false, message: `${field} : « ${raw} » n’est pas un montant en euros ; saisissez des chiffres, par exemple 3 500 ou 3 500,50.` };
  }
  const decimals = m[2] ?? '';
  if (decimals.length > 2) {
    return { ok: false, message: `${field} : au plus deux chiffres après la virgule (les centimes), par exemple 3 500,50 ; n’utilisez pas de point entre les milliers.` };
  }
  const whole = m[1].replace(/^0+(?=\d)/, '');
  if (whole.length > 9) return { ok: false, message: `${field} : montant trop élevé ; au plus 999 999 999,99 €.` };
  const cents = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return { ok: true, cents };
}

/**
 * A whole number ≥ 1 (classes, pupils), spaces between digit groups accepted. Empty → value null.
 * @param {string} text
 * @param {string} field
 * @returns {{ ok: true, value: number | null } | { ok: false, message: string }}
 */
export function parseCount(text, field) {
  const raw = String(text ?? '').trim();
  if (raw === '') return { ok: true, value: null };
  const compact = raw.replace(SPACES, '');
  if (raw.length > MAX_FIELD_LENGTH || !/^\d{1,7}$/.test(compact) || Number(compact) < 1) {
    return { ok: false, message: `${field} : saisissez un nombre entier supérieur ou égal à 1, par exemple 5.` };
  }
  return { ok: true, value: Number(compact) };
}

export const FIELDS = /** @type {const} */ ({
  classes: 'Nombre de classes',
  pupils: 'Nombre d’élèves',
  equipment: 'Équipement (volet 1)',
  services: 'Services et ressources (volet 2)',
});

/**
 * The rows of the form (one per school, raw texts) to the `schools` of a simulation input. A row with
 * no amount at all is left out of the simulation (the school is listed but not in the project); a
 * row with one amount counts the other as 0. Errors name the row's school and the field.
 * @param {readonly { uai: string, name?: string, commune?: string | null, classes: string, pupils: string, equipment: string, services: string }[]} rows
 * @returns {{ schools: { row: number, uai: string, commune?: string, classes: number, pupils: number, equipmentCents: number, servicesCents: number }[], errors: { row: number, field: 'classes' | 'pupils' | 'equipment' | 'services', message: string }[], skipped: number[] }}
 */
export function readRows(rows) {
  /** @type {ReturnType<typeof readRows>} */
  const out = { schools: [], errors: [], skipped: [] };
  rows.forEach((r, row) => {
    const who = r.name ? ` – ${r.name}` : ` – ${r.uai}`;
    const classes = parseCount(r.classes, FIELDS.classes + who);
    const pupils = parseCount(r.pupils, FIELDS.pupils + who);
    const equipment = parseEuros(r.equipment, FIELDS.equipment + who);
    const services = parseEuros(r.services, FIELDS.services + who);
    const before = out.errors.length;
    if (!classes.ok) out.errors.push({ row, field: 'classes', message: classes.message });
    if (!pupils.ok) out.errors.push({ row, field: 'pupils', message: pupils.message });
    if (!equipment.ok) out.errors.push({ row, field: 'equipment', message: equipment.message });
    if (!services.ok) out.errors.push({ row, field: 'services', message: services.message });
    if (out.errors.length > before || !classes.ok || !pupils.ok || !equipment.ok || !services.ok) return;
    if (equipment.cents === null && services.cents === null) {
      out.skipped.push(row);
      return;
    }
    if (classes.value === null) {
      out.errors.push({ row, field: 'classes', message: `${FIELDS.classes + who} : indiquez le nombre de classes de cycles 2 et 3 de l’école (au moins 1).` });
    }
    if (pupils.value === null) {
      out.errors.push({ row, field: 'pupils', message: `${FIELDS.pupils + who} : indiquez le nombre d’élèves de l’école (au moins 1).` });
    }
    if (classes.value === null || pupils.value === null) return;
    out.schools.push({
      row,
      uai: r.uai,
      ...(r.commune ? { commune: r.commune } : {}),
      classes: classes.value,
      pupils: pupils.value,
      equipmentCents: equipment.cents ?? 0,
      servicesCents: services.cents ?? 0,
    });
  });
  return out;
}
