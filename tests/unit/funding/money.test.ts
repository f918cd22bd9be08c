// Integer cents and exact rates.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, applyRate, euros, floorOfRatedSum, formatEuros, mulDivFloor, percent } from '../../../src/domain/money';
import { plain } from './helpers';

const anyCents = fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

describe('money', () => {
  it('floors 70 % of any integer exactly (as BigInt does)', () => {
    fc.assert(
      fc.property(anyCents, (x) => {
        expect(applyRate(x, percent(70))).toBe(Number((BigInt(x) * 70n) / 100n));
      }),
      { numRuns: 2_000 },
    );
    expect(applyRate(Number.MAX_SAFE_INTEGER, percent(70))).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 70n) / 100n));
    expect(applyRate(350_001, percent(70))).toBe(245_000);
    expect(applyRate(99_999, percent(50))).toBe(49_999);
  });

  it('floors exactly with any rational rate', () => {
    fc.assert(
      fc.property(anyCents, fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (x, den, num) => {
        expect(mulDivFloor(x, num, den)).toBe(Number((BigInt(x) * BigInt(num)) / BigInt(den)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('floors a sum of rated parts once', () => {
    expect(floorOfRatedSum([{ cents: 1, rate: percent(70) }, { cents: 1, rate: percent(50) }])).toBe(1); // 1.2
    expect(floorOfRatedSum([{ cents: 1, rate: { numerator: 1, denominator: 3 } }, { cents: 2, rate: { numerator: 1, denominator: 3 } }])).toBe(1);
    expect(floorOfRatedSum([])).toBe(0);
  });

  it('formats French euros exactly', () => {
    expect(plain(formatEuros(245_000))).toBe('2 450,00 €');
    expect(plain(formatEuros(5))).toBe('0,05 €');
    expect(plain(formatEuros(0))).toBe('0,00 €');
    expect(plain(formatEuros(-12_345))).toBe('-123,45 €');
    expect(plain(formatEuros(Number.MAX_SAFE_INTEGER))).toBe('90 071 992 547 409,91 €');
    expect(euros(3_500)).toBe(350_000);
    expect(() => euros(0.5)).toThrow(RangeError);
  });

  it('writes euros exactly as Intl’s French currency format does', () => {
    const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    const viaIntl = (c: number) => intl.format(`${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}` as `${number}`);
    for (const c of [0, 1, 99, 100, 99_999, 100_000, 123_456_789, -1, -100_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(formatEuros(c)).toBe(viaIntl(c));
    }
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (c) => {
      expect(formatEuros(c)).toBe(viaIntl(c));
    }), { numRuns: 3_000 });
  });

  it('apportions a total pro rata, to the cent, adding up exactly', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(10, [0, 0])).toEqual([0, 0]);
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), fc.array(fc.nat({ max: 1e9 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const shares = apportion(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total);
        shares.forEach((s, i) => expect(s).toBeGreaterThanOrEqual(mulDivFloor(total, weights[i], Math.max(sum, 1)) * (sum === 0 ? 0 : 1)));
      }),
    );
  });
});
