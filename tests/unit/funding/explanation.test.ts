// The explanation (« Pourquoi ce montant ? ») is computed from the rules on demand; its figures agree
// with the compiled amounts on every vector and on random dossiers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snee2021 } from '../../../src/domain/calls/snee-2021';
import { compileFunding, explainFunding, explanationText, simulate } from '../../../src/domain/funding';
import { dossierArb, expectExplanationAgrees, plain, vectors } from './helpers';

const rules = snee2021.funding;
const compute = compileFunding(rules);

describe('the explanation', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('agrees with the amounts: %s', (_name, v) => {
    expectExplanationAgrees(rules, compute(v.input.schools), explainFunding(rules, v.input.schools));
  });

  it('agrees with the amounts on random dossiers', () => {
    fc.assert(
      fc.property(dossierArb, (schools) => expectExplanationAgrees(rules, compute(schools), explainFunding(rules, schools))),
      { numRuns: 500 },
    );
  });

  it('says in French which school was excluded, which caps and tiers applied, with the rounding', () => {
    const outcome = simulate({
      call: 'snee-2021',
      schools: [
        { uai: '0560480T', commune: '56240', classes: 3, pupils: 70, equipmentCents: 349_999, servicesCents: 40_000 },
        { uai: '0560484X', commune: '56240', classes: 4, pupils: 96, equipmentCents: 1_200_001, servicesCents: 100_001 },
        { classes: 150, pupils: 3_600, equipmentCents: 80_000_000, servicesCents: 0 },
        { uai: '0830653J', classes: 150, pupils: 3_500, equipmentCents: 70_000_000, servicesCents: 14_000_000 },
      ],
    });
    if (!outcome.ok) throw new Error(outcome.error.error);
    const text = plain(explanationText(outcome.result.explanation));
    expect(text.split('\n')).toEqual([
      'Pourquoi ce montant ?',
      '',
      'Équipement (volet 1)',
      "- L'école 0560480T : 3 499,99 € d'équipement, moins que le minimum de 3 500,00 € par école ; elle est exclue des deux volets et ses dépenses ne comptent pas.",
      "- L'école 0560484X : 12 000,01 € d'équipement, plafond de 4 classes × 3 500,00 € = 14 000,00 € respecté ; 12 000,01 € retenus.",
      "- L'école n° 3 : 800 000,00 € d'équipement, plafond de 150 classes × 3 500,00 € = 525 000,00 € dépassé ; 525 000,00 € retenus.",
      "- L'école 0830653J : 700 000,00 € d'équipement, plafond de 150 classes × 3 500,00 € = 525 000,00 € dépassé ; 525 000,00 € retenus.",
      "- La commune 56240 : 12 000,01 € d'équipement retenus pour 1 école (maximum 1 000 000,00 € non atteint).",
      "- Subvention d'équipement pour la commune 56240 : 70 % × 12 000,01 € = 8 400,00 € (arrondi au centime inférieur).",
      "- Les écoles sans commune : 1 050 000,00 € d'équipement retenus pour 2 écoles, ramenés au maximum de 1 000 000,00 €.",
      "- Subvention d'équipement pour les écoles sans commune : 70 % × 200 000,00 € + 50 % × 800 000,00 € = 540 000,00 €.",
      '',
      'Services et ressources numériques (volet 2)',
      '- Services des écoles retenues (hors 1 école exclue) : 141 000,01 €, plafond de 7 196 élèves × 20,00 € = 143 920,00 € respecté ; 141 000,01 € retenus.',
      '- Subvention des services : 50 % × 141 000,01 € = 70 500,00 € (arrondi au centime inférieur).',
      '',
      'Total',
      '- Subvention totale : 548 400,00 € (équipement) + 70 500,00 € (services et ressources) = 618 900,00 €.',
    ]);
    expect(outcome.result.grantCents).toBe(61_890_000);
  });

  it('returns each step as data: rule, label, inputs and result', () => {
    const [entry] = explainFunding(rules, [{ uai: '0170382Y', classes: 1, pupils: 25, equipmentCents: 350_000, servicesCents: 50_000 }]);
    expect(plain(entry)).toEqual({
      rule: 'equipment-class-cap',
      label: 'Plafond par classe',
      inputs: { school: '0170382Y', schoolIndex: 0, spendingCents: 350_000, classes: 1, capPerClassCents: 350_000, capCents: 350_000 },
      resultCents: 350_000,
      text: "L'école 0170382Y : 3 500,00 € d'équipement, plafond de 1 classe × 3 500,00 € = 3 500,00 € respecté ; 3 500,00 € retenus.",
    });
  });
});
