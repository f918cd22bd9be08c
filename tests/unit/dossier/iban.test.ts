import { describe, expect, it } from 'vitest';
import { IBAN_LENGTHS, formatIban, isValidIban, maskIban, normalizeIban, validateIban } from '../../../src/domain/iban';

describe('IBAN', () => {
  it('accepts real-format IBANs, typed with spaces and in lower case, and normalises them', () => {
    expect(validateIban('fr76 3000 1007 9412 3456 7890 185')).toEqual({ ok: true, iban: 'FR7630001007941234567890185' });
    // French examples: a Trésor public account (bank 30001), one with a letter in the account number.
    for (const iban of ['FR7630006000011234567890189', 'FR1420041010050500013M02606', 'RE4220041010050500013M02606', 'GP7330006000011234567890189', 'MC5811222000010123456789030']) {
      expect(validateIban(iban)).toEqual({ ok: true, iban });
    }
    for (const iban of ['DE89370400440532013000', 'GB82WEST12345698765432', 'BE68539007547034']) expect(isValidIban(iban)).toBe(true);
    expect(normalizeIban(' fr76\u00a03000-6000 ')).toBe('FR7630006000');
  });

  it('knows the French overseas codes, all 27 characters like France', () => {
    for (const code of ['FR', 'GF', 'GP', 'MQ', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF', 'TF']) expect(IBAN_LENGTHS[code]).toBe(27);
  });

  it('refuses a wrong key: one digit changed, two digits swapped', () => {
    const changed = validateIban('FR7630006000011234567890188');
    expect(changed).toMatchObject({ ok: false, code: 'CHECKSUM' });
    if (!changed.ok) expect(changed.message).toBe("La clé de contrôle de l'IBAN ne correspond pas : un caractère est probablement erroné. Recopiez l'IBAN depuis le RIB.");
    expect(validateIban('FR7630006000011234567809189')).toMatchObject({ ok: false, code: 'CHECKSUM' });
    expect(validateIban('FR7730006000011234567890189')).toMatchObject({ ok: false, code: 'CHECKSUM' });
  });

  it('refuses a French IBAN whose mod-97 key is right but whose RIB key is wrong', () => {
    expect(validateIban('FR0630006000011234567890188')).toMatchObject({ ok: false, code: 'RIB_KEY' });
  });

  it('says what is wrong: empty, characters, country, length', () => {
    expect(validateIban('  ')).toMatchObject({ ok: false, code: 'EMPTY' });
    expect(validateIban('FR76 3000 6000 0112 3456 7890 18*')).toMatchObject({ ok: false, code: 'CHARACTERS' });
    expect(validateIban('XX7630006000011234567890189')).toMatchObject({ ok: false, code: 'COUNTRY' });
    const short = validateIban('FR763000600001123456789018');
    expect(short).toMatchObject({ ok: false, code: 'LENGTH' });
    if (!short.ok) expect(short.message).toBe("Un IBAN FR compte 27 caractères ; celui saisi en compte 26. Vérifiez qu'il est complet.");
  });

  it('formats by groups of four and masks all but the country, key and last four characters', () => {
    expect(formatIban('FR7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189');
    expect(maskIban('fr76 3000 6000 0112 3456 7890 189')).toBe('FR76 **** **** **** **** ***0 189');
    expect(maskIban('BE68539007547034')).toBe('BE68 **** **** 7034');
  });
});
