// The simulator's form parser (src/web/simulator/assets/form.js), shared by the server and the
// browser: French amounts into exact integer cents, never through a float; French messages naming the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEuros } from '../../../src/domain/money';
import { parseCount, parseEuros, readRows } from '../../../src/web/simulator/assets/form.js';

const cents = (text: string) => {
  const r = parseEuros(text, 'Montant');
  if (!r.ok) throw new Error(r.message);
  return r.cents;
};

describe('parseEuros', () => {
  it.each([
    ['3 500', 350_000], ['3500', 350_000], ['3500,50', 350_050], ['3 500,5', 350_050], ['3\u202f500,07 €', 350_007],
    ['3\u00a0500 EUR', 350_007 - 7], ['0,01', 1], ['0', 0], ['007', 700], ['3500.5', 350_050], ['999 999 999,99', 99_999_999_999],
    ['  12 ', 1200], ['12,', 1200],
  ])('« %s » is %i cents', (text, expected) => {
    expect(cents(text)).toBe(expected);
  });

  it('empty is no amount', () => {
    expect(parseEuros('  ', 'Montant')).toEqual({ ok: true, cents: null });
  });

  it.each([
    ['3.500', 'au plus deux chiffres après la virgule'],
    ['3,505', 'au plus deux chiffres après la virgule'],
    ['-5', 'ne peut pas être négatif'],
    ['abc', '« abc » n’est pas un montant en euros'],
    ['1e6', 'n’est pas un montant en euros'],
    ['3 500 000 000', 'montant trop élevé'],
    ['1'.repeat(30), 'montant trop long'],
  ])('« %s » is refused: %s', (text, message) => {
    const r = parseEuros(text, 'Équipement (volet 1) – École A');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(message);
      expect(r.message.startsWith('Équipement (volet 1) – École A : ')).toBe(true);
    }
  });

  it('reads back every amount as French formats it, to the cent', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (c) => {
      expect(cents(formatEuros(c))).toBe(c);
    }), { numRuns: 2000 });
  });
});

describe('parseCount and readRows', () => {
  it('counts are whole numbers ≥ 1, spaces between groups accepted', () => {
    expect(parseCount('1 200', 'Élèves')).toEqual({ ok: true, value: 1200 });
    expect(parseCount('', 'Élèves')).toEqual({ ok: true, value: null });
    for (const bad of ['0', '2,5', '-3', 'douze']) expect(parseCount(bad, 'Élèves').ok, bad).toBe(false);
  });

  it('rows without any amount are left out; one amount counts the other as zero', () => {
    const row = { uai: '0352129Z', name: 'École A', commune: '35006', classes: '12', pupils: '217' };
    const read = readRows([
      { ...row, equipment: '', services: '' },
      { ...row, uai: '0351633K', equipment: '4 000', services: '' },
    ]);
    expect(read.errors).toEqual([]);
    expect(read.skipped).toEqual([0]);
    expect(read.schools).toEqual([{ row: 1, uai: '0351633K', commune: '35006', classes: 12, pupils: 217, equipmentCents: 400_000, servicesCents: 0 }]);
  });

  it('a counted row needs its classes and pupils', () => {
    const read = readRows([{ uai: '0352129Z', name: 'École A', classes: '', pupils: '', equipment: '4000', services: '' }]);
    expect(read.errors.map((e) => e.field)).toEqual(['classes', 'pupils']);
    expect(read.errors[0].message).toContain('Nombre de classes – École A : indiquez le nombre de classes');
  });
});
