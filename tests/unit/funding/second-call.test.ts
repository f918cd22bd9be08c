// A second call, with other parameters, computed by the same code: a new call is data, not code.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCallRegistry, type CallDefinition } from '../../../src/domain/calls';
import { snee2021 } from '../../../src/domain/calls/snee-2021';
import { compileFunding, explainFunding, simulate, type SimulationResult } from '../../../src/domain/funding';
import { euros, percent } from '../../../src/domain/money';
import { dossierArb, expectExplanationAgrees, plain } from './helpers';

/** 80 % up to 100,000 € then 40 %, 4,000 € per class, tiers per dossier, per-pupil cap per school. */
const other: CallDefinition = {
  id: 'autre-2025',
  title: 'Un autre appel (paramètres de test)',
  referentialVersion: 'snee-2021',
  periods: [{ opensAt: '2025-01-06T23:00:00.000Z', closesAt: '2025-02-28T22:59:59.000Z' }],
  envelope: { totalCents: euros(10_000_000), perAcademyCents: {} },
  funding: {
    amountBasis: 'HT',
    rounding: 'floor-cent',
    minimumEquipmentPerSchoolCents: euros(1_000),
    equipmentCapPerClassCents: euros(4_000),
    equipmentTiers: {
      scope: 'dossier',
      maximumBaseCents: euros(500_000),
      tiers: [
        { upToCents: euros(100_000), rate: percent(80) },
        { upToCents: null, rate: percent(40) },
      ],
    },
    servicesCapPerPupil: { cents: euros(15), scope: 'school' },
    servicesRate: percent(60),
    bothVoletsRequired: false,
  },
};
const calls = createCallRegistry([snee2021, other]);

function run(callId: string, schools: unknown[]): SimulationResult {
  const outcome = simulate({ call: callId, schools }, { calls });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return outcome.result;
}

const dossier = [
  // 10 classes: capped at 40,000 €; 200 pupils: services capped at 3,000 €.
  { uai: '0350001L', commune: '35238', classes: 10, pupils: 200, equipmentCents: 5_000_000, servicesCents: 400_000 },
  { uai: '0350002M', commune: '35047', classes: 30, pupils: 600, equipmentCents: 10_000_000, servicesCents: 500_000 },
  // 900 € of equipment: below the minimum of 1,000 €.
  { uai: '0350003N', commune: '35047', classes: 2, pupils: 30, equipmentCents: 90_000, servicesCents: 10_000 },
];

describe('a second call with other parameters', () => {
  it('applies its own caps, tiers per dossier and per-pupil cap per school', () => {
    const r = run('autre-2025', dossier);
    expect(r.amountBasis).toBe('HT');
    // base = 40,000 + 100,000 = 140,000 €; 80 % × 100,000 + 40 % × 40,000 = 96,000 €
    expect(r.equipment).toEqual({ spendingCents: 15_090_000, eligibleCents: 14_000_000, grantCents: 9_600_000 });
    // 3,000 € (capped) + 5,000 €; 60 % = 4,800 €
    expect(r.services).toEqual({ spendingCents: 910_000, eligibleCents: 800_000, grantCents: 480_000 });
    expect(r.grantCents).toBe(10_080_000);
    expect(r.schools.map((s) => s.services.eligibleCents)).toEqual([300_000, 500_000, 0]);
    expect(r.communes.map((c) => [c.commune, c.eligibleCents, c.baseCents, c.grantCents])).toEqual([
      ['35238', 4_000_000, null, null],
      ['35047', 10_000_000, null, null],
    ]);
    expect(r.findings.map((f) => [f.code, f.uai])).toEqual([
      ['EQUIPMENT_ABOVE_CLASS_CAP', '0350001L'],
      ['SERVICES_ABOVE_PUPIL_CAP', '0350001L'],
      ['SCHOOL_BELOW_MINIMUM', '0350003N'],
    ]);
    expect(plain(r.findings[1].message)).toBe(
      "Les services de l'école 0350001L (4 000,00 €) dépassent le plafond de 15,00 € par élève × 200 élèves = 3 000,00 € : seuls 3 000,00 € sont subventionnables.",
    );
  });

  it('gives another amount under snee-2021 for the same dossier', () => {
    // per commune: 70 % × 35,000 + 70 % × 100,000 = 94,500 €; services 50 % × 9,000 = 4,500 €
    expect(run('snee-2021', dossier).grantCents).toBe(9_450_000 + 450_000);
  });

  it('caps the base of the whole dossier, with a finding on the dossier', () => {
    const r = run('autre-2025', [{ classes: 200, pupils: 4_000, equipmentCents: 70_000_000, servicesCents: 0 }]);
    expect(r.equipment).toEqual({ spendingCents: 70_000_000, eligibleCents: 50_000_000, grantCents: 24_000_000 });
    expect(plain(r.findings)).toEqual([
      {
        code: 'COMMUNE_ABOVE_TIER_TOP',
        severity: 'warning',
        message: "Les dépenses d'équipement retenues du dossier (700 000,00 €) dépassent le maximum de 500 000,00 € : seuls 500 000,00 € sont subventionnables.",
      },
    ]);
  });

  it('floors once per dossier, not once per commune', () => {
    const r = run('autre-2025', [
      { commune: '35238', classes: 1, pupils: 20, equipmentCents: 350_001, servicesCents: 1 },
      { commune: '35047', classes: 1, pupils: 20, equipmentCents: 350_001, servicesCents: 0 },
    ]);
    expect(r.equipment.grantCents).toBe(560_001); // floor(80 % × 700,002) — per commune it would be 560,000
    expect(r.services.grantCents).toBe(0); // floor(60 % × 1)
    expect(r.schools.map((s) => s.equipment.grantCents)).toEqual([280_001, 280_000]);
  });

  it('does not require both volets when the call does not', () => {
    const r = run('autre-2025', [{ classes: 2, pupils: 40, equipmentCents: 0, servicesCents: 0 }]);
    expect(r.findings.map((f) => f.code)).toEqual(['SCHOOL_BELOW_MINIMUM']);
  });

  it('explains its amounts with its own figures', () => {
    const r = run('autre-2025', dossier);
    const texts = plain(r.explanation.map((e) => e.text));
    expect(texts).toContain(
      "Subvention d'équipement pour le dossier : 80 % × 100 000,00 € + 40 % × 40 000,00 € = 96 000,00 €.",
    );
    expect(texts).toContain(
      "L'école 0350003N : 900,00 € d'équipement, moins que le minimum de 1 000,00 € par école ; elle est exclue des deux volets et ses dépenses ne comptent pas.",
    );
  });

  it('keeps the explanation in agreement with the amounts on random dossiers', () => {
    const compute = compileFunding(other.funding);
    fc.assert(
      fc.property(dossierArb, (schools) => {
        expectExplanationAgrees(other.funding, compute(schools), explainFunding(other.funding, schools));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses rules that do not make sense', () => {
    const broken = { ...other.funding, equipmentTiers: { ...other.funding.equipmentTiers, tiers: [{ upToCents: euros(1), rate: percent(120) }] } };
    expect(() => compileFunding(broken)).toThrow(/tiers\[0\]\.rate.*only the last tier is unbounded/);
  });
});
