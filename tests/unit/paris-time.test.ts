// Paris time written without Intl on the hot path must be exactly what Intl writes, in every style,
// across changes of offset (the last Sunday of March and of October, at 01:00 UTC).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatParis, type ParisStyle } from '../../src/domain/paris-time';
import { COLUMNS, formatValue } from '../../src/data/review';

const STYLES: Record<ParisStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'long' },
  dateTime: { dateStyle: 'long', timeStyle: 'short' },
  instant: { dateStyle: 'long', timeStyle: 'medium' },
  day: { day: '2-digit', month: '2-digit', year: 'numeric' },
  short: { dateStyle: 'short', timeStyle: 'short' },
  shortSeconds: { dateStyle: 'short', timeStyle: 'medium' },
  time: { hour: '2-digit', minute: '2-digit' },
};
const INTL = Object.entries(STYLES).map(([style, o]) => [style as ParisStyle, new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...o })] as const);
const agreesWithIntl = (t: number) => {
  for (const [style, intl] of INTL) expect(formatParis(new Date(t).toISOString(), style), `${style} ${new Date(t).toISOString()}`).toBe(intl.format(t));
};

describe('formatParis', () => {
  it('writes each style of the platform, Paris time', () => {
    const t = '2021-04-01T07:05:09.999Z';
    expect(Object.fromEntries(Object.keys(STYLES).map((s) => [s, formatParis(t, s as ParisStyle)]))).toEqual({
      date: '1 avril 2021', dateTime: '1 avril 2021 à 09:05', instant: '1 avril 2021 à 09:05:09', day: '01/04/2021',
      short: '01/04/2021 09:05', shortSeconds: '01/04/2021 09:05:09', time: '09:05',
    });
    expect(formatParis(new Date('2021-12-31T23:30:00Z'), 'date')).toBe('1 janvier 2022');
  });

  it('agrees with Intl around every change of offset from 2000 to 2040', () => {
    for (let year = 2000; year <= 2040; year++) {
      for (const month of [2, 9]) { // March, October
        const lastDay = new Date(Date.UTC(year, month + 1, 0));
        const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
        const change = Date.UTC(year, month, sunday, 1);
        for (const delta of [-3_600_001, -3_600_000, -60_000, -1, 0, 1, 59_999, 60_000, 3_599_999, 3_600_000, 7_200_000]) agreesWithIntl(change + delta);
      }
    }
  });

  it('agrees with Intl on any instant from 1900 to 2200', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), agreesWithIntl), { numRuns: 3_000 });
  });

  it('gives back what it cannot read', () => {
    expect(formatParis('pas une date', 'short')).toBe('pas une date');
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
