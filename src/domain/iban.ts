// IBAN (ISO 13616): normalisation, check by the mod-97 key, length per country, and for French
// accounts (metropolitan and overseas, Monaco) the RIB key of the BBAN too. Masked display.

/** Length of the IBAN per country code. France and the codes of the French overseas territories first. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  // France and its overseas (départements, collectivités, territories): the French BBAN.
  FR: 27, GF: 27, GP: 27, MQ: 27, RE: 27, YT: 27, PM: 27, BL: 27, MF: 27, NC: 27, PF: 27, WF: 27, TF: 27,
  MC: 27,
  // Other SEPA countries a supplier or co-funder may bank in.
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, GB: 22,
  GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MT: 31, NL: 18,
  NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

/** Countries whose BBAN is the French RIB: bank (5) branch (5) account (11) RIB key (2). */
const FRENCH_BBAN = new Set(['FR', 'GF', 'GP', 'MQ', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF', 'TF', 'MC']);

export type IbanErrorCode = 'EMPTY' | 'CHARACTERS' | 'COUNTRY' | 'LENGTH' | 'CHECKSUM' | 'RIB_KEY';

export type IbanResult =
  | { readonly ok: true; readonly iban: string }
  | { readonly ok: false; readonly code: IbanErrorCode; readonly message: string };

/** Removes spaces (and the usual separators) and upper-cases: « fr76 3000 6000… » → « FR763000600… ». */
export function normalizeIban(raw: string): string {
  return raw.replace(/[\s\u00a0\u202f-]+/g, '').toUpperCase();
}

/** ISO 7064 mod 97-10 of a string of digits and letters (A = 10 … Z = 35), computed by chunks. */
function mod97(text: string): number {
  let rest = 0;
  for (const c of text) {
    const code = c.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest;
}

/** The RIB key rule: letters of the account number become digits (A, J → 1; B, K, S → 2; …). */
function ribDigits(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String(((c.charCodeAt(0) - 64 + (c >= 'S' ? 1 : 0)) % 9) || 9));
}

function ribKeyValid(bban: string): boolean {
  const digits = ribDigits(bban);
  if (!/^\d{23}$/.test(digits)) return false;
  const bank = Number(digits.slice(0, 5));
  const branch = Number(digits.slice(5, 10));
  const account = Number(digits.slice(10, 21));
  const key = Number(digits.slice(21, 23));
  return (89 * bank + 15 * branch + 3 * account + key) % 97 === 0;
}

/**
 * The French IBAN of a RIB (bank, branch and account numbers in digits): RIB key and IBAN key
 * computed by the same rules the check above verifies.
 */
export function frenchIban(bank: string, branch: string, account: string): string {
  const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97);
  const bban = `${bank}${branch}${account}${String(key).padStart(2, '0')}`;
  const check = 98 - mod97(`${bban}FR00`);
  return `FR${String(check).padStart(2, '0')}${bban}`;
}

/** Checks an IBAN as typed; on success returns it normalised. Messages in French, saying what to fix. */
export function validateIban(raw: string): IbanResult {
  const iban = normalizeIban(raw);
  if (iban === '') return { ok: false, code: 'EMPTY', message: "Saisissez l'IBAN du compte de la collectivité (il commence par FR76 pour un compte au Trésor public)." };
  if (!/^[A-Z0-9]+$/.test(iban)) {
    return { ok: false, code: 'CHARACTERS', message: "L'IBAN ne doit contenir que des lettres et des chiffres : vérifiez la saisie." };
  }
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (!/^[A-Z]{2}\d{2}/.test(iban) || length === undefined) {
    return { ok: false, code: 'COUNTRY', message: `L'IBAN doit commencer par le code d'un pays (FR pour la France) suivi de deux chiffres de clé : « ${iban.slice(0, 4)} » n'est pas reconnu.` };
  }
  if (iban.length !== length) {
    return { ok: false, code: 'LENGTH', message: `Un IBAN ${country} compte ${length} caractères ; celui saisi en compte ${iban.length}. Vérifiez qu'il est complet.` };
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    return { ok: false, code: 'CHECKSUM', message: "La clé de contrôle de l'IBAN ne correspond pas : un caractère est probablement erroné. Recopiez l'IBAN depuis le RIB." };
  }
  if (FRENCH_BBAN.has(country) && !ribKeyValid(iban.slice(4))) {
    return { ok: false, code: 'RIB_KEY', message: "La clé RIB contenue dans l'IBAN ne correspond pas au compte : recopiez l'IBAN depuis le RIB." };
  }
  return { ok: true, iban };
}

export function isValidIban(raw: string): boolean {
  return validateIban(raw).ok;
}

/** Groups of four: « FR76 3000 6000 0112 3456 7890 189 ». */
export function formatIban(raw: string): string {
  return normalizeIban(raw).replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Masked for display: country and key kept, the last four characters kept, the rest hidden:
 * « FR76 **** **** **** **** ***0 189 ».
 */
export function maskIban(raw: string): string {
  const iban = normalizeIban(raw);
  if (iban.length <= 8) return formatIban(iban);
  const masked = iban.slice(0, 4) + '*'.repeat(iban.length - 8) + iban.slice(-4);
  return formatIban(masked);
}
