// Paris wall-clock formatting without Intl on the hot path must write exactly what Intl writes,
// across changes of offset (the last Sunday of March and of October, at 01:00 UTC).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatParisShort } from '../../src/domain/calls/paris-time';
import { COLUMNS, formatValue } from '../../src/data/review';

const INTL = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
const viaIntl = (ms: number) => INTL.format(new Date(ms));

describe('formatParisShort', () => {
  it('writes « 15/03/2021 14:05 », Paris time', () => {
    expect(formatParisShort('2021-03-15T13:05:59.999Z')).toBe('15/03/2021 14:05');
    expect(formatParisShort('2021-07-14T10:00:00.000Z')).toBe('14/07/2021 12:00');
  });

  it('agrees with Intl around every change of offset from 2000 to 2040', () => {
    for (let year = 2000; year <= 2040; year++) {
      for (const month of [2, 9]) { // March, October
        const lastDay = new Date(Date.UTC(year, month + 1, 0));
        const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
        const change = Date.UTC(year, month, sunday, 1);
        for (const delta of [-3_600_001, -3_600_000, -60_000, -1, 0, 1, 59_999, 60_000, 3_599_999, 3_600_000, 7_200_000]) {
          const t = change + delta;
          expect(formatParisShort(new Date(t).toISOString()), new Date(t).toISOString()).toBe(viaIntl(t));
        }
      }
    }
  });

  it('agrees with Intl on any instant from 1900 to 2200', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (t) => {
      expect(formatParisShort(new Date(t).toISOString())).toBe(viaIntl(t));
    }), { numRuns: 5_000 });
  });

  it('gives back what it cannot read', () => {
    expect(formatParisShort('pas une date')).toBe('pas une date');
  });
});

describe('queue cells', () => {
  const column = (id: string) => COLUMNS.find((c) => c.id === id)!;
  const SCORE = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

  it('write priority scores as Intl does', () => {
    for (const n of [0, 0.5, 12, 65.1, 94.2, 100, 999.9, 1000, 1234.5, 0.15, 1.45, 2.25, -3.5, 1e21]) {
      expect(formatValue(column('priorite'), n)).toBe(SCORE.format(n));
    }
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (n) => {
      expect(formatValue(column('priorite'), n)).toBe(SCORE.format(n));
    }), { numRuns: 3_000 });
  });

  it('write amounts and instants in French', () => {
    expect(formatValue(column('subvention'), 874_160)).toBe('8\u202f741,60\u00a0€');
    expect(formatValue(column('depose_le'), '2021-03-07T20:46:56.093Z')).toBe('07/03/2021 21:46');
    expect(formatValue(column('subvention'), null)).toBe('—');
  });
});
