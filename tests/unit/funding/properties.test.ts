// Properties of the funding rules of snee-2021, on random dossiers (fast-check).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snee2021 } from '../../../src/domain/calls/snee-2021';
import { compileFunding, type DossierSchool, type FundingAmounts } from '../../../src/domain/funding';
import { dossierArb, schoolArb } from './helpers';

const compute = compileFunding(snee2021.funding);
const runs = { numRuns: 500 };

function allAmounts(a: FundingAmounts): number[] {
  const volets = [a.equipment, a.services, ...a.schools.flatMap((s) => [s.equipment, s.services])];
  return [
    a.grantCents,
    ...volets.flatMap((v) => [v.spendingCents, v.eligibleCents, v.grantCents]),
    ...a.communes.flatMap((c) => [c.eligibleCents, c.baseCents ?? 0, c.grantCents ?? 0]),
  ];
}

describe('funding properties (snee-2021)', () => {
  it('never gives a negative or non-integer amount', () => {
    fc.assert(
      fc.property(dossierArb, (schools) => {
        for (const x of allAmounts(compute(schools))) expect(Number.isSafeInteger(x) && x >= 0).toBe(true);
      }),
      runs,
    );
  });

  it('grants at most 70 % of eligible equipment + 50 % of eligible services', () => {
    fc.assert(
      fc.property(dossierArb, (schools) => {
        const a = compute(schools);
        expect(10 * a.equipment.grantCents).toBeLessThanOrEqual(7 * a.equipment.eligibleCents);
        expect(2 * a.services.grantCents).toBeLessThanOrEqual(a.services.eligibleCents);
        expect(10 * a.grantCents).toBeLessThanOrEqual(7 * a.equipment.eligibleCents + 5 * a.services.eligibleCents);
        expect(a.grantCents).toBe(a.equipment.grantCents + a.services.grantCents);
      }),
      runs,
    );
  });

  it('gives at most 540,000 € of volet 1 per commune', () => {
    fc.assert(
      fc.property(dossierArb, (schools) => {
        for (const c of compute(schools).communes) expect(c.grantCents!).toBeLessThanOrEqual(54_000_000);
      }),
      runs,
    );
  });

  it('gives at most 10 € of volet 2 per retained pupil', () => {
    fc.assert(
      fc.property(dossierArb, (schools) => {
        const a = compute(schools);
        const pupils = a.schools.filter((s) => s.eligible).reduce((n, s) => n + s.pupils, 0);
        expect(a.services.grantCents).toBeLessThanOrEqual(1_000 * pupils);
      }),
      runs,
    );
  });

  it('never lowers the grant when spending is added', () => {
    fc.assert(
      fc.property(dossierArb, fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 50_000_000 }), (schools, pick, volet, extra) => {
        const i = pick % schools.length;
        const more = schools.map((s, k) =>
          k !== i ? s : volet ? { ...s, equipmentCents: s.equipmentCents + extra } : { ...s, servicesCents: s.servicesCents + extra },
        );
        expect(compute(more).grantCents).toBeGreaterThanOrEqual(compute(schools).grantCents);
      }),
      runs,
    );
  });

  it('never counts a school below the minimum', () => {
    const below: fc.Arbitrary<DossierSchool> = schoolArb.chain((s) =>
      fc.integer({ min: 0, max: 349_999 }).map((equipmentCents) => ({ ...s, equipmentCents })),
    );
    fc.assert(
      fc.property(dossierArb, below, fc.nat(), (schools, excluded, at) => {
        const position = at % (schools.length + 1);
        const withIt = [...schools.slice(0, position), excluded, ...schools.slice(position)];
        const a = compute(withIt);
        const b = compute(schools);
        expect(a.grantCents).toBe(b.grantCents);
        expect(a.equipment.eligibleCents).toBe(b.equipment.eligibleCents);
        expect(a.services.eligibleCents).toBe(b.services.eligibleCents);
        expect(a.schools[position].eligible).toBe(false);
        expect(a.schools[position].equipment.grantCents + a.schools[position].services.grantCents).toBe(0);
        expect(a.findings).toContainEqual({ code: 'SCHOOL_BELOW_MINIMUM', school: position });
      }),
      runs,
    );
  });

  it("shares each grant between schools exactly (per-school shares add up to the volet's grant)", () => {
    fc.assert(
      fc.property(dossierArb, (schools) => {
        const a = compute(schools);
        expect(a.schools.reduce((n, s) => n + s.equipment.grantCents, 0)).toBe(a.equipment.grantCents);
        expect(a.schools.reduce((n, s) => n + s.services.grantCents, 0)).toBe(a.services.grantCents);
        for (const c of a.communes) {
          const share = a.schools.filter((s) => (s.commune ?? null) === c.commune).reduce((n, s) => n + s.equipment.grantCents, 0);
          expect(share).toBe(c.grantCents);
        }
      }),
      runs,
    );
  });

  it('agrees with a plain reading of DOMAIN.md §2 on random dossiers', () => {
    fc.assert(
      fc.property(dossierArb, (schools) => {
        // §2 written out directly, in BigInt.
        const retained = schools.filter((s) => s.equipmentCents >= 350_000);
        const byCommune = new Map<string, bigint>();
        for (const s of retained) {
          const key = s.commune ?? '';
          byCommune.set(key, (byCommune.get(key) ?? 0n) + BigInt(Math.min(s.equipmentCents, 350_000 * s.classes)));
        }
        let grantE = 0n;
        for (const sum of byCommune.values()) {
          const base = sum < 100_000_000n ? sum : 100_000_000n;
          const low = base < 20_000_000n ? base : 20_000_000n;
          grantE += (70n * low + 50n * (base - low)) / 100n;
        }
        const s = retained.reduce((n, x) => n + BigInt(x.servicesCents), 0n);
        const cap = 2_000n * retained.reduce((n, x) => n + BigInt(x.pupils), 0n);
        const grantS = (s < cap ? s : cap) / 2n;
        expect(compute(schools).grantCents).toBe(Number(grantE + grantS));
      }),
      runs,
    );
  });
});
