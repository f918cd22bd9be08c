import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInseeCode, isValidSiren, isValidSiret, isValidUai, uaiCheckLetter } from '../../src/domain/identifiers';
import { DATA_ROOT, SHIPPED } from '../../src/reference/files';

describe('UAI', () => {
  it('accepts the check letter of all 30,059 real schools of the national file', () => {
    const lines = fs.readFileSync(path.join(DATA_ROOT, SHIPPED.schoolsIps), 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
    const uais = lines.map((l) => l.split(';')[4]);
    expect(uais).toHaveLength(30_059);
    expect(uais.filter((u) => !isValidUai(u))).toEqual([]);
  });

  it('computes the letter from the seven digits modulo 23', () => {
    expect(uaiCheckLetter('0350001')).toBe('L'); // 350001 mod 23 = 9 → L
    expect(isValidUai('0350001L')).toBe(true);
  });

  it('rejects a wrong letter, a lower-case letter and malformed strings', () => {
    expect(isValidUai('0350001M')).toBe(false);
    expect(isValidUai('0350001l')).toBe(false);
    expect(isValidUai('035001L')).toBe(false);
    expect(isValidUai('2A00001L')).toBe(false);
    expect(isValidUai('')).toBe(false);
  });

  it('checks Corsican UAIs (620/720) like any other', () => {
    const digits = '6200001';
    expect(isValidUai(digits + uaiCheckLetter(digits))).toBe(true);
  });
});

describe('SIREN and SIRET', () => {
  it('accepts real SIREN / SIRET (Luhn): Rennes, a Val-de-Marne school', () => {
    expect(isValidSiren('213502388')).toBe(true); // commune de Rennes
    expect(isValidSiret('21940034800195')).toBe(true); // école Robert Doisneau, Fresnes
  });
  it('rejects a changed digit and wrong lengths', () => {
    expect(isValidSiren('213502389')).toBe(false);
    expect(isValidSiret('21940034800196')).toBe(false);
    expect(isValidSiret('2194003480019')).toBe(false);
    expect(isValidSiren('21350238A')).toBe(false);
  });
  it('applies the La Poste rule: digit sum divisible by 5 instead of Luhn', () => {
    expect(isValidSiret('35600000000001')).toBe(true); // digit sum 15, not a Luhn number
    expect(isValidSiret('35600000000014')).toBe(false); // a Luhn number, digit sum 19
    expect(isValidSiret('35600000000048')).toBe(true); // La Poste's head office keeps the Luhn key
  });
});

describe('INSEE codes', () => {
  it('accepts 5 digits and Corsican 2A/2B codes only', () => {
    expect(isInseeCode('35238')).toBe(true);
    expect(isInseeCode('2A004')).toBe(true);
    expect(isInseeCode('3523')).toBe(false);
    expect(isInseeCode('2C004')).toBe(false);
  });
});
