// Shared helpers of the funding tests: the public vectors, a random dossier generator, and the check
// that the explanation's figures agree with the amounts.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { DossierSchool, ExplanationEntry, FundingAmounts, FundingRules } from '../../../src/domain/funding';

export interface Vector {
  name: string;
  input: { call: string; schools: DossierSchool[] };
  expected: {
    grantCents: number;
    equipment: { spendingCents: number; eligibleCents: number; grantCents: number };
    services: { spendingCents: number; eligibleCents: number; grantCents: number };
    blocking: string[];
    warnings: string[];
  };
}

export const vectorsPath = new URL('../../vectors/snee-2021-funding.json', import.meta.url);
export const vectors: Vector[] = JSON.parse(readFileSync(vectorsPath, 'utf8')).vectors;

/** Distinct finding codes of one severity, sorted, as the vectors list them. */
export function codes(findings: readonly { code: string; severity: string }[], severity: string): string[] {
  return [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.code))].sort();
}

const COMMUNES = ['35238', '35047', '29019', '2A004'];

/** Random schools around the thresholds (minimum, caps, tier bounds, commune maximum). */
export const schoolArb: fc.Arbitrary<DossierSchool> = fc.record(
  {
    commune: fc.constantFrom(...COMMUNES),
    classes: fc.integer({ min: 1, max: 350 }),
    pupils: fc.integer({ min: 1, max: 8_000 }),
    equipmentCents: fc.oneof(
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.integer({ min: 0, max: 150_000_000 }),
      fc.constantFrom(0, 349_999, 350_000, 350_001, 20_000_000),
    ),
    servicesCents: fc.oneof(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 30_000_000 }), fc.constant(0)),
  },
  { requiredKeys: ['classes', 'pupils', 'equipmentCents', 'servicesCents'] },
);

export const dossierArb = fc.array(schoolArb, { minLength: 1, maxLength: 8 });

function sum(entries: readonly ExplanationEntry[], rule: ExplanationEntry['rule']): number {
  return entries.filter((e) => e.rule === rule).reduce((s, e) => s + e.resultCents, 0);
}

/** Every figure of the explanation agrees with the compiled amounts. */
export function expectExplanationAgrees(rules: FundingRules, amounts: FundingAmounts, entries: readonly ExplanationEntry[]): void {
  // School by school: excluded (0) or eligible after the cap per class.
  amounts.schools.forEach((school, i) => {
    const steps = entries.filter((e) => (e.rule === 'school-minimum' || e.rule === 'equipment-class-cap') && e.inputs.schoolIndex === i);
    expect(steps).toHaveLength(1);
    expect(steps[0].rule).toBe(school.eligible ? 'equipment-class-cap' : 'school-minimum');
    expect(steps[0].resultCents).toBe(school.equipment.eligibleCents);
  });
  // Tier groups: bases add up to the eligible equipment, tier grants to the equipment grant.
  expect(sum(entries, 'equipment-base')).toBe(amounts.equipment.eligibleCents);
  expect(sum(entries, 'equipment-tiers')).toBe(amounts.equipment.grantCents);
  for (const tiers of entries.filter((e) => e.rule === 'equipment-tiers')) {
    const parts = Object.entries(tiers.inputs).filter(([k]) => /^tier\d+Cents$/.test(k));
    expect(parts.reduce((s, [, v]) => s + (v as number), 0)).toBe(tiers.inputs.baseCents);
    if (rules.equipmentTiers.scope === 'commune') {
      const commune = amounts.communes.find((c) => c.commune === tiers.inputs.commune)!;
      expect(tiers.resultCents).toBe(commune.grantCents);
      expect(tiers.inputs.baseCents).toBe(commune.baseCents);
    }
  }
  // Services.
  expect(sum(entries, 'services-pupil-cap')).toBe(amounts.services.eligibleCents);
  if (rules.servicesCapPerPupil.scope === 'school') {
    for (const e of entries.filter((x) => x.rule === 'services-pupil-cap')) {
      expect(e.resultCents).toBe(amounts.schools[e.inputs.schoolIndex as number].services.eligibleCents);
    }
  }
  expect(sum(entries, 'services-rate')).toBe(amounts.services.grantCents);
  // Total.
  const total = entries.filter((e) => e.rule === 'grant-total');
  expect(total).toHaveLength(1);
  expect(total[0].inputs.equipmentGrantCents).toBe(amounts.equipment.grantCents);
  expect(total[0].inputs.servicesGrantCents).toBe(amounts.services.grantCents);
  expect(total[0].resultCents).toBe(amounts.grantCents);
  expect((total[0].inputs.equipmentGrantCents as number) + (total[0].inputs.servicesGrantCents as number)).toBe(total[0].resultCents);
}

/** French formatting uses no-break spaces (U+202F, U+00A0); tests compare with plain spaces. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/[\u202f\u00a0]/g, ' '));
}
