// French public identifiers: UAI (schools), SIREN / SIRET (organisations), INSEE commune codes.
// DOMAIN.md §6. Pure functions, no I/O.

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const UAI_SHAPE = /^(\d{7})([A-Z])$/;

/** The check letter of a UAI's seven digits: LETTERS[int(digits) mod 23]. */
export function uaiCheckLetter(digits: string): string {
  return UAI_LETTERS[Number(digits) % 23];
}

/** Upper-cases and trims a typed UAI; the result may still be invalid. */
export function normalizeUai(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isValidUai(uai: string): boolean {
  const m = UAI_SHAPE.exec(uai);
  return m !== null && uaiCheckLetter(m[1]) === m[2];
}

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const LA_POSTE_SIREN = '356000000';

export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

const LA_POSTE_HEAD_OFFICE = '35600000000048';

/**
 * SIRET: 14 digits, Luhn. La Poste's establishments (SIREN 356000000) instead have a digit sum
 * divisible by 5; its head office keeps the Luhn key.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE) {
    let sum = 0;
    for (const c of siret) sum += c.charCodeAt(0) - 48;
    return sum % 5 === 0;
  }
  return luhnValid(siret);
}

/** INSEE commune code: 5 characters, digits or 2A/2B for Corsica. */
export function isInseeCode(code: string): boolean {
  return /^(\d{5}|2[AB]\d{3})$/.test(code);
}
